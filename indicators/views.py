"""Thin views: authorise through selectors, bind forms, call one service, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import FormView, TemplateView

from civic_portal.accounts.types import SignedInRequest
from civic_portal.core import exports, generated
from civic_portal.core.params import SMALLINT_MAX, int_param

from . import pdf, permissions, services
from .forms import TransitionForm, YearResultForm
from .presenters import (
    indicator_chart,
    indicator_csv_rows,
    indicator_rows,
    item_year_rows,
    report_branches,
    status_counts,
)
from .selectors import breakdowns as breakdown_selectors
from .selectors import indicators as indicator_selectors
from .selectors import plans as plan_selectors
from .selectors import reports as report_selectors
from .table_rows import indicator_table_rows, items_to_report_rows, schedule_rows_html


class DashboardView(TemplateView):
    template_name = "indicators/dashboard.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        my_items = plan_selectors.my_items(user=user)
        return super().get_context_data(
            summaries=indicator_selectors.plans_summary(user=user),
            my_items=my_items,
            my_items_html=items_to_report_rows(my_items),
            review_queue=plan_selectors.review_queue(user=user),
            internal=permissions.can_view_internal(user),
            **kwargs,
        )


class PlanMixin(TemplateView):
    def dispatch(self, request, *args, **kwargs):
        self.plan = plan_selectors.plan_get(code=kwargs["code"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            plan=self.plan, internal=permissions.can_view_internal(self.request.user), **kwargs
        )


class PlanDetailView(PlanMixin, TemplateView):
    template_name = "indicators/plan_detail.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        views = indicator_selectors.plan_indicators(plan=self.plan, user=user)
        return super().get_context_data(
            overview=plan_selectors.plan_overview(plan=self.plan, user=user),
            indicator_views=views,
            indicator_rows_html=indicator_table_rows(views),
            status_counts=status_counts(views),
            **kwargs,
        )


class NodeDetailView(PlanMixin, TemplateView):
    template_name = "indicators/node_detail.html"

    def get_context_data(self, **kwargs):
        node = plan_selectors.node_get(plan=self.plan, pk=self.kwargs["pk"])
        data = plan_selectors.node_items(plan=self.plan, node=node, user=self.request.user)
        return super().get_context_data(node=node, **data, **kwargs)


class DepartmentDetailView(PlanMixin, TemplateView):
    template_name = "indicators/department_detail.html"

    def get_context_data(self, **kwargs):
        department = plan_selectors.department_get(pk=self.kwargs["pk"])
        data = plan_selectors.department_items(plan=self.plan, department=department, user=self.request.user)
        return super().get_context_data(
            department=department, rows_html=schedule_rows_html(data["rows"]), **data, **kwargs
        )


class IndicatorDetailView(PlanMixin, TemplateView):
    template_name = "indicators/indicator_detail.html"

    def get_context_data(self, **kwargs):
        view = indicator_selectors.indicator_get(
            plan=self.plan, code=self.kwargs["indicator_code"], user=self.request.user
        )
        internal = permissions.can_view_internal(self.request.user)
        return super().get_context_data(
            view=view,
            chart=indicator_chart(view),
            rows=indicator_rows(view),
            breakdowns=breakdown_selectors.breakdown_tables(view.indicator, internal=internal),
            last_update=breakdown_selectors.last_update(view.indicator),
            **kwargs,
        )


def indicator_csv(request, code, indicator_code):
    plan = plan_selectors.plan_get(code=code)
    view = indicator_selectors.indicator_get(plan=plan, code=indicator_code, user=request.user)
    headers, *rows = indicator_csv_rows(view)
    return exports.csv_response(f"{plan.code}-indicator-{view.indicator.pk}.csv", headers, rows)


class ItemDetailView(TemplateView):
    template_name = "indicators/item_detail.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        row = plan_selectors.item_get(pk=self.kwargs["pk"], user=user)
        return super().get_context_data(
            row=row,
            item=row.item,
            year_rows=item_year_rows(row, plan_selectors.plan_years(row.item.node.plan)),
            internal=permissions.can_view_internal(user),
            can_record=permissions.can_record_result(user, row.item),
            can_review=permissions.can_review(user),
            **kwargs,
        )


class ResultRecordView(LoginRequiredMixin, FormView):
    request: SignedInRequest
    template_name = "indicators/result_form.html"
    form_class = YearResultForm

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.row = plan_selectors.item_get(pk=kwargs["pk"], user=request.user)
        self.year_plan = plan_selectors.year_plan_for_recording(
            item=self.row.item, fiscal_year=kwargs["fiscal_year"], user=request.user
        )
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        yp = self.year_plan
        return {"actual_stage": yp.actual_stage, "progress_note": yp.progress_note, "evidence": yp.evidence}

    def get_context_data(self, **kwargs):
        return super().get_context_data(item=self.row.item, year_plan=self.year_plan, **kwargs)

    def form_valid(self, form):
        try:
            services.year_result_record(
                item=self.row.item,
                fiscal_year=self.kwargs["fiscal_year"],
                user=self.request.user,
                submit="submit" in self.request.POST,
                **form.cleaned_data,
            )
        except ValidationError as exc:
            _add_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("実績を保存しました。"))
        return redirect("indicators:item_detail", pk=self.row.item.pk)


def _add_errors(form, exc: ValidationError) -> None:
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for field, errors in exc.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)


@require_POST
@login_required
def result_transition(request, pk, fiscal_year):
    row = plan_selectors.item_get(pk=pk, user=request.user)
    year_plan = row.year(fiscal_year)
    form = TransitionForm(request.POST)
    if year_plan is None or not form.is_valid():
        raise PermissionDenied
    try:
        services.year_plan_transition(
            year_plan=year_plan,
            to_status=form.cleaned_data["to_status"],
            user=request.user,
            note=form.cleaned_data["note"],
        )
        messages.success(request, _("状態を変更しました。"))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("indicators:item_detail", pk=pk)


def _edition_param(request) -> int | None:
    """?edition=N names a published edition of the report; None leaves the choice to report_for_user()."""
    return int_param(request, "edition", default=None, min_value=1, max_value=SMALLINT_MAX)


class ReportView(PlanMixin, TemplateView):
    template_name = "indicators/report_detail.html"

    def get_context_data(self, **kwargs):
        data, chosen = report_selectors.report_for_user(
            plan=self.plan,
            fiscal_year=self.kwargs["fiscal_year"],
            user=self.request.user,
            edition=_edition_param(self.request),
        )
        pdf_row, pdf_ready = None, False
        if chosen is not None:
            spec, pdf_row = pdf.edition_file(chosen)
            pdf_ready = generated.servable(spec, pdf_row)
        return super().get_context_data(
            data=data,
            edition=chosen,
            tree=report_branches(data),
            editions=self.plan.report_editions.filter(fiscal_year=self.kwargs["fiscal_year"]).only("edition"),
            can_publish=permissions.can_review(self.request.user),
            pdf_row=pdf_row,
            pdf_ready=pdf_ready,
            **kwargs,
        )


def report_export(request, code, fiscal_year, fmt):
    plan = plan_selectors.plan_get(code=code)
    data, _chosen = report_selectors.report_for_user(
        plan=plan,
        fiscal_year=fiscal_year,
        user=request.user,
        edition=_edition_param(request),
    )
    headers, *rows = report_selectors.report_rows(data)
    filename = f"{plan.code}-report-{fiscal_year}"
    if fmt == "xlsx":
        return exports.xlsx_response(f"{filename}.xlsx", headers, rows, sheet_title=f"{plan.code} {fiscal_year}")
    return exports.csv_response(f"{filename}.csv", headers, rows)


@require_POST
@login_required
def report_publish_view(request, code, fiscal_year):
    plan = plan_selectors.plan_get(code=code)
    edition = services.report_publish(plan=plan, fiscal_year=fiscal_year, user=request.user)
    messages.success(request, _("第%(n)d版を公開しました。") % {"n": edition.edition})
    url = reverse("indicators:report_detail", kwargs={"code": code, "fiscal_year": fiscal_year})
    return redirect(f"{url}?edition={edition.edition}")


# Report PDFs: a published edition's (public, built at publication), the live draft's (internal, built on request).


def report_pdf(request, code, fiscal_year):
    plan = plan_selectors.plan_get(code=code)
    edition = report_selectors.edition_get(plan=plan, fiscal_year=fiscal_year, edition=_edition_param(request))
    spec, row = pdf.edition_file(edition)
    if row is not None and generated.servable(spec, row):
        try:
            return generated.file_response(request, row, inline=True)
        except FileNotFoundError:
            row = generated.lost_file(spec, row)
    context = {"plan": plan, "fiscal_year": fiscal_year, "row": row, "edition": edition}
    response = render(request, "indicators/report_pdf.html", context, status=503)
    response["Retry-After"] = str(generated.RETRY_AFTER_SECONDS)
    return response


@login_required
def report_draft_pdf(request, code, fiscal_year):
    plan = _internal_plan(request, code)
    spec = pdf.draft_spec(plan, fiscal_year)
    if request.method == "POST":
        generated.request_build(spec, force=True)
        return redirect("indicators:report_draft_pdf", code=code, fiscal_year=fiscal_year)
    row = generated.files_for([spec.key]).get(spec.key)
    context = {"plan": plan, "fiscal_year": fiscal_year, "row": row, "ready": generated.servable(spec, row)}
    return render(request, "indicators/report_pdf.html", context)


@login_required
def report_draft_pdf_download(request, code, fiscal_year):
    plan = _internal_plan(request, code)
    spec = pdf.draft_spec(plan, fiscal_year)
    row = generated.files_for([spec.key]).get(spec.key)
    if row is not None and generated.servable(spec, row):
        try:
            return generated.file_response(request, row, inline=True)
        except FileNotFoundError:
            generated.lost_file(spec, row)
    return redirect("indicators:report_draft_pdf", code=code, fiscal_year=fiscal_year)


def _internal_plan(request, code):
    """The plan, for a user who may see unpublished results; Http404 for anyone else (as the draft report)."""
    plan = plan_selectors.plan_get(code=code)
    if not permissions.can_view_internal(request.user):
        raise Http404
    return plan
