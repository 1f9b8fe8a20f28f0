"""django-import-export resources for the group register (CSV/XLSX), used by the admin."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from import_export import fields, widgets

from civic_portal.accounts.roles import PERSONAL_DATA_PERMISSION
from civic_portal.core.imports.bulk import BulkCreates, CachedManyToManyWidget, PrefetchedInstanceLoader
from civic_portal.core.imports.checks import FastValidation
from civic_portal.core.models import Area
from civic_portal.core.resources import PermittedResource

from .models import ActivityField, Group

# The workflow owns these: an import shows them but never changes them.
WORKFLOW_FIELDS = ("status", "registration_number", "registered_on", "last_confirmed_on")


class GroupResource(FastValidation, BulkCreates, PermittedResource):
    """Export re-imports unchanged; updates go through group_update (logged); personal columns need the permission."""

    activity_fields = fields.Field(
        attribute="activity_fields", column_name="activity_fields",
        widget=CachedManyToManyWidget(ActivityField, field="code", separator=";"),
    )  # fmt: skip
    areas = fields.Field(
        attribute="areas", column_name="areas", widget=CachedManyToManyWidget(Area, field="name", separator=";")
    )
    status = fields.Field(attribute="status", column_name="status", readonly=True)
    registration_number = fields.Field(
        attribute="registration_number", column_name="registration_number", readonly=True
    )
    registered_on = fields.Field(
        attribute="registered_on", column_name="registered_on", readonly=True, widget=widgets.DateWidget()
    )
    last_confirmed_on = fields.Field(
        attribute="last_confirmed_on", column_name="last_confirmed_on", readonly=True, widget=widgets.DateWidget()
    )

    class Meta:
        model = Group
        skip_unchanged = True
        report_skipped = False
        clean_model_instances = True
        # Speed (a city's register is thousands of rows): new groups are inserted in batches, the file's ids are
        # read in one query, lookups and checks answered from memory (civic_portal.core.imports).
        use_bulk = True
        batch_size = 1000
        instance_loader_class = PrefetchedInstanceLoader
        fields = (
            "id", "registration_number", "status", "name", "name_kana", "legal_form", "corporate_number",
            "is_intermediate_support", "founded_year", "member_count", "member_count_as_of", "fees",
            "activity_fields", "areas", "activity_schedule", "activity_places", "purpose", "activities",
            "beneficiaries", "website", "recruiting_members", "recruiting_volunteers", "recruiting_partners",
            "recruiting_details", *Group.PERSONAL_FIELDS, *(f"publish_{f}" for f in Group.PERSONAL_FIELDS),
            "registered_on", "last_confirmed_on",
        )  # fmt: skip
        export_order = fields

    def sees_personal_data(self) -> bool:
        return self.user is None or self.user.has_perm(PERSONAL_DATA_PERMISSION)

    def _personal_columns(self) -> set[str]:
        return {*Group.PERSONAL_FIELDS, *(f"publish_{f}" for f in Group.PERSONAL_FIELDS)}

    def allowed_import_columns(self) -> set[str]:
        allowed = super().allowed_import_columns() | set(WORKFLOW_FIELDS)
        return allowed if self.sees_personal_data() else allowed - self._personal_columns()

    def get_queryset(self):
        return super().get_queryset().prefetch_related("activity_fields", "areas")

    def get_export_fields(self, selected_fields=None):
        # Consent flags stay internal; without the permission no personal column leaves the database.
        hidden = {f"publish_{f}" for f in Group.PERSONAL_FIELDS}
        if not self.sees_personal_data():
            hidden |= set(Group.PERSONAL_FIELDS)
        return [f for f in super().get_export_fields(selected_fields) if f.column_name not in hidden]

    def save_instance(self, instance, is_create, row, **kwargs):
        if is_create or self.user is None:
            return super().save_instance(instance, is_create, row, **kwargs)
        from .services.registration import group_update

        stored = Group.objects.get(pk=instance.pk)
        data = {
            name: getattr(instance, name)
            for name in self._changed_columns(row)
            if getattr(stored, name) != getattr(instance, name)
        }
        try:
            group_update(
                group=stored,
                user=self.user,
                data=data,
                activity_fields=self._m2m(row, "activity_fields", stored),
                areas=self._m2m(row, "areas", stored),
            )
        except PermissionDenied as exc:
            raise ValidationError(_("この団体を変更する権限がありません。")) from exc

    def save_m2m(self, instance, row, **kwargs):
        if self.user is None or row.get("id") in (None, ""):
            super().save_m2m(instance, row, **kwargs)

    def _changed_columns(self, row) -> list[str]:
        skip = {"id", "activity_fields", "areas", *WORKFLOW_FIELDS}
        return [f.attribute for f in self.get_import_fields() if f.column_name in row and f.attribute not in skip]

    def _m2m(self, row, name, stored):
        if name not in row:
            return None
        return list(self.fields[name].clean(row))
