"""Form widgets with Django's own markup, made in Python."""

from django import forms
from django.forms.models import ModelChoiceIterator
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe


def listed_choices(choices):
    """A model choice field's choices read in one plain query; other choices as they are.

    Django's ModelChoiceIterator reads its queryset with .iterator(), which on PostgreSQL is a server-side cursor:
    declared, fetched and closed, three round trips for a list of twenty names.
    """
    if isinstance(choices, ModelChoiceIterator):
        empty = [("", choices.field.empty_label)] if choices.field.empty_label is not None else []
        return empty + [choices.choice(obj) for obj in choices.queryset]
    return choices


def _attrs(attrs: dict) -> SafeString:
    """As django/forms/widgets/attrs.html: ` name="value"`, a bare ` name` for True, nothing for False."""
    return format_html_join(
        "", " {}{}", ((name, "" if value is True else format_html('="{}"', value)) for name, value in attrs.items()
                     if value is not False)
    )  # fmt: skip


class CheckboxList(forms.CheckboxSelectMultiple):
    """CheckboxSelectMultiple rendering the markup of Django's templates (multiple_input, input_option, input,
    attrs) in one pass: through the template engine each option took three templates, and the edit forms' lists
    of fields, districts and days cost more than the rest of their page."""

    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        self.choices = listed_choices(self.choices)
        widget = self.get_context(name, value, attrs)["widget"]
        outer = widget["attrs"]
        parts = [format_html("<div{}{}>", _attr("id", outer.get("id")), _attr("class", outer.get("class")))]
        for group, options, _index in widget["optgroups"]:
            if group:
                parts.append(format_html("\n  <div><label>{}</label>", group))
            for option in options:
                parts.append(mark_safe("<div>\n    "))
                parts.append(_option(option))
                parts.append(mark_safe("</div>"))
            if group:
                parts.append(mark_safe("\n  </div>"))
        parts.append(mark_safe("\n</div>"))
        return mark_safe("".join(parts))  # noqa: S308 - every part above is escaped by format_html or a literal


class SelectList(forms.Select):
    """Select rendering the markup of Django's templates (select, select_option, attrs) in one pass: through the
    template engine each option took two templates, and the filter forms' lists of fields and districts cost more
    than the rest of their page."""

    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        self.choices = listed_choices(self.choices)
        widget = self.get_context(name, value, attrs)["widget"]
        parts = [format_html('<select name="{}"{}>', widget["name"], _attrs(widget["attrs"]))]
        for group, options, _index in widget["optgroups"]:
            if group:
                parts.append(format_html('\n  <optgroup label="{}">', group))
            for option in options:
                label = option["label"]
                parts.append(
                    format_html(
                        '\n  <option value="{}"{}>{}</option>\n', option["value"], _attrs(option["attrs"]), label
                    )
                )
            if group:
                parts.append(mark_safe("\n  </optgroup>"))
        parts.append(mark_safe("\n</select>"))
        return mark_safe("".join(parts))  # noqa: S308 - every part above is escaped by format_html or a literal


def _attr(name: str, value) -> SafeString:
    return format_html(' {}="{}"', name, value) if value else mark_safe("")


def _option(option: dict) -> SafeString:
    """checkbox_option.html, to the newlines its three template files end with."""
    value = "" if option["value"] is None else format_html(' value="{}"', option["value"])
    field = format_html(
        '<input type="{}" name="{}"{}{}>\n', option["type"], option["name"], value, _attrs(option["attrs"])
    )
    if not option["wrap_label"]:
        return format_html("{}\n\n", field)
    label_for = _attr("for", option["attrs"].get("id"))
    return format_html("<label{}>{} {}</label>\n\n", label_for, field, conditional_escape(option["label"]))
