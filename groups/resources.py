"""django-import-export resources for the group register (CSV/XLSX), used by the admin."""

from import_export import fields, resources, widgets

from .models import ActivityField, Area, Group


class GroupResource(resources.ModelResource):
    """Import creates or updates groups by id; exports show personal fields only where the group consented."""

    activity_fields = fields.Field(
        attribute="activity_fields", column_name="activity_fields",
        widget=widgets.ManyToManyWidget(ActivityField, field="code", separator=";"),
    )  # fmt: skip
    areas = fields.Field(
        attribute="areas", column_name="areas", widget=widgets.ManyToManyWidget(Area, field="name", separator=";")
    )

    class Meta:
        model = Group
        skip_unchanged = True
        report_skipped = False
        clean_model_instances = True
        fields = (
            "id", "registration_number", "status", "name", "name_kana", "legal_form", "corporate_number",
            "is_intermediate_support", "founded_year", "member_count", "member_count_as_of", "fees",
            "activity_fields", "areas", "activity_schedule", "activity_places", "purpose", "activities",
            "beneficiaries", "website", "recruiting_members", "recruiting_volunteers", "recruiting_partners",
            "recruiting_details", *Group.PERSONAL_FIELDS, *(f"publish_{f}" for f in Group.PERSONAL_FIELDS),
            "registered_on", "last_confirmed_on",
        )  # fmt: skip
        export_order = fields

    def import_data(self, dataset, **kwargs):
        # All or nothing for every caller (admin, shell, commands): one invalid row and no row is saved.
        kwargs.setdefault("rollback_on_validation_errors", True)
        return super().import_data(dataset, **kwargs)

    def get_queryset(self):
        return super().get_queryset().prefetch_related("activity_fields", "areas")

    def export_field(self, field, instance, **kwargs):
        if field.attribute in Group.PERSONAL_FIELDS:
            return instance.public_value(field.attribute)
        return super().export_field(field, instance, **kwargs)

    def get_export_fields(self, selected_fields=None):
        # Consent flags are kept internal; the export already applies them.
        return [f for f in super().get_export_fields(selected_fields) if not f.column_name.startswith("publish_")]
