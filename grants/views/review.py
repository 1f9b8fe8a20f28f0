"""Reviewer pages: applications to review, the score sheet, conflict declarations."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.humanize.templatetags.humanize import intcomma
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from civic_portal.core.forms import apply_service_errors
from civic_portal.core.storage import private_file_response

from .. import selectors, services
from ..forms import ConflictForm, ReviewFilterForm, ScoreForm
from ..models import AttachmentPurpose, LineStage, ScoreSeal

REVIEW_PAGE_SIZE = 50
_PK = 987654321  # stands for an application's id in the one reversed link, then replaced by each row's own
ROW = '<tr><th scope="row"><a href="{}{}{}">{}</a></th><td>{}</td><td>{}</td><td class="num">{}{}</td><td>{}</td></tr>'


@login_required
def review_list(request):
    form = ReviewFilterForm(request.GET or None, rounds=selectors.reviewer_rounds(request.user))
    filters = form.cleaned_data if form.is_valid() else {}
    grant_round = filters.get("round")
    applications = selectors.reviewer_list(
        request.user, grant_round=grant_round, state=filters.get("state", ""), order=filters.get("order", "")
    )
    page = Paginator(applications, REVIEW_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "query": query.urlencode(),
        "grant_round": grant_round,
        "progress": selectors.reviewer_progress(request.user, grant_round=grant_round),
        "rows": _review_rows(page),
    }
    return render(request, "grants/review_list.html", context)


def _review_rows(page: Page) -> SafeString:
    """The page's table rows, made in one pass: through the template engine (a link reversed, a number formatted
    and two translations per row) the fifty rows cost more than the page's queries."""
    head, tail = reverse("grants:review_application", args=[_PK]).split(str(_PK))
    yen, done, todo = _("円"), _("提出済"), _("未提出")
    rounds: dict[int, str] = {}
    rows = []
    for application in page:
        grant_round = application.round
        if grant_round.pk not in rounds:
            rounds[grant_round.pk] = f"{grant_round.programme.name} {grant_round.title}"
        rows.append(
            (
                *(head, application.pk, tail, application.title, application.group.name, rounds[grant_round.pk]),
                *(intcomma(application.requested_amount), yen),
                done if application.scored else todo,  # annotated by selectors.reviewer_applications
            )
        )
    return format_html_join("\n", ROW, rows)


@login_required
def review_application(request, pk):
    application, reviewer = selectors.application_for_reviewer(request.user, pk)
    sheet = selectors.reviewer_sheet(reviewer, application)
    criteria = list(application.round.criteria.all())
    if request.method == "POST" and not (sheet and sheet.submitted_at):
        form = ScoreForm(request.POST, criteria=criteria)
        if form.is_valid():
            try:
                services.scoresheet_save(
                    reviewer=reviewer,
                    application=application,
                    points=form.points(),
                    comment=form.cleaned_data["comment"],
                    submit="submit" in request.POST,
                )
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(
                    request, _("評価を提出しました。") if "submit" in request.POST else _("評価を一時保存しました。")
                )
                return redirect("grants:review_application", pk=pk)
    else:
        form = ScoreForm(initial=ScoreForm.initial_from(sheet), criteria=criteria)
    context = {
        "application": application,
        "lines": [x for x in application.budget_lines.all() if x.stage == LineStage.PLANNED],
        "attachments": application.attachments.filter(purpose=AttachmentPurpose.APPLICATION),
        "sheet": sheet,
        "form": form,
        "others": selectors.other_sheets_visible(
            reviewer, application, own_submitted=bool(sheet and sheet.submitted_at)
        ),
        "conflict_form": ConflictForm(),
        "answers": list(selectors.answers_for(application)),
        "sealed_until_closed": application.round.score_seal == ScoreSeal.REVIEW_CLOSED,
    }
    return render(request, "grants/review_form.html", context)


@login_required
@require_POST
def review_conflict(request, pk):
    application, reviewer = selectors.application_for_reviewer(request.user, pk)
    form = ConflictForm(request.POST)
    if form.is_valid():
        try:
            services.conflict_declare(reviewer=reviewer, application=application, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("grants:review_application", pk=pk)
        messages.success(request, _("利害関係を申告しました。この申請の審査から外れます。"))
        return redirect("grants:review_list")
    messages.error(request, _("利害関係の内容を入力してください。"))
    return redirect("grants:review_application", pk=pk)


@login_required
def review_attachment(request, pk, att_pk):
    attachment = selectors.attachment_for_reviewer(request.user, pk, att_pk)
    return private_file_response(attachment.file, filename=attachment.download_name)
