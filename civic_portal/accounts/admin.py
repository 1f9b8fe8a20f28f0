from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from civic_portal.core.admin_lists import FastRowsMixin
from civic_portal.core.audit_admin import AuditHistoryMixin

from .models import User


@admin.register(User)
class UserAdmin(FastRowsMixin, AuditHistoryMixin, DjangoUserAdmin):
    ordering = ["email"]
    show_full_result_count = False
    list_display = ["email", "full_name", "is_staff", "is_active", "date_joined"]
    list_filter = ["is_staff", "is_superuser", "is_active", "groups"]
    search_fields = ["email", "full_name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("個人情報"), {"fields": ["full_name"]}),
        (_("権限"), {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]}),
        (_("日時"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]})]
