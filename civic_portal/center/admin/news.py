"""News entries and newsletter issues: uploads checked by content and size, the publish state at a glance."""

from django import forms
from django.contrib import admin
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from civic_portal.core.uploads import MAX_DOCUMENT_BYTES, clean_image, clean_pdf

from ..models import NewsEntry, NewsletterContent, NewsletterIssue

NEWSLETTER_MAX_BYTES = 2 * MAX_DOCUMENT_BYTES  # a printed issue with photos runs larger than an attachment


class NewsEntryForm(forms.ModelForm):
    class Meta:
        model = NewsEntry
        fields = [
            "category", "title", "summary", "body", "publish_at", "unpublish_at", "image", "image_alt", "pdf",
            "pdf_title",
        ]  # fmt: skip

    def clean_image(self):
        image = self.cleaned_data.get("image")
        # Only a new upload needs checking; an unchanged file is the stored one.
        return clean_image(image) if image and hasattr(image, "content_type") else image

    def clean_pdf(self):
        pdf = self.cleaned_data.get("pdf")
        return clean_pdf(pdf) if pdf and hasattr(pdf, "content_type") else pdf


class PublishStateFilter(admin.SimpleListFilter):
    title = _("掲載状態")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [("public", _("公開中")), ("scheduled", _("公開予定")), ("draft", _("下書き")), ("ended", _("掲載終了"))]

    def queryset(self, request, queryset):
        now = timezone.now()
        match self.value():
            case "public":
                return queryset.published(now)
            case "scheduled":
                return queryset.filter(publish_at__gt=now)
            case "draft":
                return queryset.filter(publish_at__isnull=True)
            case "ended":
                return queryset.filter(Q(unpublish_at__lte=now))
        return queryset


@admin.register(NewsEntry)
class NewsEntryAdmin(admin.ModelAdmin):
    form = NewsEntryForm
    list_display = ["title", "category", "publish_at", "unpublish_at", "state"]
    list_filter = ["category", PublishStateFilter]
    search_fields = ["title"]
    readonly_fields = ["created_by", "created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["category", "title", "summary", "body"]}),
        (_("掲載期間"), {"fields": ["publish_at", "unpublish_at"]}),
        (_("画像・PDF"), {"fields": ["image", "image_alt", "pdf", "pdf_title"]}),
        (_("記録"), {"fields": ["created_by", "created_at", "updated_at"]}),
    ]

    @admin.display(description=_("掲載状態"))
    def state(self, obj: NewsEntry) -> str:
        now = timezone.now()
        if obj.publish_at is None:
            return str(_("下書き"))
        if obj.publish_at > now:
            return str(_("公開予定"))
        if obj.unpublish_at is not None and obj.unpublish_at <= now:
            return str(_("掲載終了"))
        return str(_("公開中"))

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


class NewsletterIssueForm(forms.ModelForm):
    class Meta:
        model = NewsletterIssue
        fields = ["number", "title", "issued_on", "pdf", "is_published"]

    def clean_pdf(self):
        pdf = self.cleaned_data.get("pdf")
        return clean_pdf(pdf, max_bytes=NEWSLETTER_MAX_BYTES) if pdf and hasattr(pdf, "content_type") else pdf


class NewsletterContentInline(admin.TabularInline):
    model = NewsletterContent
    extra = 3


@admin.register(NewsletterIssue)
class NewsletterIssueAdmin(admin.ModelAdmin):
    form = NewsletterIssueForm
    list_display = ["number", "title", "issued_on", "is_published"]
    list_filter = ["is_published"]
    search_fields = ["title"]
    inlines = [NewsletterContentInline]
