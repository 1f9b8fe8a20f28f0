"""Forms for volunteer profiles, needs, applications and decisions: input shape only."""

import datetime as dt
import unicodedata
from typing import cast

from django import forms
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from civic_portal.core.forms import Form, ModelForm
from civic_portal.core.models import Area

from .fields import ListedModelChoiceField
from .models import ActivityField
from .models.volunteers import (
    AVAILABILITY_CHOICES,
    AVAILABILITY_DAYS,
    AVAILABILITY_TIMES,
    TAG_MAX_COUNT,
    TAG_MAX_LENGTH,
    NeedStatus,
    VolunteerNeed,
    VolunteerProfile,
    normalize_tags,
)
from .widgets import CheckboxList, SelectList

DAY_CHOICES = [("", _("指定なし")), *AVAILABILITY_DAYS]


def _tags_help_text() -> str:
    return gettext("「、」またはカンマで区切って入力してください（1つ%(length)d文字以内、%(count)d個まで）。") % {
        "length": TAG_MAX_LENGTH,
        "count": TAG_MAX_COUNT,
    }


# Formatted when shown, in the reader's language (the fields are built once, at import, in the default language).
TAGS_HELP_TEXT = lazy(_tags_help_text, str)()


def slot_grid(bound_field) -> dict:
    """Column heads and rows (one per weekday) of checkbox cells for a weekday × time-of-day field, keeping what
    was ticked."""
    selected = set(bound_field.value() or [])
    labels = dict(AVAILABILITY_CHOICES)
    rows = []
    for day, day_label in AVAILABILITY_DAYS:
        cells = []
        for time, _time_label in AVAILABILITY_TIMES:
            code = f"{day}-{time}"
            cells.append(
                {
                    "code": code,
                    "id": f"{bound_field.auto_id}_{code}",
                    "label": labels[code],
                    "checked": code in selected,
                }
            )
        rows.append({"label": day_label, "cells": cells})
    return {"times": [label for _code, label in AVAILABILITY_TIMES], "rows": rows}


