"""PDFs are accepted by what they are, not by their first five bytes."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from civic_portal.core.uploads import clean_document
from tests.factories.files import escaped_javascript_pdf, pdf_bytes, pdf_upload


def test_a_plain_pdf_is_accepted_with_its_name():
    cleaned = clean_document(pdf_upload("見積書.pdf"))
    assert cleaned.name == "見積書.pdf"
    assert cleaned.read(5) == b"%PDF-"


@pytest.mark.parametrize(
    ("kwargs", "what"),
    [
        ({"javascript": "app.alert(1)"}, "/JavaScript"),
        ({"open_action": True}, "/OpenAction"),
        ({"attachment": b"MZ\\x90\\x00"}, "/EmbeddedFile"),
        ({"launch": True}, "/Launch"),
    ],
)
def test_active_content_is_refused_in_japanese(kwargs, what):
    with pytest.raises(ValidationError) as error:
        clean_document(pdf_upload(**kwargs))
    assert error.value.code == "pdf_active"
    assert "添付できません" in error.value.messages[0]
    assert what in error.value.messages[0]


def test_a_hex_escaped_javascript_name_is_found():
    upload = SimpleUploadedFile("x.pdf", escaped_javascript_pdf(), content_type="application/pdf")
    with pytest.raises(ValidationError) as error:
        clean_document(upload)
    assert error.value.code == "pdf_active"


@pytest.mark.parametrize(
    "content",
    [
        b"%PDF-1.4\n<html><script>alert(1)</script></html>\n",
        b"%PDF-MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200,
        b"%PDF-1.7\n%\xe2\xe3\n1 0 obj\n",
        pdf_bytes()[:200],
    ],
    ids=["html-after-header", "renamed-executable", "truncated", "cut-short"],
)
def test_files_that_only_start_like_a_pdf_are_refused(content):
    with pytest.raises(ValidationError) as error:
        clean_document(SimpleUploadedFile("x.pdf", content, content_type="application/pdf"))
    assert error.value.code in ("pdf_invalid", "document_type")
    assert "PDF" in error.value.messages[0]


def test_an_encrypted_pdf_is_refused():
    import io

    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf_bytes())))
    writer.encrypt("secret")
    buffer = io.BytesIO()
    writer.write(buffer)
    with pytest.raises(ValidationError) as error:
        clean_document(SimpleUploadedFile("x.pdf", buffer.getvalue(), content_type="application/pdf"))
    assert error.value.code == "pdf_encrypted"
