"""The mail queue in the admin: what waits, what was sent, what failed and why; failed mail can be re-queued."""

import logging

from django.contrib import admin, messages
from django.db.models import Q
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .admin_lists import PeriodFilter, RecordAdmin
from .mail_backend import attachment_names
from .mail_tasks import resend_failed
from .models import MailStatus, OutgoingMail

logger = logging.getLogger(__name__)


class CreatedFilter(PeriodFilter):
    title = _("受付日")
    field_name = "created_at"


@admin.register(OutgoingMail)
class OutgoingMailAdmin(RecordAdmin):
    """Read only: the stored message is what was handed over; only its place in the queue may change (再送する)."""

    list_display = ["created_at", "subject", "recipients", "status", "attempts", "next_attempt_at", "sent_at", "error"]
    list_filter = [CreatedFilter, "status"]
    search_fields = ["subject"]
    search_help_text = _("件名の一部、または宛先のメールアドレス")
    show_full_result_count = False
    actions = ["resend"]
    fieldsets = [
        (
            _("送信"),
            {
                "fields": [
                    "status",
                    "attempts",
                    "created_at",
                    "last_attempt_at",
                    "next_attempt_at",
                    "sent_at",
                    "error_text",
                ]
            },
        ),
        (_("メール"), {"fields": ["from_email", "to", "cc", "bcc", "reply_to", "subject", "body", "attachment_list"]}),
    ]

    def has_resend_permission(self, request):
        return request.user.has_perm("core.resend_outgoingmail")

    def get_readonly_fields(self, request, obj=None):
        return [name for _title, options in self.fieldsets for name in options["fields"]]

    def get_search_results(self, request, queryset, search_term):
        found, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        term = search_term.strip()
        if "@" in term:  # an address matches whole, among the mails the filters left
            found = found | queryset.filter(Q(to__contains=[term]) | Q(cc__contains=[term]) | Q(bcc__contains=[term]))
        return found, may_have_duplicates

    @admin.display(description=_("宛先"))
    def recipients(self, mail):
        return ", ".join(mail.to + mail.cc + mail.bcc)

    @admin.display(description=_("エラー"))
    def error(self, mail):
        if mail.status == MailStatus.SENT or not mail.last_error:
            return ""
        return mail.last_error if len(mail.last_error) <= 80 else f"{mail.last_error[:80]}…"

    @admin.display(description=_("最後のエラー"))
    def error_text(self, mail):
        return format_html("<pre>{}</pre>", mail.last_error) if mail.last_error else "-"

    @admin.display(description=_("添付ファイル"))
    def attachment_list(self, mail):
        return ", ".join(attachment_names(mail)) or "-"

    @admin.action(description=_("再送する"), permissions=["resend"])
    def resend(self, request, queryset):
        selected = queryset.count()
        count = resend_failed(queryset)
        logger.info("user %s re-queued %s failed mail(s)", request.user.pk, count)
        if count:
            self.message_user(request, _("%(n)d件のメールを送信待ちに戻しました。") % {"n": count}, messages.SUCCESS)
        if skipped := selected - count:
            text = _("送信失敗でないメール%(n)d件はそのままです。") % {"n": skipped}
            self.message_user(request, text, messages.WARNING)
