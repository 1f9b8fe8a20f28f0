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
