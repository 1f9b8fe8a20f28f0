"""Documents a round asks every applicant to attach (事業計画書, 見積書, 定款…), with a template to download."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class FileTypes(models.TextChoices):
    """What an attached file may be; each is checked by content with the core upload validators."""

    PDF_OR_IMAGE = "pdf_or_image", _("PDF又は画像（JPEG、PNG、WebP）")
    PDF = "pdf", _("PDFのみ")
    IMAGE = "image", _("画像のみ（JPEG、PNG、WebP）")


class RequiredDocument(models.Model):
    """One paper a round asks for: its name, a template to download, required or optional, the allowed types."""

    round = models.ForeignKey(
        "grants.Round", on_delete=models.CASCADE, related_name="required_documents", verbose_name=_("募集回")
    )
    name = models.CharField(_("書類名"), max_length=200)
    description = models.CharField(_("説明"), max_length=300, blank=True)
    template = models.FileField(_("様式（ダウンロード用）"), upload_to="grants/templates/%Y/", blank=True)
    required = models.BooleanField(_("必須"), default=True)
    file_types = models.CharField(
        _("添付できるファイル"), max_length=20, choices=FileTypes.choices, default=FileTypes.PDF_OR_IMAGE
    )
    order = models.PositiveSmallIntegerField(_("表示順"), default=0)

    class Meta:
        verbose_name = _("提出書類")
        verbose_name_plural = _("提出書類")
        ordering = ["round", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["round", "name"], name="grants_requireddoc_round_name"),
            models.CheckConstraint(
                condition=Q(file_types__in=FileTypes.values), name="grants_requireddoc_file_types_valid"
            ),
        ]

    def __str__(self):
        return self.name
