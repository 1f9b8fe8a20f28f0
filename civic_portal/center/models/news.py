"""News entries (お知らせ) with their publish window, and the newsletter (センターだより) issue by issue."""

from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from civic_portal.core.models import actor_field

from ..querysets import NewsEntryQuerySet


class NewsCategory(models.TextChoices):
    NOTICE = "notice", pgettext_lazy("news category", "お知らせ")
    RECRUITMENT = "recruitment", pgettext_lazy("news category", "募集")
    GRANTS = "grants", pgettext_lazy("news category", "助成情報")
    FACILITIES = "facilities", pgettext_lazy("news category", "施設")
    REPORT = "report", pgettext_lazy("news category", "報告")


class NewsEntry(models.Model):
    """One news entry; public from publish_at (empty: a draft) until unpublish_at (empty: for good)."""

    category = models.CharField(_("分類"), max_length=20, choices=NewsCategory.choices, default=NewsCategory.NOTICE)
    title = models.CharField(_("題名"), max_length=200)
    summary = models.CharField(
        _("概要"), max_length=300, blank=True, help_text=_("一覧とフィードに出す一、二文。空なら本文の冒頭。")
    )
    body = models.TextField(
        _("本文"),
        help_text=_("Markdown で書きます（見出しは #、箇条書きは -、リンクは [文字](https://…)）。HTML は使えません。"),
    )
    image = models.ImageField(_("画像"), upload_to="center/news/%Y/", blank=True)
    image_alt = models.CharField(
        _("画像の代替テキスト"), max_length=200, blank=True, help_text=_("画像を見られない人に伝える内容。")
    )
    pdf = models.FileField(_("PDF"), upload_to="center/news/%Y/", blank=True)
    pdf_title = models.CharField(_("PDF の名前"), max_length=200, blank=True, help_text=_("空なら「添付資料」。"))
    publish_at = models.DateTimeField(
        _("公開日時"), null=True, blank=True, default=timezone.now, help_text=_("空にすると下書きです。")
    )
    unpublish_at = models.DateTimeField(_("公開終了日時"), null=True, blank=True, help_text=_("空なら掲載し続けます。"))
    created_by = actor_field(_("作成者"), blank=True)
    created_at = models.DateTimeField(_("作成日時"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True)

    objects = NewsEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("お知らせ")
        verbose_name_plural = _("お知らせ")
        ordering = ["-publish_at", "-id"]
        indexes = [
            # The public list: newest first, all categories or one (the window is checked on the rows read).
            models.Index(F("publish_at").desc(), F("id").desc(), name="center_news_published"),
            models.Index("category", F("publish_at").desc(), F("id").desc(), name="center_news_category"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(category__in=NewsCategory.values), name="center_news_category_valid"),
            models.CheckConstraint(
                condition=Q(unpublish_at__isnull=True) | Q(publish_at__lt=F("unpublish_at")),
                name="center_news_publish_before_unpublish",
                violation_error_message=_("公開終了日時は公開日時より後にしてください。"),
            ),
            models.CheckConstraint(
                condition=Q(image="") | ~Q(image_alt=""),
                name="center_news_image_has_alt",
                violation_error_message=_("画像には代替テキストを入れてください。"),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("center:news_detail", args=[self.pk])

    def is_public(self, now=None) -> bool:
        now = now or timezone.now()
        return (
            self.publish_at is not None
            and self.publish_at <= now
            and (self.unpublish_at is None or self.unpublish_at > now)
        )


class NewsletterIssue(models.Model):
    """One issue (号) of the center's newsletter, its PDF and its table of contents."""

    number = models.PositiveIntegerField(_("号"), unique=True)
    title = models.CharField(_("題名"), max_length=200)
    issued_on = models.DateField(_("発行日"))
    pdf = models.FileField(_("PDF"), upload_to="center/newsletter/")
    is_published = models.BooleanField(_("公開する"), default=True)
    created_at = models.DateTimeField(_("作成日時"), auto_now_add=True)

    class Meta:
        verbose_name = _("センターだより")
        verbose_name_plural = _("センターだより")
        ordering = ["-number"]
        constraints = [models.CheckConstraint(condition=Q(number__gte=1), name="center_newsletter_number_positive")]

    def __str__(self):
        return _("第%(number)s号 %(title)s") % {"number": self.number, "title": self.title}


class NewsletterContent(models.Model):
    """One line of an issue's table of contents, in the order printed."""

    issue = models.ForeignKey(
        NewsletterIssue, on_delete=models.CASCADE, related_name="contents", verbose_name=_("センターだより")
    )
    order = models.PositiveSmallIntegerField(_("表示順"), default=0)
    title = models.CharField(_("記事"), max_length=200)
    page = models.PositiveSmallIntegerField(_("ページ"), null=True, blank=True)

    class Meta:
        verbose_name = _("目次の項目")
        verbose_name_plural = _("目次")
        ordering = ["issue", "order", "id"]

    def __str__(self):
        return self.title
