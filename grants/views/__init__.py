"""Thin views: authorise, bind the form, call one service, map ValidationError back to the form."""

from .applicants import (
    application_action,
    application_create,
    application_detail,
    application_edit,
    application_list,
    attachment_add,
    attachment_delete,
    attachment_download,
    report_edit,
)
from .public import (
    document_download,
    funder_list,
    matching,
    opendata_csv,
    opendata_json,
    programme_list,
    required_document_template,
    results,
    round_detail,
)
from .review import review_application, review_attachment, review_conflict, review_list
from .review_progress import review_progress

__all__ = [
    "application_action",
    "application_create",
    "application_detail",
    "application_edit",
    "application_list",
    "attachment_add",
    "attachment_delete",
    "attachment_download",
    "document_download",
    "funder_list",
    "matching",
    "opendata_csv",
    "opendata_json",
    "programme_list",
    "report_edit",
    "required_document_template",
    "results",
    "review_application",
    "review_attachment",
    "review_conflict",
    "review_list",
    "review_progress",
    "round_detail",
]
