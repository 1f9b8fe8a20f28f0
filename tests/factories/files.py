"""Real files for upload tests: PDFs made by pypdf, clean or carrying what uploads must refuse."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, NumberObject, TextStringObject


def pdf_bytes(*, javascript: str = "", open_action: bool = False, attachment: bytes = b"", launch: bool = False):
    """A one-page PDF; each keyword adds one kind of active content."""
    writer = PdfWriter()
    page = writer.add_blank_page(width=595, height=842)
    if javascript:
        action = DictionaryObject(
            {NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject(javascript)}
        )
        tree = DictionaryObject(
            {NameObject("/Names"): ArrayObject([TextStringObject("x"), writer._add_object(action)])}
        )
        writer._root_object[NameObject("/Names")] = DictionaryObject({NameObject("/JavaScript"): tree})
    if open_action:
        action = DictionaryObject({NameObject("/S"): NameObject("/URI"), NameObject("/URI"): TextStringObject("x")})
        writer._root_object[NameObject("/OpenAction")] = writer._add_object(action)
    if attachment:
        writer.add_attachment("tool.exe", attachment)
    if launch:
        action = DictionaryObject({NameObject("/S"): NameObject("/Launch"), NameObject("/F"): TextStringObject("calc")})
        annotation = DictionaryObject({
            NameObject("/Type"): NameObject("/Annot"), NameObject("/Subtype"): NameObject("/Link"),
            NameObject("/Rect"): ArrayObject([NumberObject(0), NumberObject(0), NumberObject(9), NumberObject(9)]),
            NameObject("/A"): action,
        })  # fmt: skip
        page[NameObject("/Annots")] = ArrayObject([writer._add_object(annotation)])
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def pdf_upload(name: str = "plan.pdf", **kwargs) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, pdf_bytes(**kwargs), content_type="application/pdf")


def escaped_javascript_pdf() -> bytes:
    """A PDF whose JavaScript hides behind hex-escaped names (/J#61vaScript is /JavaScript, /J#53 is /JS)."""
    return pdf_bytes(javascript="app.alert(1)").replace(b"/JavaScript", b"/J#61vaScript").replace(b"/JS ", b"/J#53 ")
