"""django-import-export resources: facilities, spaces, equipment and bookings (bookings go through the service)."""

from django.contrib.auth import get_user_model
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext as _
from import_export import fields, resources
from import_export.widgets import ForeignKeyWidget

from civic_portal.core.imports.checks import FastValidation
from civic_portal.core.models import Area
from civic_portal.core.resources import LoggedImport
from groups.models import Group

from .models import Booking, EquipmentType, Facility, Space
from .services.bookings import booking_create, booking_problems


class AllOrNothing(FastValidation, LoggedImport, resources.ModelResource):
    """One invalid row rolls the whole file back (the admin also offers no confirm step then); rows are checked
    without a query per constraint (FastValidation)."""

    def import_data(self, dataset, **kwargs):
        kwargs.setdefault("rollback_on_validation_errors", True)
        return super().import_data(dataset, **kwargs)


class FacilityResource(AllOrNothing):
    area = fields.Field(attribute="area", column_name="area", widget=ForeignKeyWidget(Area, "name"))

    class Meta:
        model = Facility
        exclude = ("updated_at",)
        use_transactions = True
        clean_model_instances = True


class SpaceResource(AllOrNothing):
    class Meta:
        model = Space
        fields = ("id", "facility", "name", "capacity", "floor_area", "equipment", "is_active", "sort_order")
        use_transactions = True
        clean_model_instances = True


class EquipmentTypeResource(AllOrNothing):
    class Meta:
        model = EquipmentType
        fields = ("id", "facility", "name", "description", "stock", "fee_per_use", "is_active")
        use_transactions = True
        clean_model_instances = True


class BookingResource(AllOrNothing):
    """Exports every booking; imports only new ones, each checked and booked by booking_create (no overlaps)."""

    user = fields.Field(attribute="user", column_name="user", widget=ForeignKeyWidget(get_user_model(), "email"))
    group = fields.Field(attribute="group", column_name="group", widget=ForeignKeyWidget(Group, "registration_number"))

    class Meta:
        model = Booking
        fields = (
            "id",
            "space",
            "user",
            "group",
            "starts_at",
            "ends_at",
            "purpose",
            "expected_attendees",
            "attendees",
            "status",
            "list_price",
            "exemption_percent",
            "final_price",
        )
        import_id_fields = ("id",)
        use_transactions = True
        clean_model_instances = False

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        if instance.pk and Booking.objects.filter(pk=instance.pk).exists():
            errors[NON_FIELD_ERRORS] = [_("既存の予約は取込みで変更できません。管理画面の操作を使ってください。")]
        elif not instance.user_id:
            errors["user"] = [_("申込者のメールアドレスを指定してください。")]
        elif not errors:
            problems = booking_problems(
                space=instance.space, starts_at=instance.starts_at, ends_at=instance.ends_at, group=instance.group
            )
            if problems:
                errors[NON_FIELD_ERRORS] = problems
        if errors:
            raise ValidationError(errors)

    def do_instance_save(self, instance, is_create):
        booking = booking_create(
            user=instance.user,
            space=instance.space_id,
            group=instance.group,
            starts_at=instance.starts_at,
            ends_at=instance.ends_at,
            purpose=instance.purpose,
            expected_attendees=instance.expected_attendees,
            notify=False,
        )
        instance.__dict__.update({k: v for k, v in booking.__dict__.items() if not k.startswith("_")})
