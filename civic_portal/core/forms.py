"""Form base classes for the site (Japanese labels read better without Django's trailing colon), and the step that
hands a valid form to its service."""

from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest


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


def form_saved(request: HttpRequest, form: forms.BaseForm, action: Callable[[], object], *, message: str) -> bool:
    """True once a POSTed, valid form's service `action` succeeded (and `message` is queued for the next page);
    False while the form is to be shown again, with the service's errors on it when it refused."""
    if request.method != "POST" or not form.is_valid():
        return False
    try:
        action()
    except ValidationError as error:
        apply_service_errors(form, error)
        return False
    messages.success(request, message)
    return True
