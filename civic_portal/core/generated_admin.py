"""Generated files in the admin, read only: what each booklet, report PDF or open-data file is, how far its build
is, when it was built, and why it failed."""

from django.contrib import admin
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from .admin_lists import RecordAdmin
from .models import GeneratedFile


@admin.register(GeneratedFile)
class GeneratedFileAdmin(RecordAdmin):
    list_display = ["title", "key", "status", "progress", "size_display", "built_at", "short_error"]
    list_filter = ["status", "private"]
    search_fields = ["key", "title"]
    ordering = ["key"]
    fields = readonly_fields = (
        "title", "key", "status", "progress", "private", "filename", "content_type", "size_display", "sha256",
        "fingerprint", "requested_fingerprint", "requested_at", "started_at", "built_at", "error",
    )  # fmt: skip

    @admin.display(description=_("進捗"))
    def progress(self, row):
        if not row.progress_total:
            return "-"
        return f"{row.progress_done:,} / {row.progress_total:,}（{row.progress_percent}%）"

    @admin.display(description=_("サイズ"), ordering="size")
    def size_display(self, row):
        return filesizeformat(row.size) if row.size is not None else "-"

    @admin.display(description=_("エラー"))
    def short_error(self, row):
        return row.error.splitlines()[-1][:120] if row.error else ""
