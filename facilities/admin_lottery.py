"""Back office for lotteries (draw as an action through the service) and the payments the front desk recorded."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from civic_portal.core.admin_actions import run_for_each
from civic_portal.core.admin_lists import FastRowsMixin, StatusLogInline

from . import services
from .models import LotteryApplication, LotteryChoice, LotteryStatus, LotteryWindow, LotteryWindowStatusChange, Payment


class LotteryWindowStatusChangeInline(StatusLogInline):
    model = LotteryWindowStatusChange


class LotteryWindowForm(forms.ModelForm):
    class Meta:
        model = LotteryWindow
        fields = ("facility", "spaces", "name", "month", "applies_from", "applies_until", "quota_per_group",
                  "max_choices", "confirm_days")  # fmt: skip

    def clean(self):
        data = super().clean() or {}
        facility, spaces = data.get("facility"), data.get("spaces")
        if facility and spaces and any(s.facility_id != facility.pk for s in spaces):
            self.add_error("spaces", _("この施設の部屋だけを選んでください。"))
        return data


@admin.register(LotteryWindow)
class LotteryWindowAdmin(FastRowsMixin, admin.ModelAdmin):
    form = LotteryWindowForm
    list_display = ("name", "facility", "month", "applies_from", "applies_until", "status", "seed")
    list_filter = ("status", "facility")
    list_select_related = ("facility",)
    search_fields = ("name",)
    filter_horizontal = ("spaces",)
    readonly_fields = ("status", "seed", "draw_order", "drawn_at")
    inlines = [LotteryWindowStatusChangeInline]
    actions = ["draw"]

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        if obj is not None and obj.status == LotteryStatus.DRAWN:
            # A drawn lottery is a published record: its rules and rooms no longer change.
            return (*fields, "facility", "spaces", "name", "month", "applies_from", "applies_until",
                    "quota_per_group", "max_choices", "confirm_days")  # fmt: skip
        return fields

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "spaces":
            kwargs["queryset"] = db_field.related_model.objects.select_related("facility")
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    @admin.action(description=_("選んだ抽選を実施する"))
    def draw(self, request, queryset):
        run_for_each(
            self,
            request,
            queryset.order_by("pk"),
            lambda o: services.lottery_draw(window=o, by=request.user),
            _("%(n)d件の抽選を実施しました。"),
        )


class LotteryChoiceInline(admin.TabularInline):
    model = LotteryChoice
    extra = 0
    can_delete = False
    fields = ("rank", "space", "starts_at", "ends_at", "outcome", "booking")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(LotteryApplication)
class LotteryApplicationAdmin(FastRowsMixin, admin.ModelAdmin):
    list_display = ("pk", "window", "group", "user", "created_at")
    list_filter = ("window",)
    list_select_related = ("window", "group", "user")
    search_fields = ("group__name",)
    readonly_fields = ("window", "group", "user", "purpose", "expected_attendees", "created_at")
    inlines = [LotteryChoiceInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Payment)
class PaymentAdmin(FastRowsMixin, admin.ModelAdmin):
    list_display = ("receipt_number", "fiscal_year", "booking", "amount", "method", "paid_on", "recorded_by")
    list_filter = ("fiscal_year", "method")
    list_select_related = ("booking__space__facility", "recorded_by")
    search_fields = ("receipt_number",)
    readonly_fields = (
        "booking", "amount", "method", "paid_on", "fiscal_year", "receipt_number", "recorded_by", "recorded_at",
    )  # fmt: skip

    def has_add_permission(self, request):
        return False  # recorded at the front desk (payment_record), which checks the amount and the number

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
