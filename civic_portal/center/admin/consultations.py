"""The consultation desk's back office: slots staff publish, the bookings, and the consultation records with their
follow-ups. Only center staff hold these permissions: the records carry personal details."""

import datetime as dt

from django import forms
from django.contrib import admin
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from civic_portal.accounts.models import User
from civic_portal.accounts.roles import CENTER_STAFF
from civic_portal.core.admin_actions import service_action
from civic_portal.core.admin_lists import FastRowsMixin

from ..models import (
    ClientKind,
    Consultation,
    ConsultationBooking,
    ConsultationSlot,
    FollowUp,
    Referral,
    Topic,
)
from ..services import consultations as services


class ConsultationSlotForm(forms.ModelForm):
    class Meta:
        model = ConsultationSlot
        fields = ["starts_at", "ends_at", "channel", "staff"]

    def clean_starts_at(self):
        starts_at = self.cleaned_data["starts_at"]
        if starts_at <= timezone.now() and (self.instance.pk is None or "starts_at" in self.changed_data):
            raise forms.ValidationError(_("開始日時は未来の日時にしてください。"))
        return starts_at


@admin.register(ConsultationSlot)
class ConsultationSlotAdmin(FastRowsMixin, admin.ModelAdmin):
    form = ConsultationSlotForm
    list_display = ["__str__", "ends_at", "staff", "is_booked"]
    list_filter = ["channel"]
    list_select_related = ["staff"]
    ordering = ["-starts_at", "-id"]
    date_hierarchy = "starts_at"

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "staff":
            # Slots are kept by center staff only (a short list: a plain select works without JavaScript).
            kwargs["queryset"] = User.objects.filter(groups__name=CENTER_STAFF, is_active=True).order_by(
                "full_name", "id"
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_queryset(self, request):
        booked = ConsultationBooking.objects.filter(slot=OuterRef("pk"), cancelled_at__isnull=True)
        return super().get_queryset(request).annotate(booked=Exists(booked))

    @admin.display(description=_("予約"), boolean=True)
    def is_booked(self, obj) -> bool:
        return obj.booked

    def get_changeform_initial_data(self, request):
        return {"staff": request.user.pk, **super().get_changeform_initial_data(request)}


@admin.register(ConsultationBooking)
class ConsultationBookingAdmin(FastRowsMixin, admin.ModelAdmin):
    """Bookings come from the site; staff turn one into a consultation record."""

    list_display = ["slot", "user", "group", "created_at", "cancelled_at"]
    list_select_related = ["slot", "user", "group"]
    list_filter = [("cancelled_at", admin.EmptyFieldListFilter)]
    ordering = ["-slot__starts_at", "-id"]
    readonly_fields = ["slot", "user", "group", "topics", "note", "created_at", "cancelled_at"]
    actions = ["record_consultation"]

    record_consultation = service_action(
        _("この予約から相談の記録を作る"),
        lambda booking, request: services.consultation_from_booking(booking=booking, by=request.user),
        _("%(count)d件の相談の記録を作りました。「相談の記録」で助言の内容と時間を記入してください。"),
    )

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ConsultationForm(forms.ModelForm):
    topics = forms.MultipleChoiceField(
        label=_("相談の分野"), choices=Topic.choices, widget=forms.CheckboxSelectMultiple
    )
    referrals = forms.MultipleChoiceField(
        label=_("紹介先"), choices=Referral.choices, widget=forms.CheckboxSelectMultiple, required=False
    )

    class Meta:
        model = Consultation
        fields = [
            "held_at", "channel", "client_kind", "group", "person_name", "person_contact", "topics", "minutes",
            "advice", "referrals", "referral_other",
        ]  # fmt: skip

    def clean(self):
        super().clean()
        data = self.cleaned_data
        if data.get("client_kind") == ClientKind.GROUP and not data.get("group"):
            self.add_error("group", _("登録団体の相談では団体を選んでください。"))
        if data.get("held_at") and data["held_at"] > timezone.now() + dt.timedelta(hours=1):
            self.add_error("held_at", _("相談日時に未来の日時は入れられません。"))
        return data


class FollowUpInline(admin.TabularInline):
    model = FollowUp
    extra = 1
    fields = ["task", "due_on", "is_done"]


@admin.register(Consultation)
class ConsultationAdmin(FastRowsMixin, admin.ModelAdmin):
    form = ConsultationForm
    list_display = ["held_at", "channel", "client_kind", "group", "topic_labels", "minutes", "erased_at"]
    list_filter = ["channel", "client_kind"]
    list_select_related = ["group"]
    search_fields = ["person_name", "group__name"]
    date_hierarchy = "held_at"
    ordering = ["-held_at", "-id"]
    autocomplete_fields = ["group"]
    readonly_fields = ["booking", "recorded_by", "created_at", "updated_at", "erased_at"]
    inlines = [FollowUpInline]
    fieldsets = [
        (None, {"fields": ["held_at", "channel", "minutes", "topics"]}),
        (_("相談者"), {"fields": ["client_kind", "group", "person_name", "person_contact"]}),
        (_("助言と紹介"), {"fields": ["advice", "referrals", "referral_other"]}),
        (_("記録"), {"fields": ["booking", "recorded_by", "created_at", "updated_at", "erased_at"]}),
    ]

    @admin.display(description=_("相談の分野"))
    def topic_labels(self, obj) -> str:
        return "、".join(str(Topic(value).label) for value in obj.topics if value in Topic.values)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.recorded_by = request.user
        super().save_model(request, obj, form, change)
