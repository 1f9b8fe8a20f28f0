"""Input shapes for the public pages and the front desk."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from civic_portal.core.forms import Form
from civic_portal.core.models import Area
from civic_portal.core.uploads import clean_document
from groups.models import Group

from .models import BARRIER_FREE_FIELDS, ExemptionApplication, ExemptionRule, FacilityKind

if TYPE_CHECKING:
    from civic_portal.accounts.models import User


class FacilityFilterForm(Form):
    kind = forms.ChoiceField(label=_("種別"), required=False, choices=[("", _("すべて")), *FacilityKind.choices])
    area = forms.ModelChoiceField(
        label=_("地区"), required=False, queryset=Area.objects.filter(is_active=True), empty_label=_("すべて")
    )
    capacity = forms.IntegerField(label=_("利用人数"), required=False, min_value=1, max_value=10000)
    barrier_free = forms.MultipleChoiceField(
        label=_("バリアフリー"), required=False, choices=BARRIER_FREE_FIELDS, widget=forms.CheckboxSelectMultiple
    )


def _time_choices(step: int, first: int, last: int) -> list[tuple[str, str]]:
    """HH:MM choices every `step` minutes from minute `first` to minute `last` of the day (inclusive)."""
    out, minutes = [], first
    while minutes <= last:
        text = f"{minutes // 60:02d}:{minutes % 60:02d}"
        out.append((text, text))
        minutes += max(step, 5)
    return out


def _opening_span(facility) -> tuple[int, int]:
    """The facility's earliest opening and latest closing minute over the week (the whole day if it has none)."""
    hours = list(facility.opening_hours.all())
    if not hours:
        return 0, 24 * 60 - 1
    opens = min(h.opens for h in hours)
    closes = max(h.closes for h in hours)
    return opens.hour * 60 + opens.minute, closes.hour * 60 + closes.minute


