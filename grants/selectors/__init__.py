"""Reads of the grants app; each object a URL names is fetched here with the check that the user may see it."""

from .applicants import (
    application_for_applicant,
    attachment_for_applicant,
    groups_that_can_apply,
    live_application,
    my_applications,
)
from .indicators import collaborative_projects, grant_applications, grant_awards, grant_awards_by_category
from .public import (
    funder_list,
    matching_for_manager,
    published_awards,
    published_results,
    round_detail,
    round_document,
    round_lists,
)
from .review import (
    allocate,
    application_for_reviewer,
    attachment_for_reviewer,
    is_recused,
    other_sheets_visible,
    recused_reviewer_ids,
    reviewer_applications,
    reviewer_sheet,
    round_ranking,
    score_sheets_visible_to,
    scores_visible_to,
)

__all__ = [
    "allocate",
    "application_for_applicant",
    "application_for_reviewer",
    "attachment_for_applicant",
    "attachment_for_reviewer",
    "collaborative_projects",
    "funder_list",
    "grant_applications",
    "grant_awards",
    "grant_awards_by_category",
    "groups_that_can_apply",
    "is_recused",
    "live_application",
    "matching_for_manager",
    "my_applications",
    "other_sheets_visible",
    "published_awards",
    "published_results",
    "recused_reviewer_ids",
    "reviewer_applications",
    "reviewer_sheet",
    "round_detail",
    "round_document",
    "round_lists",
    "round_ranking",
    "score_sheets_visible_to",
    "scores_visible_to",
]
