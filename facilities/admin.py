"""Back office in Japanese. Import-export on facilities, spaces, equipment and bookings; actions call services."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportModelAdmin

from civic_portal.core.admin_actions import run_for_each
from civic_portal.core.admin_lists import FastRowsMixin, FieldByFieldSearchMixin, PeriodFilter, StatusLogInline
from civic_portal.core.audit_admin import AuditHistoryMixin
from civic_portal.core.import_admin import BackgroundImportMixin
from civic_portal.core.uploads import clean_image

from . import services
from .models import (
    Booking,
    BookingStatusChange,
    Closure,
    EquipmentItem,
    EquipmentType,
    ExemptionRule,
    Facility,
    FacilityPhoto,
    FeeRate,
    GroupCalendar,
    Loan,
    LoanStatusChange,
    OpeningHours,
    OwnerWindow,
    Space,
    TimeSlot,
)
from .pricing import fee_band_problems
from .resources import BookingResource, EquipmentTypeResource, FacilityResource, SpaceResource
from .services.bookings import booking_check_request, booking_problems


class OpeningHoursInline(admin.TabularInline):
    model = OpeningHours
    extra = 0


class TimeSlotInline(admin.TabularInline):
    model = TimeSlot
    extra = 0


class ClosureInline(admin.TabularInline):
    model = Closure
    extra = 0


class OwnerWindowInline(admin.TabularInline):
    model = OwnerWindow
    extra = 0


class PhotoForm(forms.ModelForm):
    class Meta:
        model = FacilityPhoto
        fields = ("space", "image", "alt_text", "licence", "sort_order")

    def clean_image(self):
        image = self.cleaned_data.get("image")
        return clean_image(image) if image and hasattr(image, "content_type") else image


class PhotoInline(admin.TabularInline):
    model = FacilityPhoto
    form = PhotoForm
    extra = 0
    fk_name = "facility"


@admin.register(Facility)
class FacilityAdmin(FastRowsMixin, AuditHistoryMixin, BackgroundImportMixin, ImportExportModelAdmin):
    resource_classes = [FacilityResource]
    list_display = ("name", "kind", "area", "booking_mode", "is_center", "is_published")
    list_filter = ("kind", "booking_mode", "is_published", "area")
    list_select_related = ("area",)
    search_fields = ("name", "name_kana", "address")
    inlines = [OpeningHoursInline, TimeSlotInline, ClosureInline, OwnerWindowInline, PhotoInline]
    fieldsets = (
        (
            None,
            {"fields": ("name", "name_kana", "kind", "is_center", "area", "description", "is_published", "sort_order")},
        ),
        (
            _("所在地・連絡先"),
            {
                "fields": (
                    "postal_code",
                    "address",
                    "address_detail",
                    "latitude",
                    "longitude",
                    "access",
                    "phone",
                    "email",
                    "website",
                    "manager_name",
                    "manager_corporate_number",
                )
            },
        ),
        (
            _("休館日・バリアフリー"),
            {
                "fields": (
                    "closed_days_note",
                    "closed_on_holidays",
                    "wheelchair_access",
                    "elevator",
                    "accessible_toilet",
                    "hearing_loop",
                    "braille_blocks",
                    "accessible_parking",
                    "barrier_free_note",
                )
            },
        ),
        (
            _("予約方法と予約のきまり"),
            {
                "fields": (
                    "booking_mode",
                    "booking_url",
                    "booking_phone",
                    "step_minutes",
                    "min_minutes",
                    "max_minutes",
                    "cleaning_minutes",
                    "advance_days_registered",
                    "advance_days_other",
                    "monthly_quota_per_group",
                    "cancel_deadline_days",
                    "cancel_fee_days",
                    "cancel_fee_percent",
                    "auto_confirm",
                )
            },
        ),
        (_("英語表記（オープンデータ）"), {"fields": ("name_en", "description_en")}),
    )


class FeeRateFormSet(BaseInlineFormSet):
    """The bands of a space as saved must price every minute of its facility's opening day, once."""

    def clean(self):
        super().clean()
        if any(form.errors for form in self.forms):
            return
        kept = [
            form.instance
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE") and form.instance.starts and form.instance.ends
        ]
        if not kept:
            return  # a room without fees is free of charge
        facility_id = getattr(self.instance, "facility_id", None)
        hours = list(OpeningHours.objects.filter(facility_id=facility_id)) if facility_id else []
        opens = min((h.opens for h in hours), default=None)
        closes = max((h.closes for h in hours), default=None)
        if problems := fee_band_problems(kept, opens=opens, closes=closes):
            raise ValidationError(problems)


