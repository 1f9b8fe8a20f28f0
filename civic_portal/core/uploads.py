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
    size = upload.size or 0
    if size > limit:
        raise ValidationError(
            _("ファイルが大きすぎます（上限 %(limit)s、このファイルは %(size)s）。")
            % {"limit": filesizeformat(limit), "size": filesizeformat(size)},
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
        with Image.open(upload) as original:
            original.load()
            image = original.convert("RGBA" if fmt == "PNG" and original.mode in ("RGBA", "LA", "P") else "RGB")
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


def clean_pdf(upload: UploadedFile, *, max_bytes: int = MAX_DOCUMENT_BYTES) -> UploadedFile:
    """Accept only a PDF, by content (as check_pdf), named .pdf."""
    _check_size(upload, max_bytes)
    upload.seek(0)
    head = upload.read(5)
    upload.seek(0)
    if head != b"%PDF-":
        raise ValidationError(_("PDF ファイルを選んでください。"), code="pdf_type")
    check_pdf(upload)
    name = (upload.name or "document").rsplit("/", 1)[-1]
    if not name.lower().endswith(".pdf"):
        upload.name = f"{name.rsplit('.', 1)[0]}.pdf"
    return upload


def clean_document(upload: UploadedFile, *, max_bytes: int = MAX_DOCUMENT_BYTES) -> UploadedFile:
    """Accept a PDF that parses and carries no active content, or an image (re-encoded as by clean_image)."""
    _check_size(upload, max_bytes)
    upload.seek(0)
    head = upload.read(5)
    upload.seek(0)
    if head == b"%PDF-":
        return clean_pdf(upload, max_bytes=max_bytes)
    try:
        return clean_image(upload, max_bytes=max_bytes)
    except ValidationError as exc:
        raise ValidationError(
            _("添付できるのは PDF 又は画像（JPEG、PNG、WebP）のみです。"), code="document_type"
        ) from exc


# Names that make a PDF act when opened or clicked, or carry other files.
ACTIVE_PDF_NAMES = frozenset(
    {"/JavaScript", "/JS", "/Launch", "/OpenAction", "/AA", "/EmbeddedFile", "/EmbeddedFiles", "/RichMedia",
     "/XFA", "/SubmitForm", "/ImportData", "/GoToR", "/GoToE", "/Sound", "/Movie"}
)  # fmt: skip


def check_pdf(upload: UploadedFile) -> None:
    """Refuse a PDF that does not parse, is encrypted, or carries scripts, launch/open actions or embedded files."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    upload.seek(0)
    try:
        reader = PdfReader(upload, strict=False)
        if reader.is_encrypted:
            raise ValidationError(_("パスワードで保護された PDF は添付できません。"), code="pdf_encrypted")
        if len(reader.pages) == 0:
            raise ValidationError(_("PDF としてページを読み込めませんでした。"), code="pdf_invalid")
        active = _active_pdf_content(reader)
    except ValidationError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, RecursionError, OSError) as exc:
        raise ValidationError(_("PDF として読み込めませんでした。"), code="pdf_invalid") from exc
    finally:
        upload.seek(0)
    if active:
        raise ValidationError(
            _("スクリプト、自動実行の動作又は埋め込みファイルを含む PDF は添付できません（%(what)s）。")
            % {"what": "、".join(sorted(active))},
            code="pdf_active",
        )


def _active_pdf_content(reader) -> set[str]:
    """The active names found in any object of the file (compressed object streams included)."""
    from pypdf.generic import ArrayObject, DictionaryObject, NameObject

    found: set[str] = set()
    numbers = {num for objects in reader.xref.values() for num in objects} | set(reader.xref_objStm)

    def visit(obj, depth=0):
        if depth > 50:
            return
        if isinstance(obj, DictionaryObject):
            for key, value in obj.items():
                if key in ACTIVE_PDF_NAMES:
                    found.add(key)
                if isinstance(value, NameObject) and value in ACTIVE_PDF_NAMES:
                    found.add(str(value))
                visit(value, depth + 1)
        elif isinstance(obj, ArrayObject):
            for item in obj:
                visit(item, depth + 1)

    for number in numbers:
        visit(reader.get_object(number))  # a broken object refuses the file (what hides there is unknown)
    return found
