from django.urls import path

from . import views

app_name = "grants"

urlpatterns = [
    path("", views.programme_list, name="programme_list"),
    path("<int:pk>/", views.round_detail, name="round_detail"),
    path("<int:pk>/documents/<int:doc_pk>/", views.document_download, name="document_download"),
    path("<int:pk>/apply/", views.application_create, name="application_create"),
    path("funders/", views.funder_list, name="funder_list"),
    path("matching/", views.matching, name="matching"),
    path("results/", views.results, name="results"),
    path("opendata/360giving.json", views.opendata_json, name="opendata_json"),
    path("opendata/grants.csv", views.opendata_csv, name="opendata_csv"),
    path("applications/", views.application_list, name="application_list"),
    path("applications/<int:pk>/", views.application_detail, name="application_detail"),
    path("applications/<int:pk>/edit/", views.application_edit, name="application_edit"),
    path("applications/<int:pk>/report/", views.report_edit, name="report_edit"),
    path("applications/<int:pk>/attachments/", views.attachment_add, name="attachment_add"),
    path("applications/<int:pk>/attachments/<int:att_pk>/", views.attachment_download, name="attachment_download"),
    path("applications/<int:pk>/attachments/<int:att_pk>/delete/", views.attachment_delete, name="attachment_delete"),
    path("applications/<int:pk>/do/<str:action>/", views.application_action, name="application_action"),
    path("review/", views.review_list, name="review_list"),
    path("review/<int:pk>/", views.review_application, name="review_application"),
    path("review/<int:pk>/conflict/", views.review_conflict, name="review_conflict"),
    path("review/<int:pk>/attachments/<int:att_pk>/", views.review_attachment, name="review_attachment"),
]
