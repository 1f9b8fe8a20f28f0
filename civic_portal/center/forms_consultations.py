"""Booking a consultation slot: what to talk about, for which of one's groups."""

from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from civic_portal.core.forms import Form
from groups.models import Group

from .models import Topic


class SlotBookingForm(Form):
    topics = forms.MultipleChoiceField(
        label=_("相談したいこと"),
        choices=Topic.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("相談したいことを一つ以上選んでください。")},
    )
    group: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("団体として相談する"),
        queryset=Group.objects.none(),
        required=False,
        empty_label=_("（個人として相談する）"),
    )
    note = forms.CharField(
        label=_("相談の内容（任意）"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("事前に知らせておきたいことがあれば書いてください。"),
    )

    def __init__(self, *args, groups, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["group"]).queryset = groups
        if not groups:
            del self.fields["group"]
