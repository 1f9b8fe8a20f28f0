"""Form base classes for the site: Japanese labels read better without Django's trailing colon."""

from django import forms


class LabelMixin:
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class Form(LabelMixin, forms.Form):
    pass


class ModelForm(LabelMixin, forms.ModelForm):
    pass


def apply_service_errors(form, error) -> None:
    """Show a service's ValidationError on a form: on the field when the form has it, else at the top."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)
