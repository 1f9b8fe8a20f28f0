"""Input shape of the grants pages. Business rules live in services; these only check types and ranges."""

from typing import cast

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from civic_portal.core.forms import Form, ModelForm
from civic_portal.core.uploads import clean_document, clean_image
from groups.models import ActivityField
from groups.widgets import SelectList

from .document_forms import clean_for_document
from .models import (
    INCOME_CATEGORIES,
    ActivityReport,
    Application,
    AttachmentPurpose,
    BudgetCategory,
    FunderKind,
    LineKind,
    Round,
)

MAX_YEN = 10_000_000_000
CATEGORY_CHOICES = [
    (_("支出の費目"), [(c.value, c.label) for c in BudgetCategory if c.value not in INCOME_CATEGORIES or c == "other"]),
    (_("収入の費目"), [(c.value, c.label) for c in BudgetCategory if c.value in INCOME_CATEGORIES and c != "other"]),
]
YEN_ERRORS = {
    "min_value": _("金額は0円以上で入力してください。"),
    "max_value": _("金額が大きすぎます。"),
    "invalid": _("金額は半角数字（円）で入力してください。"),
}


def yen_field(label, *, required=False):
    return forms.IntegerField(
        label=label,
        required=required,
        min_value=0,
        max_value=MAX_YEN,
        error_messages=YEN_ERRORS,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "step": 1}),
    )


class ApplicationForm(ModelForm):
    requested_amount = yen_field(_("申請額（円）"))

    class Meta:
        model = Application
        fields = ["title", "purpose", "content", "schedule", "expected_results", "beneficiaries", "requested_amount"]
        widgets = {
            name: forms.Textarea(attrs={"rows": 4}) for name in ["purpose", "content", "schedule", "expected_results"]
        }
        error_messages = {"title": {"required": _("事業名を入力してください（下書き保存にも必要です）。")}}


class BudgetLineForm(Form):
    kind = forms.ChoiceField(
        label=_("収支"), choices=[(LineKind.EXPENSE, LineKind.EXPENSE.label), (LineKind.INCOME, LineKind.INCOME.label)]
    )
    category = forms.ChoiceField(label=_("費目"), choices=CATEGORY_CHOICES, initial="supplies")
    description = forms.CharField(label=_("内訳"), max_length=200, required=False)
    amount = yen_field(_("金額（円）"))
    eligible = forms.BooleanField(label=_("補助対象経費"), required=False)

    def clean(self):
        super().clean()
        data = self.cleaned_data
        if data.get("amount") is None:
            return data
        kind, category = data.get("kind"), data.get("category")
        if kind == LineKind.INCOME and category not in INCOME_CATEGORIES:
            self.add_error("category", _("収入には収入の費目を選んでください。"))
        if kind == LineKind.INCOME and data.get("eligible"):
            self.add_error("eligible", _("補助対象経費にできるのは支出だけです。"))
        return data


class BaseLineFormSet(forms.BaseFormSet):
    def lines(self) -> list[dict]:
        """Filled rows only: a row without an amount is an unused blank row."""
        return [f.cleaned_data for f in self.forms if f.cleaned_data and f.cleaned_data.get("amount") is not None]


BudgetLineFormSet = cast(
    type[BaseLineFormSet], forms.formset_factory(BudgetLineForm, formset=BaseLineFormSet, extra=3, max_num=60)
)


def line_initial(lines) -> list[dict]:
    return [
        {
            "kind": x.kind,
            "category": x.category,
            "description": x.description,
            "amount": x.amount,
            "eligible": x.eligible,
        }
        for x in lines
    ]


