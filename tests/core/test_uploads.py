from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from civic_portal.core.uploads import clean_document, clean_image
from tests.factories.files import pdf_bytes


def image_file(fmt="JPEG", size=(40, 30), name="photo.jpg", exif=False) -> SimpleUploadedFile:
    buffer = BytesIO()
    image = Image.new("RGB", size, "teal")
    kwargs = {}
    if exif:
        data = Image.Exif()
        data[0x010F] = "SecretCam"  # Make
        kwargs["exif"] = data
    image.save(buffer, format=fmt, **kwargs)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def test_image_is_re_encoded_without_metadata():
    cleaned = clean_image(image_file(exif=True))
    with Image.open(cleaned) as result:
        assert result.format == "JPEG"
        assert result.size == (40, 30)
        assert not result.getexif()
    assert cleaned.name == "photo.jpg"


def test_large_image_is_shrunk():
    cleaned = clean_image(image_file(size=(3000, 1500)), max_side=1000)
    with Image.open(cleaned) as result:
        assert result.size == (1000, 500)


def test_text_pretending_to_be_an_image_is_refused():
    fake = SimpleUploadedFile("logo.png", b"<script>alert(1)</script>", content_type="image/png")
    with pytest.raises(ValidationError, match="画像ファイルとして読み込めませんでした"):
        clean_image(fake)


def test_gif_is_not_an_accepted_format():
    with pytest.raises(ValidationError, match="JPEG、PNG、WebP"):
        clean_image(image_file(fmt="GIF", name="a.gif"))


def test_oversized_file_is_refused_with_the_limit():
    with pytest.raises(ValidationError, match="ファイルが大きすぎます"):
        clean_image(image_file(), max_bytes=100)


def test_decompression_bomb_is_refused():
    buffer = BytesIO()
    Image.new("1", (10_000, 10_000)).save(buffer, format="PNG")  # tiny file, 100 million pixels
    bomb = SimpleUploadedFile("bomb.png", buffer.getvalue(), content_type="image/png")
    with pytest.raises(ValidationError, match="画素数が大きすぎます"):
        clean_image(bomb)


def test_pdf_is_accepted_by_signature_and_renamed():
    pdf = SimpleUploadedFile("plan.bin", pdf_bytes(), content_type="application/octet-stream")
    assert clean_document(pdf).name == "plan.pdf"


def test_document_that_is_neither_pdf_nor_image_is_refused():
    exe = SimpleUploadedFile("budget.pdf", b"MZ\x90\x00binary", content_type="application/pdf")
    with pytest.raises(ValidationError, match="PDF 又は画像"):
        clean_document(exe)