class FeeRateInline(admin.TabularInline):
    model = FeeRate
    formset = FeeRateFormSet
    extra = 0


@admin.register(Space)
class SpaceAdmin(FastRowsMixin, BackgroundImportMixin, ImportExportModelAdmin):
    resource_classes = [SpaceResource]
    list_display = ("name", "facility", "capacity", "is_active")
    list_filter = ("facility", "is_active")
    list_select_related = ("facility",)
    search_fields = ("name", "facility__name")
    filter_horizontal = ("parts",)
    inlines = [FeeRateInline]


class EquipmentItemInline(admin.TabularInline):
    model = EquipmentItem
    extra = 0


@admin.register(EquipmentType)
class EquipmentTypeAdmin(FastRowsMixin, BackgroundImportMixin, ImportExportModelAdmin):
    resource_classes = [EquipmentTypeResource]
    list_display = ("name", "facility", "stock", "fee_per_use", "is_active")
    list_filter = ("facility", "is_active")
    list_select_related = ("facility",)
    inlines = [EquipmentItemInline]


class LoanStatusChangeInline(StatusLogInline):
    """The loan's workflow log, read only: written by the loan services, never by hand."""

    model = LoanStatusChange

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Loan)
class LoanAdmin(FastRowsMixin, AuditHistoryMixin, admin.ModelAdmin):
    list_display = ("equipment_type", "quantity", "user", "group", "starts_at", "ends_at", "status")
    list_filter = ("status", "equipment_type__facility")
    list_select_related = ("equipment_type", "user", "group")
    ordering = ("-starts_at", "-id")  # newest first, through the (starts_at, id) index
    show_full_result_count = False
    readonly_fields = (
        "equipment_type",
        "quantity",
        "booking",
        "user",
        "group",
        "starts_at",
        "ends_at",
        "status",
        "fee",
        "handed_over_at",
        "returned_at",
        "return_condition",
        "items",
    )
    inlines = [LoanStatusChangeInline]
    actions = ["hand_over", "take_back", "cancel"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("選んだ備品を貸し出す"))
    def hand_over(self, request, queryset):
        run_for_each(
            self,
            request,
            queryset,
            lambda o: services.loan_hand_over(loan=o, by=request.user),
            _("%(n)d件を貸し出しました。"),
        )

    @admin.action(description=_("選んだ備品の返却を受ける"))
    def take_back(self, request, queryset):
        run_for_each(
            self,
            request,
            queryset,
            lambda o: services.loan_return(loan=o, by=request.user),
            _("%(n)d件の返却を受けました。"),
        )

    @admin.action(description=_("選んだ貸出を取り消す"))
    def cancel(self, request, queryset):
        run_for_each(
            self,
            request,
            queryset,
            lambda o: services.loan_cancel(loan=o, by=request.user),
            _("%(n)d件を取り消しました。"),
        )


class BookingStatusChangeInline(StatusLogInline):
    model = BookingStatusChange


class BookingAddForm(forms.ModelForm):
    """Staff booking on someone's behalf: the same rules and conflict message as the public form."""

    class Meta:
        model = Booking
        fields = ("space", "user", "group", "starts_at", "ends_at", "purpose", "expected_attendees")

    def clean(self):
        super().clean()
        data = self.cleaned_data
        if all(data.get(k) for k in ("space", "user", "expected_attendees")):
            booking_check_request(
                user=data["user"],
                space=data["space"],
                group=data.get("group"),
                expected_attendees=data["expected_attendees"],
            )
        if all(data.get(k) for k in ("space", "starts_at", "ends_at")):
            problems = booking_problems(
                space=data["space"], starts_at=data["starts_at"], ends_at=data["ends_at"], group=data.get("group")
            )
            if problems:
                raise ValidationError(problems)
        return data


class StartsFilter(PeriodFilter):
    title = _("利用日")
    field_name = "starts_at"
    periods = ("today", "tomorrow", "next7", "this_month", "next_month", "last_month")


