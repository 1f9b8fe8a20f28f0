"""Every write of the grants app. Keyword-only, atomic; they raise ValidationError / PermissionDenied."""

from .applications import (
    application_accept_award,
    application_check,
    application_save_draft,
    application_submit,
    application_withdraw,
    attachment_add,
    attachment_delete,
    report_save,
    report_submit,
)
from .documents import documents_problem, missing_documents
from .questions import answers_save, check_answer, unanswered_required
from .review import conflict_declare, reviewer_appoint, scoresheet_save
from .review_progress import reviewers_remind, round_close_review
from .staff import (
    application_confirm_final_amount,
    application_request_report,
    application_return,
    application_transition,
    round_allocate,
    round_confirm_decisions,
    round_open_review,
    round_publish_results,
)

__all__ = [
    "answers_save",
    "application_accept_award",
    "application_check",
    "application_confirm_final_amount",
    "application_request_report",
    "application_return",
    "application_save_draft",
    "application_submit",
    "application_transition",
    "application_withdraw",
    "attachment_add",
    "attachment_delete",
    "check_answer",
    "conflict_declare",
    "documents_problem",
    "missing_documents",
    "report_save",
    "report_submit",
    "reviewer_appoint",
    "reviewers_remind",
    "round_allocate",
    "round_close_review",
    "round_confirm_decisions",
    "round_open_review",
    "round_publish_results",
    "scoresheet_save",
    "unanswered_required",
]
