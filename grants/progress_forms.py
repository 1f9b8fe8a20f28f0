"""The reminder form of the review-progress page: every reviewer who owes sheets, or one of them."""

from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from civic_portal.core.forms import Form


class RemindForm(Form):
    reviewer = forms.ChoiceField(label=_("督促する審査委員"), required=False)

    def __init__(self, *args, reviewers, **kwargs):
        super().__init__(*args, **kwargs)
        field = cast(forms.ChoiceField, self.fields["reviewer"])
        field.choices = [("", _("未提出のある全員")), *[(str(r.pk), str(r.user)) for r in reviewers]]
        field.error_messages["invalid_choice"] = _("一覧の審査委員から選んでください。")

    def reviewer_ids(self) -> set[int] | None:
        chosen = self.cleaned_data.get("reviewer")
        return {int(chosen)} if chosen else None