class BookingForm(Form):
    space = forms.ChoiceField(label=_("部屋"))
    group = forms.ModelChoiceField(
        label=_("利用団体"),
        queryset=Group.objects.none(),
        required=False,
        empty_label=_("個人として予約"),
        help_text=_("あなたが管理者の登録団体として予約できます"),
    )
    date = forms.DateField(label=_("利用日"), widget=forms.DateInput(attrs={"type": "date"}))
    slot = forms.ChoiceField(label=_("利用区分"), required=False)
    start = forms.ChoiceField(label=_("開始時刻"), required=False)
    end = forms.ChoiceField(label=_("終了時刻"), required=False)
    purpose = forms.CharField(label=_("利用目的"), max_length=200)
    expected_attendees = forms.IntegerField(label=_("予定人数"), min_value=1, max_value=10000)
    exemption_rule = forms.ModelChoiceField(
        label=_("減免の申請"),
        queryset=ExemptionRule.objects.filter(is_active=True, application=ExemptionApplication.ON_APPLICATION),
        required=False,
        empty_label=_("申請しない（登録団体の減免は自動で適用）"),
    )
    repeat_until = forms.DateField(
        label=_("毎週繰り返す（最終日）"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("同じ曜日・時間で繰り返し予約する場合の最終日。空いていない日は予約されません"),
    )

    def __init__(self, *args, facility, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.facility = facility
        spaces = [s for s in facility.spaces.all() if s.is_active]
        self.spaces = {str(s.pk): s for s in spaces}
        space = cast(forms.ChoiceField, self.fields["space"])
        space.choices = [(str(s.pk), f"{s.name}（{_('定員')}{s.capacity}）") for s in spaces]
        groups = Group.objects.managed_by(user).public()
        if groups.exists():
            cast(forms.ModelChoiceField, self.fields["group"]).queryset = groups
        else:
            del self.fields["group"]
        exemption_rules = cast(forms.ModelChoiceField, self.fields["exemption_rule"]).queryset
        if exemption_rules is None or not exemption_rules.exists():
            del self.fields["exemption_rule"]
        slots = list(facility.time_slots.all())
        self.slots = {str(s.pk): s for s in slots}
        slot = cast(forms.ChoiceField, self.fields["slot"])
        slot.choices = [("", _("時刻で指定"))] + [(str(s.pk), str(s)) for s in slots]
        if not slots:
            del self.fields["slot"]
        # The pickers follow the facility's opening hours and booking step; the service still checks each day's hours.
        step = facility.step_minutes or 30
        first, last = _opening_span(facility)
        blank = [("", "--:--")]
        cast(forms.ChoiceField, self.fields["start"]).choices = blank + _time_choices(step, first, last - step)
        cast(forms.ChoiceField, self.fields["end"]).choices = blank + _time_choices(step, first + step, last)
        self.equipment_types = list(facility.equipment_types.all())
        for et in self.equipment_types:
            self.fields[f"equipment_{et.pk}"] = forms.IntegerField(
                label=_("%(name)sの数（1点 %(fee)d円）") % {"name": et.name, "fee": et.fee_per_use},
                min_value=0,
                max_value=et.stock,
                required=False,
                initial=0,
            )

    def clean(self):
        super().clean()
        data = self.cleaned_data
        day = data.get("date")
        if data.get("slot"):
            slot = self.slots[data["slot"]]
            start, end = slot.starts, slot.ends
        elif data.get("start") and data.get("end"):
            start, end = (dt.time.fromisoformat(data["start"]), dt.time.fromisoformat(data["end"]))
        else:
            self.add_error("start", _("利用区分か開始・終了時刻を選んでください。"))
            return data
        if day:
            tz = timezone.get_current_timezone()
            data["starts_at"] = dt.datetime.combine(day, start, tzinfo=tz)
            data["ends_at"] = dt.datetime.combine(day, end, tzinfo=tz)
            if data["starts_at"] >= data["ends_at"]:
                self.add_error("end", _("終了時刻は開始時刻より後にしてください。"))
        if data.get("repeat_until") and day and data["repeat_until"] <= day:
            self.add_error("repeat_until", _("最終日は利用日より後にしてください。"))
        if data.get("space"):
            data["space_obj"] = self.spaces[data["space"]]
        data["equipment"] = [
            (et, data[f"equipment_{et.pk}"]) for et in self.equipment_types if data.get(f"equipment_{et.pk}")
        ]
        if data.get("repeat_until") and data["equipment"]:
            self.add_error("repeat_until", _("備品付きの繰り返し予約はできません。1回ずつ予約してください。"))
        return data


class EvidenceForm(Form):
    evidence = forms.FileField(
        label=_("減免の証明書類（PDF・画像）"), required=False, help_text=_("減免を申請する場合は必ず添付してください")
    )

    def __init__(self, *args, required: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["evidence"].required = required

    def clean_evidence(self):
        upload = self.cleaned_data.get("evidence")
        return clean_document(upload) if upload else upload


class CancelForm(Form):
    note = forms.CharField(
        label=_("取消の理由（任意）"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("センターへの連絡があれば書いてください（500文字以内）"),
    )


class LoanForm(Form):
    equipment_type = forms.ChoiceField(label=_("備品"))
    quantity = forms.IntegerField(label=_("数量"), min_value=1, max_value=1000)
    first_day = forms.DateField(label=_("貸出日"), widget=forms.DateInput(attrs={"type": "date"}))
    last_day = forms.DateField(label=_("返却日"), widget=forms.DateInput(attrs={"type": "date"}))
    group = forms.ModelChoiceField(
        label=_("利用団体"), queryset=Group.objects.none(), required=False, empty_label=_("個人として借りる")
    )

    def __init__(self, *args, facility, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.types = {str(t.pk): t for t in facility.equipment_types.all()}
        cast(forms.ChoiceField, self.fields["equipment_type"]).choices = [(k, t.name) for k, t in self.types.items()]
        groups = Group.objects.managed_by(user).public()
        if groups.exists():
            cast(forms.ModelChoiceField, self.fields["group"]).queryset = groups
        else:
            del self.fields["group"]

    def clean(self):
        super().clean()
        data = self.cleaned_data
        if data.get("first_day") and data.get("last_day") and data["last_day"] < data["first_day"]:
            self.add_error("last_day", _("返却日は貸出日以降にしてください。"))
        if data.get("equipment_type"):
            data["type_obj"] = self.types[data["equipment_type"]]
        return data
