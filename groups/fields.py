"""Form fields of the filter forms."""

from django import forms
from django.core.exceptions import ValidationError


class ListedModelChoiceField(forms.ModelChoiceField):
    """A model choice whose choices are read once per form: the value is looked up in the list the select shows
    (kept on this form's own queryset) instead of a query of its own. For the short lists of the filter forms."""

    def to_python(self, value):
        queryset = self.queryset
        if value in self.empty_values or queryset is None:
            return super().to_python(value)
        key = self.to_field_name or "pk"
        model = queryset.model
        if isinstance(value, model):
            value = getattr(value, key)
        try:
            wanted = (model._meta.pk if key == "pk" else model._meta.get_field(key)).to_python(value)
        except ValidationError:
            wanted = None
        for obj in queryset:  # the first time reads the list; the select's options reuse it
            if wanted is not None and getattr(obj, key) == wanted:
                return obj
        raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice", params={"value": value})