class AttachmentForm(Form):
    title = forms.CharField(label=_("書類名"), max_length=200)
    file = forms.FileField(label=_("ファイル（PDF又は画像、10MBまで）"))

    def __init__(self, *args, purposes=(AttachmentPurpose.APPLICATION,), documents=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["purpose"] = forms.ChoiceField(
            label=_("種類"), choices=[(p, AttachmentPurpose(p).label) for p in purposes]
        )
        # The round's listed documents (issue 16): the file is attached for one of them, or as another paper.
        self.documents = {str(d.pk): d for d in documents}
        if self.documents and AttachmentPurpose.APPLICATION in purposes:
            self.fields["document"] = forms.ChoiceField(
                label=_("提出書類"),
                choices=[("", _("その他の書類")), *[(k, d.name) for k, d in self.documents.items()]],
                required=False,
                error_messages={"invalid_choice": _("提出書類の一覧から選んでください。")},
            )
            self.fields["title"].required = False
            self.fields["title"].help_text = _("「その他の書類」のときに入力してください。")
            self.order_fields(["document", "title", "file"])

    @property
    def required_document(self):
        return self.documents.get(self.cleaned_data.get("document") or "")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if self.data.get(self.add_prefix("purpose")) == AttachmentPurpose.REPORT_PHOTO:
            return clean_image(upload)
        document = self.documents.get(self.data.get(self.add_prefix("document")) or "")
        if document is not None:
            return clean_for_document(upload, document.file_types)
        return clean_document(upload)

    def clean(self):
        super().clean()
        data = self.cleaned_data
        if "document" in self.fields and not data.get("document") and not data.get("title"):
            self.add_error("title", _("書類名を入力してください（提出書類を選んだときは不要です）。"))
        return data


class ReportForm(ModelForm):
    class Meta:
        model = ActivityReport
        fields = ["outcomes", "participants", "challenges"]
        widgets = {"outcomes": forms.Textarea(attrs={"rows": 5}), "challenges": forms.Textarea(attrs={"rows": 3})}
        error_messages = {"outcomes": {"required": _("事業の成果を入力してください。")}}


class ScoreForm(Form):
    """One points field (0..max) and one comment per criterion, plus an overall comment."""

    comment = forms.CharField(label=_("総評"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        for criterion in self.criteria:
            self.fields[f"points_{criterion.pk}"] = forms.IntegerField(
                label=_("%(name)s（0〜%(max)s点）") % {"name": criterion.name, "max": criterion.max_points},
                required=False,
                validators=[MinValueValidator(0), MaxValueValidator(criterion.max_points)],
                error_messages={
                    "min_value": _("0点以上で入力してください。"),
                    "max_value": _("%(max)s点以下で入力してください。") % {"max": criterion.max_points},
                    "invalid": _("得点は半角数字で入力してください。"),
                },
            )
            self.fields[f"comment_{criterion.pk}"] = forms.CharField(
                label=_("%(name)s へのコメント") % {"name": criterion.name}, required=False
            )

    @staticmethod
    def initial_from(sheet) -> dict:
        """Initial values from a saved (unsubmitted) sheet."""
        if sheet is None:
            return {}
        initial = {"comment": sheet.comment}
        for score in sheet.scores.all():
            initial[f"points_{score.criterion_id}"] = score.points
            initial[f"comment_{score.criterion_id}"] = score.comment
        return initial

    def points(self) -> dict[int, tuple[int | None, str]]:
        data = self.cleaned_data
        return {c.pk: (data.get(f"points_{c.pk}"), data.get(f"comment_{c.pk}", "")) for c in self.criteria}

    def rows(self):
        return [(c, self[f"points_{c.pk}"], self[f"comment_{c.pk}"]) for c in self.criteria]


class ConflictForm(Form):
    reason = forms.CharField(label=_("利害関係の内容"), max_length=300)


class ReviewFilterForm(Form):
    """The review list's filters, all in the query string: a round of the reviewer's, scored or not, an order."""

    round: forms.ModelChoiceField[Round] = forms.ModelChoiceField(
        label=_("募集回"), queryset=None, required=False, empty_label=_("すべて"), widget=SelectList
    )
    state = forms.ChoiceField(
        label=_("評価"),
        choices=[("", _("すべて")), ("todo", _("未提出（審査中）")), ("done", _("提出済"))],
        required=False,
        widget=SelectList,
    )
    order = forms.ChoiceField(
        label=_("並び順"),
        choices=[("", _("募集回・受付順")), ("title", _("事業名順")), ("amount", _("申請額の多い順"))],
        required=False,
        widget=SelectList,
    )

    def __init__(self, *args, rounds, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["round"]).queryset = rounds


class FunderFilterForm(Form):
    kind = forms.ChoiceField(
        label=_("助成元の種類"), choices=[("", _("すべて")), *FunderKind.choices], required=False, widget=SelectList
    )
    field = forms.ModelChoiceField(
        label=_("活動分野"),
        queryset=ActivityField.objects.filter(is_current=True),
        required=False,
        empty_label=_("すべて"),
        widget=SelectList,
    )
    open_only = forms.BooleanField(label=_("締切前のものだけ"), required=False)