@admin.register(Booking)
class BookingAdmin(FastRowsMixin, FieldByFieldSearchMixin, BackgroundImportMixin, ImportExportModelAdmin):
    resource_classes = [BookingResource]
    list_display = ("starts_at", "ends_at", "space", "user", "group", "status", "final_price", "exemption_state")
    list_filter = (StartsFilter, "status", "exemption_state", "space__facility")
    list_select_related = ("space__facility", "user", "group")
    search_fields = ("purpose", "user__email", "group__name")
    search_help_text = _("利用目的、申込者のメールアドレス、利用団体名の一部")
    # Newest first through the (starts_at, id) index; the period filter stands in for date_hierarchy, whose list of
    # years reads the whole table.
    ordering = ("-starts_at", "-id")
    show_full_result_count = False
    inlines = [BookingStatusChangeInline]
    actions = ["confirm", "cancel", "no_show", "approve_exemption", "reject_exemption"]
    autocomplete_fields = ()

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["form"] = BookingAddForm
        return super().get_form(request, obj, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ()
        return [f.name for f in Booking._meta.fields if f.name != "exemption_evidence"] + ["evidence_link"]

    def get_exclude(self, request, obj=None):
        return ("exemption_evidence",) if obj else ()

    @admin.display(description=_("減免の証明書類"))
    def evidence_link(self, obj):
        if not obj.exemption_evidence:
            return "—"
        url = reverse("facilities:booking_evidence", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("ダウンロード"))

    def get_fields(self, request, obj=None):
        if obj is None:
            return BookingAddForm.Meta.fields
        return super().get_fields(request, obj)

    def save_model(self, request, obj, form, change):
        if change:
            return
        booking = services.booking_create(
            user=obj.user,
            space=obj.space_id,
            group=obj.group,
            starts_at=obj.starts_at,
            ends_at=obj.ends_at,
            purpose=obj.purpose,
            expected_attendees=obj.expected_attendees,
        )
        obj.__dict__.update({k: v for k, v in booking.__dict__.items() if not k.startswith("_")})

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("選んだ予約を確定する"))
    def confirm(self, request, queryset):
        run_for_each(
            self,
            request,
            queryset,
            lambda o: services.booking_confirm(booking=o, by=request.user),
            _("%(n)d件を確定しました。"),
        )

    @admin.action(description=_("選んだ予約を取り消す"))
    def cancel(self, request, queryset):
        run_for_each(
            self,
            request,
            queryset,
            lambda o: services.booking_cancel(booking=o, by=request.user),
            _("%(n)d件を取り消しました。"),
        )

    @admin.action(description=_("選んだ予約を無断不使用にする"))
    def no_show(self, request, queryset):
        run_for_each(
            self,
            request,
            queryset,
            lambda o: services.booking_no_show(booking=o, by=request.user),
            _("%(n)d件を無断不使用にしました。"),
        )

    @admin.action(description=_("減免申請を承認する（書類確認済み）"))
    def approve_exemption(self, request, queryset):
        run_for_each(
            self,
            request,
            queryset,
            lambda o: services.booking_exemption_review(booking=o, by=request.user, approved=True),
            _("%(n)d件の減免を承認しました。"),
        )

    @admin.action(description=_("減免申請を承認しない"))
    def reject_exemption(self, request, queryset):
        run_for_each(
            self,
            request,
            queryset,
            lambda o: services.booking_exemption_review(booking=o, by=request.user, approved=False),
            _("%(n)d件の減免を不承認にしました。"),
        )


@admin.register(ExemptionRule)
class ExemptionRuleAdmin(FastRowsMixin, AuditHistoryMixin, admin.ModelAdmin):
    list_display = ("name", "qualifier", "percentage", "application", "legal_basis", "is_active", "sort_order")
    list_editable = ("sort_order",)
    list_filter = ("qualifier", "application", "is_active")


@admin.register(GroupCalendar)
class GroupCalendarAdmin(FastRowsMixin, admin.ModelAdmin):
    list_display = ("group", "reset_at")
    list_select_related = ("group",)
    readonly_fields = ("group", "token", "reset_at")
    search_fields = ("group__name",)
    actions = ["reset"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("非公開カレンダーのURLを再発行する"))
    def reset(self, request, queryset):
        run_for_each(
            self,
            request,
            queryset,
            lambda o: services.group_calendar_reset(group=o.group),
            _("%(n)d件のURLを再発行しました。"),
        )


from . import admin_lottery  # noqa: E402, F401 - lotteries and payments
