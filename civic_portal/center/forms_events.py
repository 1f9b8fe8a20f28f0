"""Input shapes of the event pages: the list filter, a guest's sign-up, a group's proposal."""

from __future__ import annotations

import datetime as dt
from typing import cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from facilities.models import Space
from groups.models import Group

from .models.events import CAPACITY_MAX, CAPACITY_MIN, EventKind

SESSION_ROWS = 3
_TEXT_FIELDS = ("title", "description", "audience", "accessibility_notes", "outside_venue")


class EventFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("種類"), required=False, choices=[("", _("すべて")), *EventKind.choices])


class GuestSignupForm(forms.Form):
    guest_name = forms.CharField(label=_("お名前"), max_length=100)
    guest_email = forms.EmailField(label=_("メールアドレス"), help_text=_("確認のリンクをお送りします。"))


def _local(day: dt.date, time: dt.time) -> dt.datetime:
    return dt.datetime.combine(day, time, tzinfo=timezone.get_current_timezone())


class EventProposeForm(forms.Form):
    """A group's event: what, for whom, where, when (up to three sessions), the deadlines."""

    group = forms.ModelChoiceField(label=_("主催団体"), queryset=Group.objects.none(), empty_label=None)
    kind = forms.ChoiceField(label=_("種類"), choices=EventKind.choices)
    title = forms.CharField(label=_("名称"), max_length=200)
    description = forms.CharField(label=_("内容"), widget=forms.Textarea(attrs={"rows": 5}))
    capacity = forms.IntegerField(
        label=_("定員"),
        min_value=CAPACITY_MIN,
        max_value=CAPACITY_MAX,
        error_messages={
            "min_value": _("定員は1人から10,000人までで入力してください。"),
            "max_value": _("定員は1人から10,000人までで入力してください。"),
        },
    )
    fee = forms.IntegerField(label=_("参加費（円）"), min_value=0, max_value=1_000_000, initial=0)
    audience = forms.CharField(label=_("対象"), max_length=200, required=False)
    sign_language = forms.BooleanField(label=_("手話通訳あり"), required=False)
    childcare = forms.BooleanField(label=_("託児あり"), required=False)
    accessibility_notes = forms.CharField(
        label=_("配慮・設備について"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    space = forms.ModelChoiceField(
        label=_("会場（センターの部屋）"),
        queryset=Space.objects.none(),
        required=False,
        help_text=_("承認されると、この部屋を開催日時で予約します。"),
    )
    outside_venue = forms.CharField(
        label=_("会場（外部の住所）"), max_length=300, required=False, help_text=_("部屋を選ばない場合に入力します。")
    )
    signup_deadline = forms.DateTimeField(
        label=_("申込締切"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
    )
    cancel_deadline = forms.DateTimeField(
        label=_("取消期限"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
    )
    guests_allowed = forms.BooleanField(label=_("アカウントなしの申込を受け付ける"), required=False)

    def __init__(self, *args, groups, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["group"]).queryset = groups
        cast(forms.ModelChoiceField, self.fields["space"]).queryset = (
            Space.objects.filter(is_active=True).select_related("facility").order_by("facility__name", "sort_order")
        )
        for i in range(1, SESSION_ROWS + 1):
            required = i == 1
            label = _("開催日%(n)d") % {"n": i}
            self.fields[f"date_{i}"] = forms.DateField(
                label=label, required=required, widget=forms.DateInput(attrs={"type": "date"})
            )
            self.fields[f"start_{i}"] = forms.TimeField(
                label=_("開始時刻%(n)d") % {"n": i}, required=required, widget=forms.TimeInput(attrs={"type": "time"})
            )
            self.fields[f"end_{i}"] = forms.TimeField(
                label=_("終了時刻%(n)d") % {"n": i}, required=required, widget=forms.TimeInput(attrs={"type": "time"})
            )

    def session_rows(self):
        return [(self[f"date_{i}"], self[f"start_{i}"], self[f"end_{i}"]) for i in range(1, SESSION_ROWS + 1)]

    def clean(self):
        super().clean()
        data = self.cleaned_data
        for name in _TEXT_FIELDS:
            if isinstance(data.get(name), str):
                data[name] = data[name].strip()
        sessions = []
        for i in range(1, SESSION_ROWS + 1):
            day, start, end = data.get(f"date_{i}"), data.get(f"start_{i}"), data.get(f"end_{i}")
            if day is None and start is None and end is None:
                continue
            if day is None or start is None or end is None:
                self.add_error(f"date_{i}", _("開催日と開始・終了時刻をすべて入力してください。"))
                continue
            if end <= start:
                self.add_error(f"end_{i}", _("終了時刻は開始時刻より後にしてください。"))
                continue
            sessions.append((_local(day, start), _local(day, end)))
        data["sessions"] = sessions
        return data

    def values(self) -> dict:
        """The event's fields for the service."""
        data = self.cleaned_data
        keys = (
            "kind", "title", "description", "capacity", "fee", "audience", "sign_language", "childcare",
            "accessibility_notes", "space", "outside_venue", "signup_deadline", "cancel_deadline", "guests_allowed",
        )  # fmt: skip
        return {k: data[k] for k in keys}
