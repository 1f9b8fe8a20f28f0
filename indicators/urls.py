from django.urls import path

from civic_portal.core import converters  # noqa: F401 - registers <id:>, <year:>, <isodate:> …

from . import collaboration_views, downloads, views

app_name = "indicators"

urlpatterns = [
    path("", views.DashboardView.as_view(), name="dashboard"),
    path("plans/<slug:code>/", views.PlanDetailView.as_view(), name="plan_detail"),
    path("plans/<slug:code>/nodes/<id:pk>/", views.NodeDetailView.as_view(), name="node_detail"),
    path("plans/<slug:code>/departments/<id:pk>/", views.DepartmentDetailView.as_view(), name="department_detail"),
    path(
        "plans/<slug:code>/indicators/<text:indicator_code>/",
        views.IndicatorDetailView.as_view(),
        name="indicator_detail",
    ),
    path("plans/<slug:code>/indicators/<text:indicator_code>/csv/", views.indicator_csv, name="indicator_csv"),
    path("plans/<slug:code>/indicators/<text:indicator_code>/json/", downloads.indicator_json, name="indicator_json"),
    path("collaborations/", collaboration_views.collaboration_list, name="collaboration_list"),
    path("opendata/indicators.csv", downloads.all_indicators_csv, name="all_indicators_csv"),
    path("opendata/indicators.json", downloads.all_indicators_json, name="all_indicators_json"),
    path("plans/<slug:code>/reports/<year:fiscal_year>/", views.ReportView.as_view(), name="report_detail"),
    path("plans/<slug:code>/reports/<year:fiscal_year>/csv/", views.report_export, {"fmt": "csv"}, name="report_csv"),
    path(
        "plans/<slug:code>/reports/<year:fiscal_year>/xlsx/", views.report_export, {"fmt": "xlsx"}, name="report_xlsx"
    ),
    path("plans/<slug:code>/reports/<year:fiscal_year>/publish/", views.report_publish_view, name="report_publish"),
    path("plans/<slug:code>/reports/<year:fiscal_year>/pdf/", views.report_pdf, name="report_pdf"),
    path("plans/<slug:code>/reports/<year:fiscal_year>/draft-pdf/", views.report_draft_pdf, name="report_draft_pdf"),
    path(
        "plans/<slug:code>/reports/<year:fiscal_year>/draft-pdf/download/",
        views.report_draft_pdf_download,
        name="report_draft_pdf_download",
    ),
    path("items/<id:pk>/", views.ItemDetailView.as_view(), name="item_detail"),
    path("items/<id:pk>/<year:fiscal_year>/record/", views.ResultRecordView.as_view(), name="result_record"),
    path("items/<id:pk>/<year:fiscal_year>/transition/", views.result_transition, name="result_transition"),
]
