"""Events and their participants in the back office: approve, return or call off through the services; import and
export events (each new row proposed through the service) and participants (each new row signed up through it)."""

from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _gettext
from django.utils.translation import gettext_lazy as _
from import_export import fields, resources
from import_export.admin import ImportExportModelAdmin
from import_export.widgets import DateTimeWidget, ForeignKeyWidget

from civic_portal.core.admin_actions import run_for_each
from civic_portal.core.admin_lists import FastRowsMixin, StatusLogInline
from civic_portal.core.import_admin import BackgroundImportMixin
from civic_portal.core.resources import LoggedImport
from civic_portal.core.workflow import log_status_change
from groups.models import Group

from ..models.events import Event, EventSession, EventStatus, EventStatusChange, Signup
from ..services import events as services

EDITABLE = (EventStatus.PROPOSED, EventStatus.RETURNED)


class _AllOrNothing(LoggedImport, resources.ModelResource):
    def before_import(self, dataset, **kwargs):
        self._user = kwargs.get("user")
        return super().before_import(dataset, **kwargs)

    def import_data(self, dataset, **kwargs):
        kwargs.setdefault("rollback_on_validation_errors", True)
        return super().import_data(dataset, **kwargs)


class EventResource(_AllOrNothing):
    """Exports every event with its first session; a new row is proposed through the service (one session)."""

    group = fields.Field(attribute="group", column_name="group", widget=ForeignKeyWidget(Group, "registration_number"))
    starts_at = fields.Field(column_name="starts_at", widget=DateTimeWidget())
    ends_at = fields.Field(column_name="ends_at", widget=DateTimeWidget())

    class Meta:
        model = Event
        fields = (
            "id", "kind", "title", "description", "group", "status", "capacity", "fee", "audience", "sign_language",
            "childcare", "accessibility_notes", "space", "outside_venue", "signup_deadline", "cancel_deadline",
            "guests_allowed", "starts_at", "ends_at",
        )  # fmt: skip
        import_id_fields = ("id",)
        use_transactions = True
        clean_model_instances = False

    def dehydrate_starts_at(self, event):
        first = min(event.sessions.all(), key=lambda s: s.starts_at, default=None)
        return first.starts_at if first else None

    def dehydrate_ends_at(self, event):
        first = min(event.sessions.all(), key=lambda s: s.starts_at, default=None)
        return first.ends_at if first else None

    def get_queryset(self):
        return super().get_queryset().prefetch_related("sessions")

    def import_instance(self, instance, row, **kwargs):
        super().import_instance(instance, row, **kwargs)
        widget = DateTimeWidget()
        instance._session = (widget.clean(row.get("starts_at")), widget.clean(row.get("ends_at")))

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        starts_at, ends_at = getattr(instance, "_session", (None, None))
        if instance.pk and Event.objects.filter(pk=instance.pk).exists():
            errors[NON_FIELD_ERRORS] = [
                _gettext("既存のイベントは取込みで変更できません。管理画面で変更してください。")
            ]
        elif starts_at is None or ends_at is None:
            errors[NON_FIELD_ERRORS] = [_gettext("開始日時と終了日時を入力してください。")]
        elif not errors:
            values = {name: getattr(instance, name) for name in services.EVENT_FIELDS}
            for field, messages in services.event_problems(values=values, sessions=[(starts_at, ends_at)]).items():
                errors[NON_FIELD_ERRORS if field == "__all__" else field] = messages
        if errors:
            raise ValidationError(errors)

    def do_instance_save(self, instance, is_create):
        values = {name: getattr(instance, name) for name in services.EVENT_FIELDS}
        if self._user is None:
            raise ValidationError(_gettext("取込みをする職員のアカウントが必要です。"))
        event = services.event_propose(by=self._user, group=instance.group, values=values, sessions=[instance._session])
        instance.__dict__.update({k: v for k, v in event.__dict__.items() if not k.startswith("_")})


