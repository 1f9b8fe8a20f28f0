"""Templates ask, they don't decide: no page or email compares a status with a literal.

What may be done with an object (submit, renew, withdraw, confirm, ...) is a flag of its model or selector, derived
from the workflow table; a template only asks it. An email that differs by status is chosen by status in the service.
"""

import re
from pathlib import Path

from django.conf import settings

TEMPLATES_DIR = Path(settings.BASE_DIR) / "templates"
TEMPLATES = sorted(path for path in TEMPLATES_DIR.rglob("*") if path.is_file())

QUOTED = r"""(?:"[^"]*"|'[^']*')"""
STATUS = r"[\w.]*(?:status|state)\b"  # status, x.status, x.from_status, x.payment_state, ...
COMPARISONS = [
    re.compile(rf"{STATUS}\s*(?:==|!=)\s*{QUOTED}"),  # x.status == "draft"
    re.compile(rf"{QUOTED}\s*(?:==|!=)\s*{STATUS}"),  # "draft" == x.status
    re.compile(rf"{STATUS}\s+(?:not\s+)?in\s+{QUOTED}"),  # x.status in "draft returned"
    re.compile(rf"{QUOTED}\s+(?:not\s+)?in\s+{STATUS}"),
    re.compile(r"\.status\s*(?:==|!=)\s*[A-Za-z_]"),  # x.status == DRAFT (a constant passed in the context)
]
TAG = re.compile(r"{%(.*?)%}", re.S)


def _offenders() -> list[str]:
    found = []
    for path in TEMPLATES:
        text = path.read_text(encoding="utf-8")
        for tag in TAG.finditer(text):
            if any(pattern.search(tag.group(1)) for pattern in COMPARISONS):
                line = text.count("\n", 0, tag.start()) + 1
                found.append(f"{path.relative_to(TEMPLATES_DIR)}:{line}: {{%{tag.group(1)}%}}")
    return found


def test_templates_are_found():
    assert len(TEMPLATES) > 50


def test_no_template_compares_a_status_with_a_literal():
    offenders = _offenders()
    assert offenders == [], "compare in a model/selector flag instead:\n" + "\n".join(offenders)


def test_the_check_sees_the_comparisons_it_forbids():
    for source in (
        '{% if group.status == "draft" %}',
        "{% elif b.status != 'withdrawn' %}",
        '{% if application.status in "applied accepted" %}',
        "{% if application.status == APPLIED %}",
        '{% if "returned" == group.status %}',
        '{% if booking.payment_state == "paid" %}',
    ):
        assert any(pattern.search(TAG.search(source).group(1)) for pattern in COMPARISONS), source
    for source in ("{% if group.can_submit %}", "{% for status, label in yr.steps %}", '{% if x.kind == "a" %}'):
        assert not any(pattern.search(TAG.search(source).group(1)) for pattern in COMPARISONS), source
