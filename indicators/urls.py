from django.urls import path

from . import views

app_name = "indicators"

urlpatterns = [
    path("", views.DashboardView.as_view(), name="dashboard"),
    path("plans/<slug:code>/", views.PlanDetailView.as_view(), name="plan_detail"),
    path("plans/<slug:code>/nodes/<int:pk>/", views.NodeDetailView.as_view(), name="node_detail"),
    path("plans/<slug:code>/departments/<int:pk>/", views.DepartmentDetailView.as_view(), name="department_detail"),
    path(
        "plans/<slug:code>/indicators/<str:indicator_code>/",
        views.IndicatorDetailView.as_view(),
        name="indicator_detail",
    ),
    path("plans/<slug:code>/indicators/<str:indicator_code>/csv/", views.indicator_csv, name="indicator_csv"),
    path("plans/<slug:code>/reports/<int:fiscal_year>/", views.ReportView.as_view(), name="report_detail"),
    path("plans/<slug:code>/reports/<int:fiscal_year>/csv/", views.report_export, {"fmt": "csv"}, name="report_csv"),
    path("plans/<slug:code>/reports/<int:fiscal_year>/xlsx/", views.report_export, {"fmt": "xlsx"}, name="report_xlsx"),
    path("plans/<slug:code>/reports/<int:fiscal_year>/publish/", views.report_publish_view, name="report_publish"),
    path("items/<int:pk>/", views.ItemDetailView.as_view(), name="item_detail"),
    path("items/<int:pk>/<int:fiscal_year>/record/", views.ResultRecordView.as_view(), name="result_record"),
    path("items/<int:pk>/<int:fiscal_year>/transition/", views.result_transition, name="result_transition"),
]
