"""The withdrawal confirmation form (取下げ): the reason is required."""

from django import forms
from django.utils.translation import gettext_lazy as _

from civic_portal.core.forms import Form


class WithdrawForm(Form):
    note = forms.CharField(
        label=_("取り下げの理由"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("センターに届き、団体の履歴に残ります（1000文字以内）。"),
        error_messages={"required": _("取り下げの理由を入力してください。")},
    )
