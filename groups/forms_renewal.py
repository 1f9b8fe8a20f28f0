"""The renewal form (登録更新): every stored register field, prefilled, and the declarations confirmed again."""

from typing import cast

from django import forms
from django.db.models import Field
from django.utils.translation import gettext_lazy as _

from .forms import GroupForm
from .models import Group


def _declaration(name: str) -> forms.BooleanField:
    return forms.BooleanField(
        label=cast(Field, Group._meta.get_field(name)).verbose_name,
        error_messages={"required": _("登録要件を確認し、チェックを入れてください。")},
    )


class RenewalForm(GroupForm):
    """GroupForm with the member count required and the four declarations unchecked until confirmed again."""

    declares_non_profit = _declaration("declares_non_profit")
    declares_not_religious_or_political = _declaration("declares_not_religious_or_political")
    declares_no_organised_crime = _declaration("declares_no_organised_crime")
    declares_minimum_members = _declaration("declares_minimum_members")

    FIELDSETS = [
        *GroupForm.FIELDSETS,
        (_("登録要件の再確認（すべて必須）"), list(Group.DECLARATION_FIELDS)),
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        member_count = self.fields["member_count"]
        member_count.required = True
        member_count.error_messages["required"] = _("現在の会員数を入力してください。")
        for name in Group.DECLARATION_FIELDS:
            self.initial[name] = False  # confirmed afresh each year, never carried over

    def service_kwargs(self) -> dict:
        kwargs = super().service_kwargs()
        data = kwargs["data"]
        kwargs["declarations"] = {name: data.pop(name) for name in Group.DECLARATION_FIELDS}
        return kwargs
