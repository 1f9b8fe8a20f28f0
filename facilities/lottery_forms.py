"""Forms of the lottery pages and the front desk's payment record."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from civic_portal.core.forms import Form
from groups.models import Group

from .forms import _opening_span, _time_choices
from .models import LotteryWindow, PaymentMethod

if TYPE_CHECKING:
    from civic_portal.accounts.models import User


class LotteryApplyForm(Form):
    """A registered group's application: purpose, attendees, and up to N ranked rows of room, day and times."""

    group = forms.ModelChoiceField(label=gettext_lazy("申し込む団体"), queryset=Group.objects.none())
    purpose = forms.CharField(label=gettext_lazy("利用目的"), max_length=200)
    expected_attendees = forms.IntegerField(label=gettext_lazy("予定人数"), min_value=1, max_value=10000)

    def __init__(self, *args, window: LotteryWindow, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.window = window
        cast(forms.ModelChoiceField, self.fields["group"]).queryset = Group.objects.managed_by(user).public()
        spaces = list(window.spaces.all())
        self.spaces = {str(s.pk): s for s in spaces}
        step = window.facility.step_minutes or 30
        first, last = _opening_span(window.facility)
        blank = [("", "--:--")]
        starts, ends = blank + _time_choices(step, first, last - step), blank + _time_choices(step, first + step, last)
        self.ranks = list(range(1, window.max_choices + 1))
        for rank in self.ranks:
            label = _("第%(n)d希望") % {"n": rank}
            self.fields[f"space_{rank}"] = forms.ChoiceField(
                label=f"{label} {_('部屋')}",
                required=False,
                choices=[("", _("選ばない"))] + [(str(s.pk), f"{s.name}（{_('定員')}{s.capacity}）") for s in spaces],
            )
            self.fields[f"date_{rank}"] = forms.DateField(
                label=f"{label} {_('利用日')}", required=False, widget=forms.DateInput(attrs={"type": "date"})
            )
            self.fields[f"start_{rank}"] = forms.ChoiceField(
                label=f"{label} {_('開始時刻')}", required=False, choices=starts
            )
            self.fields[f"end_{rank}"] = forms.ChoiceField(
                label=f"{label} {_('終了時刻')}", required=False, choices=ends
            )

    def rows(self):
        """The fields of each ranked choice, for the template's fieldsets."""
        return [(rank, [self[f"{name}_{rank}"] for name in ("space", "date", "start", "end")]) for rank in self.ranks]

    def clean(self):
        data = super().clean() or {}
        slots = []
        for rank in self.ranks:
            values = [data.get(f"{name}_{rank}") for name in ("space", "date", "start", "end")]
            if not any(values):
                continue
            if not all(values):
                self.add_error(
                    f"space_{rank}", _("第%(n)d希望の部屋・利用日・開始・終了をすべて選んでください。") % {"n": rank}
                )
                continue
            space, day, start, end = cast(tuple[str, dt.date, str, str], tuple(values))
            starts_at = timezone.make_aware(dt.datetime.combine(day, dt.time.fromisoformat(start)))
            ends_at = timezone.make_aware(dt.datetime.combine(day, dt.time.fromisoformat(end)))
            slots.append((self.spaces[space], starts_at, ends_at))
        if not slots and not self.errors:
            self.add_error(None, _("希望を1つ以上選んでください。"))
        data["slots"] = slots
        return data


class PaymentForm(Form):
    amount = forms.IntegerField(label=gettext_lazy("金額（円）"), min_value=0, max_value=10_000_000)
    method = forms.ChoiceField(label=gettext_lazy("支払方法"), choices=PaymentMethod.choices)
    paid_on = forms.DateField(label=gettext_lazy("支払日"), widget=forms.DateInput(attrs={"type": "date"}))
    receipt_number = forms.CharField(label=gettext_lazy("領収書番号"), max_length=20)