class SignupResource(_AllOrNothing):
    """Exports every sign-up; a new row signs a registered user up through the service (seat or waitlist)."""

    user = fields.Field(attribute="user", column_name="user", widget=ForeignKeyWidget(get_user_model(), "email"))

    class Meta:
        model = Signup
        fields = ("id", "event", "user", "guest_name", "guest_email", "status", "created_at", "attended_at")
        import_id_fields = ("id",)
        use_transactions = True
        clean_model_instances = False

    def get_queryset(self):
        return super().get_queryset().select_related("user")

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        if instance.pk and Signup.objects.filter(pk=instance.pk).exists():
            errors[NON_FIELD_ERRORS] = [_gettext("既存の申込は取込みで変更できません。")]
        elif not instance.user_id:
            errors["user"] = [_gettext("参加者のメールアドレス（登録済みの利用者）を指定してください。")]
        if errors:
            raise ValidationError(errors)

    def do_instance_save(self, instance, is_create):
        signup = services.signup_create(event=instance.event_id, user=instance.user)
        instance.__dict__.update({k: v for k, v in signup.__dict__.items() if not k.startswith("_")})


class EventStatusChangeInline(StatusLogInline):
    model = EventStatusChange


class SessionFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        now = timezone.now()
        for form in self.forms:
            starts_at = form.cleaned_data.get("starts_at") if form.has_changed() else None
            if starts_at and starts_at <= now and not form.cleaned_data.get("DELETE"):
                form.add_error("starts_at", _gettext("過去の日時は指定できません。"))


class EventSessionInline(admin.TabularInline):
    model = EventSession
    formset = SessionFormSet
    extra = 1
    fields = ("starts_at", "ends_at", "booking")
    readonly_fields = ("booking",)

    def _editable(self, obj):
        return obj is None or obj.status in EDITABLE

    def has_add_permission(self, request, obj=None):
        return self._editable(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._editable(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._editable(obj) and super().has_delete_permission(request, obj)


@admin.register(Event)
class EventAdmin(FastRowsMixin, BackgroundImportMixin, ImportExportModelAdmin):
    resource_classes = [EventResource]
    list_display = ("title", "kind", "group", "status", "capacity", "venue_display")
    list_filter = ("status", "kind")
    list_select_related = ("group", "space__facility")
    search_fields = ("title", "group__name")
    ordering = ("-id",)
    inlines = [EventSessionInline, EventStatusChangeInline]
    actions = ["approve", "cancel"]
    exclude = ("status", "created_by")
    autocomplete_fields = ()

    @admin.display(description=_("会場"))
    def venue_display(self, obj):
        return obj.venue

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.status not in EDITABLE:
            return [f.name for f in Event._meta.fields if f.name not in ("status", "created_by")]
        return ()

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
            obj.status = EventStatus.PROPOSED
        super().save_model(request, obj, form, change)
        if not change:
            log_status_change(obj, from_status="", by=request.user)

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("選んだイベントを承認して公開する（会場の部屋を予約します）"))
    def approve(self, request, queryset):
        run_for_each(
            self,
            request,
            queryset,
            lambda o: services.event_approve(event=o, by=request.user),
            _("%(n)d件を承認しました。"),
        )

    @admin.action(description=_("選んだイベントを中止する（参加者に連絡します）"))
    def cancel(self, request, queryset):
        run_for_each(
            self,
            request,
            queryset,
            lambda o: services.event_cancel(event=o, by=request.user),
            _("%(n)d件を中止しました。"),
        )


@admin.register(Signup)
class SignupAdmin(FastRowsMixin, BackgroundImportMixin, ImportExportModelAdmin):
    resource_classes = [SignupResource]
    list_display = ("event", "name_display", "status", "created_at", "attended_at")
    list_filter = ("status",)
    list_select_related = ("event", "user")
    search_fields = ("event__title", "user__email", "guest_email", "guest_name")
    ordering = ("-id",)
    actions = ["check_in", "cancel"]
    readonly_fields = (
        "event",
        "user",
        "guest_name",
        "guest_email",
        "status",
        "created_at",
        "cancelled_at",
        "attended_at",
    )

    @admin.display(description=_("氏名"))
    def name_display(self, obj):
        return obj.name

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("選んだ参加者を受付する（出席）"))
    def check_in(self, request, queryset):
        run_for_each(
            self,
            request,
            queryset,
            lambda o: services.signup_check_in(signup=o, by=request.user),
            _("%(n)d人を受付しました。"),
        )

    @admin.action(description=_("選んだ申込を取り消す（キャンセル待ちの先頭が繰り上がります）"))
    def cancel(self, request, queryset):
        run_for_each(
            self,
            request,
            queryset,
            lambda o: services.signup_cancel(signup=o, by=request.user),
            _("%(n)d件を取り消しました。"),
        )
