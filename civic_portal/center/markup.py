"""Staff write Markdown; visitors get sanitised HTML. Raw HTML in the source is shown as text, never interpreted.

Python-Markdown has no safe mode since 3.0: its raw-HTML block and inline processors are removed instead, and nh3
(ammonia) then keeps only the tags below, whatever Markdown produced. Headings are renumbered, since the
page's own title is the h1: the body's top heading level becomes h2, the others follow it.
"""

import re

import markdown
import nh3
from django.utils.html import strip_tags
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator

ALLOWED_TAGS = {
    "p", "br", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "strong", "em", "a", "blockquote", "code", "pre",
    "hr", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"align"}, "td": {"align"}}
URL_SCHEMES = {"http", "https", "mailto", "tel"}
LINK_REL = "noopener noreferrer"
_HEADING = re.compile(r"<(/?)h([1-6])>")


def _markdown() -> markdown.Markdown:
    md = markdown.Markdown(extensions=["sane_lists", "nl2br", "tables"], output_format="html")
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    return md


def render_markdown(text: str) -> SafeString:
    """The Markdown source as HTML that holds only ALLOWED_TAGS; links get rel="noopener noreferrer"."""
    html = _markdown().convert(text or "")
    levels = [int(level) for _slash, level in _HEADING.findall(html)]
    if levels:
        shift = 2 - min(levels)
        html = _HEADING.sub(lambda m: f"<{m[1]}h{min(6, int(m[2]) + shift)}>", html)
    cleaned = nh3.clean(
        html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, url_schemes=URL_SCHEMES, link_rel=LINK_REL
    )
    return mark_safe(cleaned)  # noqa: S308 - nh3 has just reduced it to the allowed tags


def plain_summary(text: str, length: int = 120) -> str:
    """The first characters of the Markdown source as plain text (for lists and feeds)."""
    plain = " ".join(strip_tags(render_markdown(text)).split())
    return Truncator(plain).chars(length)
