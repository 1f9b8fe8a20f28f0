from django import forms
from django.utils.translation import gettext_lazy as _

from civic_portal.core.forms import Form

from .models import Stage


class YearResultForm(Form):
    actual_stage = forms.ChoiceField(
        label=_("実績の段階"), choices=[("", _("（選択してください）")), *Stage.choices], required=False
    )
    progress_note = forms.CharField(label=_("進捗状況"), widget=forms.Textarea, required=False, max_length=4000)
    evidence = forms.CharField(
        label=_("根拠資料"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
        help_text=_("資料名や公開先 URL など"),
    )


class TransitionForm(Form):
    to_status = forms.CharField(widget=forms.HiddenInput)
    note = forms.CharField(label=_("メモ"), required=False, max_length=1000)
