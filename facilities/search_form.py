"""The free-slot search form (GET): days, the part of the day, people, kind, district, barrier-free, equipment."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from civic_portal.core.forms import Form
from civic_portal.core.models import Area

from .free_slots import DEFAULT_SLOTS, MAX_DAYS, Search
from .models import BARRIER_FREE_FIELDS, FacilityKind


def _times() -> list[tuple[str, str]]:
    out = [("", "--:--")]
    for minutes in range(6 * 60, 24 * 60, 30):
        text = f"{minutes // 60:02d}:{minutes % 60:02d}"
        out.append((text, text))
    return out


MAX_AHEAD_DAYS = 366  # a search reaches a year ahead (and far dates never overflow the day arithmetic)

SLOT_LABELS = {
    "午前": _("午前（9:00〜12:00）"),
    "午後": _("午後（13:00〜17:00）"),
    "夜間": _("夜間（18:00〜21:00）"),
}


class FreeSlotSearchForm(Form):
    date_from = forms.DateField(
        label=_("利用日（から）"), widget=forms.DateInput(attrs={"type": "date"}), help_text=_("例: 2026-12-05")
    )
    date_to = forms.DateField(
        label=_("利用日（まで）"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("期間で探すときの最終日（最長31日間）。1日だけなら空欄"),
    )
    slot = forms.ChoiceField(
        label=_("時間帯"),
        required=False,
        choices=[("", _("時刻で指定"))] + [(name, SLOT_LABELS[name]) for name in DEFAULT_SLOTS],
        help_text=_("区分の時刻は施設ごとの定めに従います"),
    )
    time_from = forms.ChoiceField(label=_("開始時刻（から）"), required=False, choices=_times())
    time_to = forms.ChoiceField(label=_("終了時刻（まで）"), required=False, choices=_times())
    people = forms.IntegerField(
        label=_("利用人数"),
        required=False,
        min_value=1,
        max_value=10000,
        error_messages={
            "min_value": _("利用人数は1人以上で入力してください。"),
            "max_value": _("利用人数は10000人以下で入力してください。"),
            "invalid": _("利用人数は数字で入力してください。"),
        },
    )
    kind = forms.ChoiceField(label=_("種別"), required=False, choices=[("", _("すべて")), *FacilityKind.choices])
    area = forms.ModelChoiceField(
        label=_("地区"), required=False, queryset=Area.objects.filter(is_active=True), empty_label=_("すべて")
    )
    barrier_free = forms.MultipleChoiceField(
        label=_("バリアフリー"), required=False, choices=BARRIER_FREE_FIELDS, widget=forms.CheckboxSelectMultiple
    )
    equipment = forms.CharField(
        label=_("設備・備品"), required=False, max_length=50, help_text=_("例: プロジェクター、ピアノ")
    )

    def clean(self):
        super().clean()
        data = self.cleaned_data
        first, last = data.get("date_from"), data.get("date_to")
        today = timezone.localdate()
        if first and first < today:
            self.add_error("date_from", _("今日以降の日付を指定してください。"))
        elif first and first > today + dt.timedelta(days=MAX_AHEAD_DAYS):
            self.add_error("date_from", _("検索できるのは今日から1年先までです。"))
        if first and last:
            if last < first:
                self.add_error("date_to", _("最終日は開始日以降にしてください。"))
            elif (last - first).days + 1 > MAX_DAYS:
                self.add_error(
                    "date_to",
                    _("一度に探せるのは%(max)d日間までです（指定は%(days)d日間）。期間を短くしてください。")
                    % {"max": MAX_DAYS, "days": (last - first).days + 1},
                )
        start, end = data.get("time_from"), data.get("time_to")
        if data.get("slot") and (start or end):
            self.add_error("slot", _("時間帯か時刻のどちらか一方を指定してください。"))
        elif start and end and start >= end:
            self.add_error("time_to", _("終了時刻は開始時刻より後にしてください。"))
        return data

    def search(self) -> Search:
        """The valid form as the selector's Search."""
        data = self.cleaned_data
        return Search(
            first_day=data["date_from"],
            last_day=data.get("date_to") or data["date_from"],
            slot=data.get("slot", ""),
            time_from=dt.time.fromisoformat(data["time_from"]) if data.get("time_from") else None,
            time_to=dt.time.fromisoformat(data["time_to"]) if data.get("time_to") else None,
            people=data.get("people"),
            kind=data.get("kind", ""),
            area=data["area"].pk if data.get("area") else None,
            barrier_free=data.get("barrier_free", []),
            equipment=data.get("equipment", "").strip(),
        )
