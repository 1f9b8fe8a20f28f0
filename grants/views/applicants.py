"""Applicant pages: the application form, the applicant's page, attachments and the activity report."""

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from civic_portal.core.forms import apply_service_errors
from civic_portal.core.storage import private_file_response

from .. import budget, selectors, services
from ..forms import (
    ApplicationForm,
    AttachmentForm,
    BudgetLineFormSet,
    ReportForm,
    line_initial,
)
from ..models import Application, AttachmentPurpose, LineStage, Status
from ..permissions import can_apply_for
from ..question_forms import QuestionsForm


@login_required
def application_list(request):
    return render(request, "grants/application_list.html", {"applications": selectors.my_applications(request.user)})


def _questions_form(request, grant_round, application, *, bound: bool):
    questions = selectors.questions_of(grant_round)
    answers = list(selectors.answers_for(application)) if application is not None else []
    if bound:
        return QuestionsForm(request.POST, request.FILES, questions=questions, answers=answers, prefix="q")
    return QuestionsForm(questions=questions, answers=answers, prefix="q")


def _render_form(request, *, grant_round, group, form, formset, application=None, questions=None):
    if form.is_bound:
        grant = getattr(form, "cleaned_data", {}).get("requested_amount") or 0
    else:
        grant = application.requested_amount if application else 0
    totals = budget.totals(grant=grant, lines=_line_values(formset))
    if questions is None:
        questions = _questions_form(request, grant_round, application, bound=False)
    context = {"round": grant_round, "group": group, "form": form, "formset": formset, "application": application}
    return render(request, "grants/application_form.html", {**context, "totals": totals, "questions": questions})


def _line_values(formset) -> list[dict]:
    if formset.is_bound and formset.is_valid():
        return formset.lines()
    return [f.initial for f in formset.forms if f.initial]


def _save(request, *, grant_round, group, application):
    form = ApplicationForm(request.POST, instance=application)
    formset = BudgetLineFormSet(request.POST, prefix="lines")
    questions = _questions_form(request, grant_round, application, bound=True)
    again = {"grant_round": grant_round, "group": group, "form": form, "formset": formset, "questions": questions}
    if not all([form.is_valid(), formset.is_valid(), questions.is_valid()]):
        return _render_form(request, application=application, **again)
    try:
        application = services.application_save_draft(
            user=request.user,
            grant_round=grant_round,
            group=group,
            application=application,
            fields=form.cleaned_data,
            lines=formset.lines(),
            answers=questions.values(),
            answer_files=questions.files_given(),
        )
    except ValidationError as exc:
        on_questions = hasattr(exc, "error_dict") and all(key in questions.fields for key in exc.error_dict)
        apply_service_errors(questions if on_questions else form, exc)
        return _render_form(request, application=application, **again)
    if "submit" in request.POST:
        # A separate step on purpose: the draft stays saved even when submission is refused (late, over the limit).
        try:
            services.application_submit(application=application, user=request.user)
        except ValidationError as exc:
            apply_service_errors(form, exc)
            messages.warning(request, _("下書きを保存しましたが、提出はできませんでした。"))
            # The saved answers (a file chosen now is stored) are shown again.
            again["questions"] = _questions_form(request, grant_round, application, bound=False)
            return _render_form(request, application=application, **again)
        messages.success(request, _("申請を提出しました。"))
    else:
        messages.success(request, _("下書きを保存しました。続きはいつでも「助成申請」から再開できます。"))
    return redirect("grants:application_detail", pk=application.pk)


@login_required
def application_create(request, pk):
    grant_round = selectors.round_detail(pk)
    groups = list(selectors.groups_that_can_apply(request.user))
    group = next((g for g in groups if str(g.pk) == request.GET.get("group", "")), None)
    if group is None and len(groups) == 1:
        group = groups[0]
    if group is None:
        if not groups:
            if problem := selectors.standing_problem_of_managed(request.user):
                messages.error(request, problem)
                return redirect("grants:round_detail", pk=grant_round.pk)
            raise PermissionDenied(_("登録済み団体の管理者だけが申請できます。"))
        return render(request, "grants/group_choice.html", {"round": grant_round, "groups": groups})
    if not can_apply_for(request.user, group):
        raise PermissionDenied
    existing = selectors.live_application(group, grant_round)
    if existing is not None:
        messages.info(request, _("この団体の申請はすでにあります。続きはこちらから。"))
        return redirect("grants:application_detail", pk=existing.pk)
    if grant_round.phase() == "closed":
        messages.error(request, _("この募集は締め切られています。"))
        return redirect("grants:round_detail", pk=grant_round.pk)
    if request.method == "POST":
        return _save(request, grant_round=grant_round, group=group, application=None)
    form = ApplicationForm()
    formset = BudgetLineFormSet(prefix="lines")
    return _render_form(request, grant_round=grant_round, group=group, form=form, formset=formset)


