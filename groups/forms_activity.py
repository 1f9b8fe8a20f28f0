"""Forms for activity records, their confirmation and point donations: input shape only."""

from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from civic_portal.core.forms import Form

from .models.activity import MAX_HOURS, MIN_HOURS
from .models.volunteers import VolunteerApplication


class ApplicationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: VolunteerApplication) -> str:
        return f"{obj.need.group.name}：{obj.need.title}"


class ActivityRecordForm(Form):
    date = forms.DateField(
        label=_("活動日"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("活動日は 2026-04-01 の形で入力してください。")},
    )
    hours = forms.DecimalField(
        label=_("活動時間（時間）"),
        min_value=MIN_HOURS,
        max_value=MAX_HOURS,
        step_size=MIN_HOURS,
        decimal_places=2,
        help_text=_("0.25時間（15分）単位で、0.25から24まで。例：2時間30分なら 2.5"),
        error_messages={
            "invalid": _("活動時間は数字で入力してください（例：2.5）。"),
            "min_value": _("活動時間は0.25時間以上にしてください。"),
            "max_value": _("活動時間は24時間以下にしてください。"),
            "step_size": _("活動時間は0.25時間（15分）単位で入力してください。"),
            "max_decimal_places": _("活動時間は0.25時間（15分）単位で入力してください。"),
        },
    )
    description = forms.CharField(
        label=_("活動の内容"), max_length=500, widget=forms.Textarea(attrs={"rows": 3}), help_text=_("500文字以内")
    )


class VolunteerActivityRecordForm(ActivityRecordForm):
    """The volunteer's own record: which match it belongs to comes first."""

    field_order = ("application", "date", "hours", "description")
    application = ApplicationChoiceField(
        label=_("活動した募集"),
        queryset=VolunteerApplication.objects.none(),
        empty_label=_("選んでください"),
        error_messages={"invalid_choice": _("受入が決定した募集から選んでください。")},
    )

    def __init__(self, *args, applications=None, **kwargs):
        super().__init__(*args, **kwargs)
        if applications is not None:
            cast(forms.ModelChoiceField, self.fields["application"]).queryset = applications


class RejectForm(Form):
    note = forms.CharField(
        label=_("確認できない理由"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("確認できない理由を入力してください。")},
    )


class DonationForm(Form):
    registration_number = forms.CharField(
        label=_("寄付先の団体の登録番号"),
        max_length=20,
        help_text=_("団体のページに載っている登録番号（例：2026-0001）"),
    )
    points = forms.IntegerField(
        label=_("寄付するポイント"),
        min_value=1,
        error_messages={
            "invalid": _("ポイントは整数で入力してください。"),
            "min_value": _("1ポイント以上にしてください。"),
        },
    )


class GroupTalentForm(Form):
    topics = forms.CharField(
        label=_("団体として講師・指導できること"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("講座のテーマ、出前授業、指導できる活動など（2000文字以内）。空欄にして保存すると掲載をやめます。"),
    )
