"""Model fields of the register that store a typed value in one canonical form (so equal values compare equal)."""

from django import forms
from django.db import models

from .validators import normalize_corporate_number, normalize_phone, validate_corporate_number, validate_phone


class NormalizedCharFormField(forms.CharField):
    """A CharField whose value is normalised before its validators run."""

    def __init__(self, *, normalize, **kwargs):
        self.normalize = normalize
        super().__init__(**kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        return self.normalize(value) if value else value


class _NormalizedCharField(models.CharField):
    normalize = staticmethod(lambda value: value)
    typed_max_length = 30  # room in the form for what people type: full-width forms, spaces, hyphens

    def to_python(self, value):
        value = super().to_python(value)
        return self.normalize(value) if value else value

    def pre_save(self, model_instance, add):
        # Every save stores the canonical form, also from code that assigns a typed value without a form.
        value = self.normalize(getattr(model_instance, self.attname) or "")
        setattr(model_instance, self.attname, value)
        return value

    def formfield(self, **kwargs):
        defaults = {"form_class": NormalizedCharFormField, "normalize": self.normalize, "max_length": None}
        field = super().formfield(**{**defaults, **kwargs})
        if field is not None:
            field.widget.attrs["maxlength"] = str(self.typed_max_length)
        return field


class CorporateNumberField(_NormalizedCharField):
    """法人番号: stored as 13 half-width digits whatever width, spaces or hyphens were typed."""

    normalize = staticmethod(normalize_corporate_number)
    default_validators = [validate_corporate_number]


class PhoneNumberField(_NormalizedCharField):
    """A Japanese phone number, stored in half-width with hyphens."""

    normalize = staticmethod(normalize_phone)
    default_validators = [validate_phone]