@login_required
def application_edit(request, pk):
    application = selectors.application_for_applicant(request.user, pk)
    if not application.is_editable:
        messages.info(request, _("提出後の申請は変更できません（差し戻された場合を除く）。"))
        return redirect("grants:application_detail", pk=pk)
    grant_round, group = application.round, application.group
    if request.method == "POST":
        return _save(request, grant_round=grant_round, group=group, application=application)
    planned = [x for x in application.budget_lines.all() if x.stage == LineStage.PLANNED]
    form = ApplicationForm(instance=application)
    formset = BudgetLineFormSet(prefix="lines", initial=line_initial(planned))
    return _render_form(
        request, grant_round=grant_round, group=group, form=form, formset=formset, application=application
    )


def _documents(application):
    """The round's listed documents with the file attached for each (if any)."""
    attached = {a.required_document_id: a for a in application.attachments.all() if a.required_document_id}
    return [(document, attached.get(document.pk)) for document in selectors.required_documents_of(application.round)]


def _detail_context(application, **extra):
    lines = list(application.budget_lines.all())
    planned = [x for x in lines if x.stage == LineStage.PLANNED]
    actual = [x for x in lines if x.stage == LineStage.ACTUAL]
    return {
        "application": application,
        "planned": planned,
        "actual": actual,
        "totals": budget.totals(grant=application.requested_amount, lines=planned),
        "actual_totals": budget.totals(grant=application.awarded_amount or 0, lines=actual),
        "problems": services.application_check(application) if application.is_editable else [],
        "can_withdraw": application.can_move_to(Status.WITHDRAWN),
        "can_accept": application.can_move_to(Status.ACCEPTED),
        "documents": _documents(application),
        "answers": list(selectors.answers_for(application)),
        **extra,
    }


@login_required
def application_detail(request, pk):
    application = selectors.application_for_applicant(request.user, pk)
    purposes = _purposes(application)
    documents = selectors.required_documents_of(application.round) if purposes else ()
    form = AttachmentForm(purposes=purposes, documents=documents) if purposes else None
    return render(request, "grants/application_detail.html", _detail_context(application, attachment_form=form))


def _purposes(application):
    if application.is_editable:
        return (AttachmentPurpose.APPLICATION,)
    if application.is_report_due:
        return (AttachmentPurpose.REPORT_PHOTO, AttachmentPurpose.RECEIPT)
    return ()


@login_required
@require_POST
def application_action(request, pk, action):
    application = selectors.application_for_applicant(request.user, pk)
    by_action: dict[str, Callable[..., Application]] = {
        "submit": services.application_submit,
        "withdraw": services.application_withdraw,
        "accept": services.application_accept_award,
        "report": services.report_submit,
    }
    service = by_action.get(action)
    if service is None:
        raise Http404
    try:
        service(application=application, user=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("手続きが完了しました。"))
    return redirect("grants:application_detail", pk=pk)


@login_required
@require_POST
def attachment_add(request, pk):
    application = selectors.application_for_applicant(request.user, pk)
    documents = selectors.required_documents_of(application.round)
    form = AttachmentForm(
        request.POST, request.FILES, purposes=_purposes(application) or ("application",), documents=documents
    )
    if form.is_valid():
        try:
            services.attachment_add(
                application=application,
                user=request.user,
                title=form.cleaned_data["title"],
                file=form.cleaned_data["file"],
                purpose=form.cleaned_data["purpose"],
                required_document=form.required_document,
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("書類を添付しました。"))
            return redirect("grants:application_detail", pk=pk)
    context = _detail_context(application, attachment_form=form)
    return render(request, "grants/application_detail.html", context, status=400)


def _attachment(request, pk, att_pk):
    return selectors.attachment_for_applicant(request.user, pk, att_pk)


@login_required
def attachment_download(request, pk, att_pk):
    attachment = _attachment(request, pk, att_pk)
    return private_file_response(attachment.file, filename=attachment.download_name)


@login_required
@require_POST
def attachment_delete(request, pk, att_pk):
    try:
        services.attachment_delete(attachment=_attachment(request, pk, att_pk), user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("grants:application_detail", pk=pk)


@login_required
def report_edit(request, pk):
    application = selectors.application_for_applicant(request.user, pk)
    if not application.is_report_due:
        raise Http404
    report = getattr(application, "report", None)
    if request.method == "POST":
        form = ReportForm(request.POST, instance=report)
        formset = BudgetLineFormSet(request.POST, prefix="lines")
        if form.is_valid() and formset.is_valid():
            try:
                services.report_save(
                    application=application, user=request.user, fields=form.cleaned_data, lines=formset.lines()
                )
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, _("実績報告を保存しました。"))
                return redirect("grants:application_detail", pk=pk)
    else:
        form = ReportForm(instance=report)
        actual = [x for x in application.budget_lines.all() if x.stage == LineStage.ACTUAL]
        formset = BudgetLineFormSet(prefix="lines", initial=line_initial(actual))
    return render(request, "grants/report_form.html", {"application": application, "form": form, "formset": formset})
