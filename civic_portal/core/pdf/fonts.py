"""The Japanese face of our PDFs: the IPA Gothic TrueType font when the machine has it (embedded, subset), else
the Japanese CID font every PDF reader knows (HeiseiKakuGo-W5: nothing embedded, no font file needed)."""

import logging
from functools import cache
from pathlib import Path

from django.conf import settings
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFError, TTFont

logger = logging.getLogger(__name__)

DEFAULT_FONT_PATH = "/usr/share/fonts/opentype/ipafont-gothic/ipag.ttf"
TTF_NAME = "CivicGothic"
CID_NAME = "HeiseiKakuGo-W5"


def japanese_font() -> str:
    """The face's name: PDF_FONT_PATH (default IPA Gothic) if readable, else the CID font; registered once."""
    return _registered(getattr(settings, "PDF_FONT_PATH", DEFAULT_FONT_PATH) or "")


@cache
def _registered(path: str) -> str:
    if path and Path(path).is_file():
        name = f"{TTF_NAME}-{Path(path).stem}"
        try:
            pdfmetrics.registerFont(TTFont(name, path))
        except (TTFError, OSError) as exc:
            logger.warning("PDF font %s not usable (%s); using the CID font %s", path, exc, CID_NAME)
        else:
            return name
    pdfmetrics.registerFont(UnicodeCIDFont(CID_NAME))
    return CID_NAME
