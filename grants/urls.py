from django.urls import path

from civic_portal.core import converters  # noqa: F401 - registers <id:>, <year:>, <isodate:> …

from . import views

app_name = "grants"

urlpatterns = [
    path("", views.programme_list, name="programme_list"),
    path("<id:pk>/", views.round_detail, name="round_detail"),
    path("<id:pk>/documents/<id:doc_pk>/", views.document_download, name="document_download"),
    path("<id:pk>/apply/", views.application_create, name="application_create"),
    path("<id:pk>/required/<id:doc_pk>/", views.required_document_template, name="required_document_template"),
    path("<id:pk>/review-progress/", views.review_progress, name="review_progress"),
    path("funders/", views.funder_list, name="funder_list"),
    path("matching/", views.matching, name="matching"),
    path("results/", views.results, name="results"),
    path("opendata/360giving.json", views.opendata_json, name="opendata_json"),
    path("opendata/grants.csv", views.opendata_csv, name="opendata_csv"),
    path("applications/", views.application_list, name="application_list"),
    path("applications/<id:pk>/", views.application_detail, name="application_detail"),
    path("applications/<id:pk>/edit/", views.application_edit, name="application_edit"),
    path("applications/<id:pk>/report/", views.report_edit, name="report_edit"),
    path("applications/<id:pk>/attachments/", views.attachment_add, name="attachment_add"),
    path("applications/<id:pk>/attachments/<id:att_pk>/", views.attachment_download, name="attachment_download"),
    path("applications/<id:pk>/attachments/<id:att_pk>/delete/", views.attachment_delete, name="attachment_delete"),
    path("applications/<id:pk>/do/<str:action>/", views.application_action, name="application_action"),
    path("review/", views.review_list, name="review_list"),
    path("review/<id:pk>/", views.review_application, name="review_application"),
    path("review/<id:pk>/conflict/", views.review_conflict, name="review_conflict"),
    path("review/<id:pk>/attachments/<id:att_pk>/", views.review_attachment, name="review_attachment"),
]
