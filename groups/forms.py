"""Forms of the group register: input shape only; rules live in services."""

from django import forms
from django.utils.translation import gettext_lazy as _

from civic_portal.core.choices import Weekday
from civic_portal.core.forms import Form, ModelForm
from civic_portal.core.models import Area
from civic_portal.core.uploads import clean_image

from .fields import ListedModelChoiceField
from .models import ActivityField, Group, LegalForm
from .selectors.register import DirectoryFilters
from .widgets import CheckboxList, SelectList

PROFILE_FIELDS = [
    "name", "name_kana", "legal_form", "corporate_number", "is_intermediate_support", "founded_year",
    "member_count", "member_count_as_of", "fees", "activity_fields", "areas", "activity_days",
    "activity_schedule", "activity_places", "purpose", "activities", "beneficiaries", "logo", "website",
    "social_links", "recruiting_members", "recruiting_volunteers", "recruiting_partners", "recruiting_details",
]  # fmt: skip
PERSONAL_FIELDS = list(Group.PERSONAL_FIELDS) + [f"publish_{name}" for name in Group.PERSONAL_FIELDS]


class SocialLinksField(forms.CharField):
    """One URL per line."""

    widget = forms.Textarea(attrs={"rows": 3})

    def to_python(self, value):
        lines = [line.strip() for line in (value or "").splitlines() if line.strip()]
        validator = forms.URLField()
        cleaned = [validator.clean(line) for line in lines]
        if len(cleaned) > 5:
            raise forms.ValidationError(_("SNS は5件までです。"))
        return cleaned

    def prepare_value(self, value):
        return "\n".join(value) if isinstance(value, list) else value


class GroupForm(ModelForm):
    activity_fields = forms.ModelMultipleChoiceField(
        queryset=ActivityField.objects.filter(is_current=True).order_by("code"),
        widget=CheckboxList,
        required=False,
        label=_("活動分野"),
    )
    areas = forms.ModelMultipleChoiceField(
        queryset=Area.objects.filter(is_active=True),
        widget=CheckboxList,
        required=False,
        label=_("活動地区"),
    )
    activity_days = forms.TypedMultipleChoiceField(
        choices=Weekday.choices,
        coerce=int,
        widget=CheckboxList,
        required=False,
        label=_("主な活動曜日"),
    )
    social_links = SocialLinksField(required=False, label=_("SNS"), help_text=_("1行に1つの URL"))

    class Meta:
        model = Group
        fields = PROFILE_FIELDS + PERSONAL_FIELDS
        widgets = {
            "legal_form": SelectList,
            "member_count_as_of": forms.DateInput(attrs={"type": "date"}),
            "purpose": forms.Textarea(attrs={"rows": 4}),
            "activities": forms.Textarea(attrs={"rows": 6}),
            "recruiting_details": forms.Textarea(attrs={"rows": 3}),
            "logo": forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
        }

    FIELDSETS = [
        (_("団体の基本情報"), ["name", "name_kana", "legal_form", "corporate_number", "is_intermediate_support",
                              "founded_year", "member_count", "member_count_as_of", "fees"]),
        (_("活動"), ["activity_fields", "areas", "activity_days", "activity_schedule", "activity_places", "purpose",
                    "activities", "beneficiaries"]),
        (_("広報・募集"), ["logo", "website", "social_links", "recruiting_members", "recruiting_volunteers",
                          "recruiting_partners", "recruiting_details"]),
        # Each 公開する box right after the field it publishes.
        (_("代表者・連絡先（個人情報）"), [n for name in Group.PERSONAL_FIELDS for n in (name, f"publish_{name}")]),
    ]  # fmt: skip

    def fieldsets(self):
        """(legend, bound fields) in page order, for the template."""
        return [(legend, [self[name] for name in names]) for legend, names in self.FIELDSETS]

    def clean_logo(self):
        logo = self.cleaned_data.get("logo")
        if logo and hasattr(logo, "content_type"):  # a new upload, not the stored file
            return clean_image(logo, max_side=800)
        return logo

    def service_kwargs(self) -> dict:
        """Split cleaned data into model fields and the many-to-many sets the services take."""
        data = {k: v for k, v in self.cleaned_data.items() if k not in ("activity_fields", "areas")}
        return {
            "data": data,
            "activity_fields": self.cleaned_data["activity_fields"],
            "areas": self.cleaned_data["areas"],
        }


class DeclarationForm(Form):
    declares_non_profit = forms.BooleanField(label=Group._meta.get_field("declares_non_profit").verbose_name)
    declares_not_religious_or_political = forms.BooleanField(
        label=Group._meta.get_field("declares_not_religious_or_political").verbose_name
    )
    declares_no_organised_crime = forms.BooleanField(
        label=Group._meta.get_field("declares_no_organised_crime").verbose_name
    )
    declares_minimum_members = forms.BooleanField(label=Group._meta.get_field("declares_minimum_members").verbose_name)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.error_messages["required"] = _("登録要件を確認し、チェックを入れてください。")


class DirectoryForm(Form):
    q = forms.CharField(label=_("キーワード"), required=False, max_length=100)
    field = ListedModelChoiceField(
        ActivityField.objects.filter(is_current=True).order_by("code"),
        required=False,
        label=_("活動分野"),
        empty_label=_("すべて"),
    )
    area = ListedModelChoiceField(Area.objects.filter(is_active=True), required=False, label=_("活動地区"),
                                  empty_label=_("すべて"))  # fmt: skip
    legal_form = forms.ChoiceField(choices=[("", _("すべて")), *LegalForm.choices], required=False, label=_("法人格"))
    recruiting = forms.ChoiceField(
        choices=[("", _("指定なし")), ("members", _("会員")), ("volunteers", _("ボランティア")),
                 ("partners", _("協働先"))],
        required=False, label=_("募集中"),
    )  # fmt: skip
    day = forms.TypedChoiceField(
        choices=[("", _("指定なし")), *Weekday.choices],
        coerce=int,
        empty_value=None,
        required=False,
        label=_("活動曜日"),
    )
    order = forms.ChoiceField(
        choices=[("kana", _("五十音順")), ("newest", _("新着順"))], required=False, label=_("並び順")
    )

    def filters(self) -> DirectoryFilters:
        if not self.is_valid():
            return DirectoryFilters()
        data = self.cleaned_data
        return DirectoryFilters(
            q=data["q"], field=data["field"], area=data["area"], legal_form=data["legal_form"],
            recruiting=data["recruiting"], day=data["day"], order=data["order"] or "kana",
        )  # fmt: skip


class InviteForm(Form):
    email = forms.EmailField(label=_("招待する方のメールアドレス"))


class ContactForm(Form):
    message = forms.CharField(label=_("お問い合わせ内容"), widget=forms.Textarea(attrs={"rows": 6}), max_length=2000)
