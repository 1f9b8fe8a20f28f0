"""django-import-export resource for volunteer profiles: consented, active profiles only; rows validated in full."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from import_export import fields, resources, widgets

from civic_portal.core.imports.checks import FastValidation
from civic_portal.core.models import Area
from civic_portal.core.resources import LoggedImport

from .models import ActivityField
from .models.volunteers import AVAILABILITY_CODES, VolunteerProfile, normalize_tags


class TagListWidget(widgets.Widget):
    """A list of short tags in one cell, separated by 「、」 or commas."""

    def clean(self, value, row=None, **kwargs):
        return normalize_tags(value or "")

    def render(self, value, obj=None, **kwargs):
        return "、".join(value or [])


class SlotListWidget(TagListWidget):
    """Weekday × time-of-day codes (mon-am ... sun-ev); an unknown code is a row error."""

    def clean(self, value, row=None, **kwargs):
        codes = normalize_tags(value or "")
        unknown = [code for code in codes if code not in AVAILABILITY_CODES]
        if unknown:
            raise ValueError(_("曜日・時間帯のコードが不正です: %(codes)s") % {"codes": "、".join(unknown)})
        return sorted(codes)


class CurrentFieldsWidget(widgets.ManyToManyWidget):
    """Activity fields by their NPO Act number (1-20) in the current code list."""

    def __init__(self):
        super().__init__(ActivityField, field="code", separator=",")

    def clean(self, value, row=None, **kwargs):
        codes = [code for code in normalize_tags(value or "") if code]
        if not codes:
            return ActivityField.objects.none()
        found = ActivityField.objects.filter(is_current=True, code__in=codes)
        if found.count() != len(set(codes)):
            raise ValueError(_("活動分野の番号が不正です: %(codes)s") % {"codes": ",".join(codes)})
        return found


class AreasWidget(widgets.ManyToManyWidget):
    """Areas by name; an unknown name is a row error."""

    def __init__(self):
        super().__init__(Area, field="name", separator="、")

    def clean(self, value, row=None, **kwargs):
        names = normalize_tags(value or "")
        if not names:
            return Area.objects.none()
        found = Area.objects.filter(name__in=names)
        if found.count() != len(set(names)):
            raise ValueError(_("地区名が見つかりません: %(names)s") % {"names": "、".join(names)})
        return found


class VolunteerProfileResource(FastValidation, LoggedImport, resources.ModelResource):
    user = fields.Field(
        attribute="user",
        column_name="email",
        widget=widgets.ForeignKeyWidget(get_user_model(), field="email"),
    )
    skills = fields.Field(attribute="skills", column_name="skills", widget=TagListWidget())
    availability = fields.Field(attribute="availability", column_name="availability", widget=SlotListWidget())
    fields_of_interest = fields.Field(
        attribute="fields_of_interest", column_name="fields_of_interest", widget=CurrentFieldsWidget()
    )
    areas = fields.Field(attribute="areas", column_name="areas", widget=AreasWidget())

    class Meta:
        model = VolunteerProfile
        fields = ("user", *VolunteerProfile.FORM_FIELDS, "consent_given_at")
        export_order = fields
        import_id_fields = ("user",)
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True

    def import_data(self, dataset, **kwargs):
        """One invalid row means nothing is saved (the admin shows each row's errors in the preview)."""
        kwargs.setdefault("rollback_on_validation_errors", True)
        return super().import_data(dataset, **kwargs)

    def filter_export(self, queryset, **kwargs):
        """Withdrawn volunteers and rows without consent never leave the system."""
        return queryset.filter(withdrawn_at__isnull=True, consent_given_at__isnull=False)

    def before_import_row(self, row, **kwargs):
        """Rows name an existing account by email; a withdrawn registration is never revived by import."""
        email = (row.get("email") or "").strip()
        if not email:
            raise ValidationError({"user": _("メールアドレスは必須です。")})
        user = get_user_model().objects.filter(email__iexact=email).first()
        if user is None:
            raise ValidationError({"user": _("このメールアドレスの利用者がいません: %(email)s") % {"email": email}})
        row["email"] = user.email
        if VolunteerProfile.objects.filter(user=user, withdrawn_at__isnull=False).exists():
            raise ValidationError({"user": _("登録を取り消した方のデータは取り込めません。")})

    def import_instance(self, instance, row, **kwargs):
        # Many-to-many cells are saved after the row; check them here so they are reported with the row's other
        # errors (import-export merges these with the model's full_clean errors).
        errors: dict[str, list[ValidationError]] = {}
        for name in ("fields_of_interest", "areas"):
            field = self.fields[name]
            try:
                field.widget.clean(row.get(field.column_name), row=row)
            except ValueError as exc:
                errors[name] = [ValidationError(str(exc))]
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)
