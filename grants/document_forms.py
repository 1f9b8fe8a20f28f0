"""Uploads for a round's listed documents: checked by content with the core validators against the allowed types."""

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from civic_portal.core.uploads import clean_document, clean_image, clean_pdf

from .models import FileTypes


def clean_for_document(upload: UploadedFile, file_types: str) -> UploadedFile:
    """The upload checked for the document's file types (PDF, image or either), by content and size."""
    if file_types == FileTypes.PDF:
        return clean_pdf(upload)
    if file_types == FileTypes.IMAGE:
        try:
            return clean_image(upload)
        except ValidationError as exc:
            if exc.code == "file_too_large":
                raise
            message = _("この書類は画像（JPEG、PNG、WebP）で添付してください。")
            raise ValidationError(message, code="image_only") from exc
    return clean_document(upload)
