"""The lecture request form: who asks, up to three preferred dates, place and audience size."""

from django import forms
from django.utils.translation import gettext_lazy as _

from civic_portal.core.forms import Form

from .models import RequesterKind
from .models.lectures import AUDIENCE_MAX
from .services.lectures import preferred_dates_problem

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class LectureRequestForm(Form):
    requester_kind = forms.ChoiceField(label=_("申込者の区分"), choices=RequesterKind.choices, widget=forms.RadioSelect)
    organisation = forms.CharField(
        label=_("団体・学校・自治会の名前"),
        max_length=200,
        required=False,
        help_text=_("市民の方は空のままで結構です。"),
    )
    contact_name = forms.CharField(label=_("担当者の名前"), max_length=100)
    contact_email = forms.EmailField(label=_("メールアドレス"))
    contact_phone = forms.CharField(label=_("電話番号"), max_length=30, required=False)
    preferred_date_1 = forms.DateField(label=_("第1希望日"), widget=DATE_WIDGET)
    preferred_date_2 = forms.DateField(label=_("第2希望日"), widget=DATE_WIDGET, required=False)
    preferred_date_3 = forms.DateField(label=_("第3希望日"), widget=DATE_WIDGET, required=False)
    place = forms.CharField(label=_("会場"), max_length=200, help_text=_("例: ○○小学校 体育館"))
    audience_size = forms.IntegerField(
        label=_("参加予定人数"),
        min_value=1,
        max_value=AUDIENCE_MAX,
        error_messages={
            "min_value": _("参加予定人数は1人以上にしてください。"),
            "max_value": _("参加予定人数は1000人以下にしてください。"),
        },
    )
    notes = forms.CharField(label=_("連絡事項"), widget=forms.Textarea(attrs={"rows": 4}), required=False)

    DATE_FIELDS = ("preferred_date_1", "preferred_date_2", "preferred_date_3")

    def clean(self):
        super().clean()
        data = self.cleaned_data
        dates = [data[name] for name in self.DATE_FIELDS if data.get(name)]
        if dates and not self.has_error("preferred_date_1") and (problem := preferred_dates_problem(dates)):
            self.add_error("preferred_date_1", problem)
        if data.get("requester_kind") not in (None, RequesterKind.CITIZEN) and not data.get("organisation", "").strip():
            self.add_error("organisation", _("団体・学校・自治会の名前を入れてください。"))
        data["preferred_dates"] = dates
        return data
