"""Required documents of a round: what an application still lacks."""

from __future__ import annotations

from django.utils.translation import gettext as _

from ..models import Application, RequiredDocument


def missing_documents(application: Application) -> list[RequiredDocument]:
    """The round's required documents the application has no file for yet, in the round's order (one query)."""
    return list(
        RequiredDocument.objects.filter(round_id=application.round_id, required=True)
        .exclude(attachments__application=application)
        .order_by("order", "id")
    )


def documents_problem(application: Application) -> str | None:
    """The submission problem naming the missing required documents, or None."""
    missing = missing_documents(application)
    if not missing:
        return None
    return _("必要書類が添付されていません: %(names)s") % {"names": "、".join(d.name for d in missing)}