class TagsField(forms.CharField):
    """Comma- or 読点-separated short tags, normalised (NFKC, trimmed, lower-case, no duplicates)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 1000)
        kwargs.setdefault("help_text", TAGS_HELP_TEXT)
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return "、".join(value)
        return value

    def clean(self, value):
        tags = normalize_tags(super().clean(value) or "")
        too_long = [tag for tag in tags if len(tag) > TAG_MAX_LENGTH]
        if too_long:
            raise forms.ValidationError(
                _("「%(tag)s」が長すぎます。1つ%(length)d文字以内にしてください。")
                % {"tag": too_long[0], "length": TAG_MAX_LENGTH}
            )
        if len(tags) > TAG_MAX_COUNT:
            raise forms.ValidationError(_("%(count)d個までにしてください。") % {"count": TAG_MAX_COUNT})
        return tags


class SlotsField(forms.MultipleChoiceField):
    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(choices=AVAILABILITY_CHOICES, widget=CheckboxList, **kwargs)


class VolunteerProfileForm(ModelForm):
    skills = TagsField(label=_("特技・スキル"))
    availability = SlotsField(label=_("活動できる曜日・時間帯"))
    consent = forms.BooleanField(
        label=_("個人情報の取扱いに同意して登録します"),
        required=True,
        error_messages={"required": _("登録には個人情報の取扱いへの同意が必要です。")},
    )

    class Meta:
        model = VolunteerProfile
        fields = list(VolunteerProfile.FORM_FIELDS)
        widgets = {
            "fields_of_interest": CheckboxList,
            "areas": CheckboxList,
            "qualifications": forms.Textarea(attrs={"rows": 3}),
            "talent_topics": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "display_name": _("団体や人材バンクに表示される名前です（ニックネーム可）。"),
            "matching_opt_in": _(
                "チェックすると、団体の募集とのマッチング候補に表示されます（連絡先は表示されません）。"
            ),
            "talent_bank_listed": _("チェックすると、公開の人材バンクに表示名・スキル・講師できることが載ります。"),
        }

    def __init__(self, *args, needs_consent: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["display_name"].required = True
        cast(forms.ModelChoiceField, self.fields["fields_of_interest"]).queryset = ActivityField.objects.filter(
            is_current=True
        )
        cast(forms.ModelChoiceField, self.fields["areas"]).queryset = Area.objects.filter(is_active=True)
        if not needs_consent:
            del self.fields["consent"]

    def clean(self):
        super().clean()
        data = self.cleaned_data
        if data.get("talent_bank_listed") and not (data.get("talent_topics") or "").strip():
            self.add_error("talent_topics", _("人材バンクに掲載する場合は、講師・指導できることを入力してください。"))
        return data

    def availability_grid(self):
        return slot_grid(self["availability"])


class DatesField(forms.CharField):
    """Dates as YYYY-MM-DD, one per line or comma-separated (full-width digits accepted)."""

    widget = forms.Textarea(attrs={"rows": 3})

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 1000)
        kwargs.setdefault("help_text", _("例: 2026-05-10（複数ある場合は改行またはカンマで区切る。30日まで）"))
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return "\n".join(day.isoformat() if isinstance(day, dt.date) else str(day) for day in value)
        return value

    def clean(self, value):
        text = unicodedata.normalize("NFKC", super().clean(value) or "")
        days = []
        for item in normalize_tags(text):
            try:
                days.append(dt.date.fromisoformat(item.replace("/", "-")))
            except ValueError:
                raise forms.ValidationError(
                    _("「%(value)s」は日付として読めません。2026-05-10 の形で入力してください。") % {"value": item}
                ) from None
        if len(days) > 30:
            raise forms.ValidationError(_("活動日は30日までにしてください。"))
        return sorted(set(days))


class VolunteerNeedForm(ModelForm):
    skills_wanted = TagsField(label=_("求めるスキル"))
    dates = DatesField(label=_("活動日"))
    slots = SlotsField(label=_("活動する曜日・時間帯"))
    people_needed = forms.IntegerField(label=_("募集人数"), min_value=1, max_value=999, initial=1)

    class Meta:
        model = VolunteerNeed
        fields = [*VolunteerNeed.FORM_FIELDS, "status"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 6}),
            "activity_field": SelectList,
            "area": SelectList,
            "end_date": forms.DateInput(attrs={"type": "date"}),
            "review_date": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["activity_field"]).queryset = ActivityField.objects.filter(
            is_current=True
        )
        cast(forms.ModelChoiceField, self.fields["area"]).queryset = Area.objects.filter(is_active=True)
        if editing:
            cast(forms.ChoiceField, self.fields["status"]).choices = NeedStatus.choices
        else:
            del self.fields["status"]

    def clean(self):
        super().clean()
        data = self.cleaned_data
        if not data.get("flexible") and not data.get("dates") and "dates" not in self.errors:
            self.add_error("dates", _("活動日を入力するか「日程は相談可」を選んでください。"))
        if not ({"end_date", "review_date"} & set(self.errors)):
            ends = [name for name in ("end_date", "review_date") if data.get(name)]
            if len(ends) != 1:
                message = _("募集終了日か、継続的な募集の場合は見直し日のどちらか一方を入力してください。")
                self.add_error("review_date" if ends == ["end_date", "review_date"] else "end_date", message)
        return data

    def slots_grid(self):
        return slot_grid(self["slots"])


class NeedFilterForm(Form):
    field = ListedModelChoiceField(
        label=_("活動分野"),
        queryset=ActivityField.objects.filter(is_current=True),
        required=False,
        widget=SelectList,
        empty_label=_("すべて"),
    )
    area = ListedModelChoiceField(
        label=_("地区"),
        queryset=Area.objects.filter(is_active=True),
        required=False,
        widget=SelectList,
        empty_label=_("すべて"),
    )
    day = forms.ChoiceField(label=_("曜日"), choices=DAY_CHOICES, required=False, widget=SelectList)

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "field": data["field"].pk if data.get("field") else None,
            "area": data["area"].pk if data.get("area") else None,
            "day": data.get("day") or None,
        }


class ApplicationForm(Form):
    message = forms.CharField(
        label=_("応募メッセージ"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("自己紹介や参加できる日など（2000文字以内）。団体の管理者に届きます。"),
    )


class DecisionForm(Form):
    note = forms.CharField(
        label=_("ボランティアへの連絡事項"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class TalentRequestForm(Form):
    message = forms.CharField(
        label=_("依頼の内容"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("講座の日時・場所・対象・団体名など。センターが内容を確認し、ご本人におつなぎします。"),
    )
