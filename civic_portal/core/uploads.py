"""Uploaded files are trusted only after checking their content: images are re-encoded, PDFs sniffed."""

import warnings
from io import BytesIO

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import InMemoryUploadedFile, UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

MAX_IMAGE_BYTES = 5 * 1024 * 1024
MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
# Refuse decompression bombs: a 5 MB PNG can otherwise expand to gigabytes of pixels.
MAX_IMAGE_PIXELS = 40_000_000
IMAGE_FORMATS = {"JPEG": ("jpg", "image/jpeg"), "PNG": ("png", "image/png"), "WEBP": ("webp", "image/webp")}


def _check_size(upload: UploadedFile, limit: int) -> None:
    if upload.size > limit:
        raise ValidationError(
            _("ファイルが大きすぎます（上限 %(limit)s、このファイルは %(size)s）。")
            % {"limit": filesizeformat(limit), "size": filesizeformat(upload.size)},
            code="file_too_large",
        )


def clean_image(upload: UploadedFile, *, max_bytes: int = MAX_IMAGE_BYTES, max_side: int = 2000) -> UploadedFile:
    """Accept JPEG, PNG or WebP by content, refuse bombs, shrink and re-encode without metadata (EXIF, GPS)."""
    _check_size(upload, max_bytes)
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            probe = Image.open(upload)
        with probe:
            fmt = probe.format
            if fmt not in IMAGE_FORMATS:
                raise ValidationError(_("画像は JPEG、PNG、WebP のいずれかにしてください。"), code="image_type")
            if probe.width * probe.height > MAX_IMAGE_PIXELS:
                raise ValidationError(_("画像の画素数が大きすぎます。"), code="image_pixels")
            probe.verify()
        upload.seek(0)
        with Image.open(upload) as image:
            image.load()
            image = image.convert("RGBA" if fmt == "PNG" and image.mode in ("RGBA", "LA", "P") else "RGB")
            image.thumbnail((max_side, max_side))
            buffer = BytesIO()
            image.save(buffer, format=fmt, **({"quality": 85} if fmt in ("JPEG", "WEBP") else {"optimize": True}))
    except (Image.DecompressionBombWarning, Image.DecompressionBombError) as exc:
        raise ValidationError(_("画像の画素数が大きすぎます。"), code="image_pixels") from exc
    except (UnidentifiedImageError, OSError, SyntaxError) as exc:
        raise ValidationError(_("画像ファイルとして読み込めませんでした。"), code="image_invalid") from exc
    ext, content_type = IMAGE_FORMATS[fmt]
    stem = (upload.name or "image").rsplit("/", 1)[-1].rsplit(".", 1)[0][:80] or "image"
    size = buffer.tell()
    buffer.seek(0)
    return InMemoryUploadedFile(buffer, None, f"{stem}.{ext}", content_type, size, None)


def clean_document(upload: UploadedFile, *, max_bytes: int = MAX_DOCUMENT_BYTES) -> UploadedFile:
    """Accept a PDF (by its %PDF- signature) or an image (re-encoded as by clean_image)."""
    _check_size(upload, max_bytes)
    upload.seek(0)
    head = upload.read(5)
    upload.seek(0)
    if head == b"%PDF-":
        name = (upload.name or "document").rsplit("/", 1)[-1]
        if not name.lower().endswith(".pdf"):
            upload.name = f"{name.rsplit('.', 1)[0]}.pdf"
        return upload
    try:
        return clean_image(upload, max_bytes=max_bytes)
    except ValidationError as exc:
        raise ValidationError(
            _("添付できるのは PDF 又は画像（JPEG、PNG、WebP）のみです。"), code="document_type"
        ) from exc
