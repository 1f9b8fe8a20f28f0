"""Input shapes of the center's public pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import NewsCategory


class NewsFilterForm(forms.Form):
    category = forms.ChoiceField(label=_("分類"), required=False, choices=[("", _("すべて")), *NewsCategory.choices])
