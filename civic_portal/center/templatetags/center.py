from django import template

from ..markup import plain_summary, render_markdown

register = template.Library()


@register.filter
def markdown(text: str):
    """Markdown source as sanitised HTML (civic_portal.center.markup)."""
    return render_markdown(text)


@register.filter
def summary(entry) -> str:
    """An entry's summary, or the start of its body as plain text."""
    return entry.summary or plain_summary(entry.body)
