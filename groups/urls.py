from django.urls import path

from civic_portal.core import converters  # noqa: F401 - registers <id:>, <year:>, <isodate:> …

from . import activity_urls, volunteer_urls
from .views import directory, manage, opendata, renewal, withdrawal

app_name = "groups"

urlpatterns = [
    path("", directory.group_list, name="group_list"),
    path("<id:pk>/", directory.group_detail, name="group_detail"),
    path("booklet/", directory.group_booklet_view, name="group_booklet"),
    path("booklet/all.pdf", directory.group_booklet_pdf, name="group_booklet_pdf"),
    path("booklet/fields/<id:field_pk>.pdf", directory.group_booklet_pdf, name="group_booklet_field_pdf"),
    path("opendata/groups.csv", opendata.opendata_csv, name="opendata_csv"),
    path("opendata/groups.jsonld", opendata.opendata_jsonld, name="opendata_jsonld"),
    path("register/", manage.group_create, name="group_create"),
    path("mine/", manage.group_mine, name="group_mine"),
    path("<id:pk>/edit/", manage.group_edit, name="group_edit"),
    path("<id:pk>/submit/", manage.group_submit, name="group_submit"),
    path("<id:pk>/withdraw/", withdrawal.group_withdraw, name="group_withdraw"),
    path("<id:pk>/renew/", renewal.group_renew, name="group_renew"),
    path("<id:pk>/managers/", manage.group_managers, name="group_managers"),
    path("<id:pk>/contact/", manage.group_contact, name="group_contact"),
    path("invitations/<token:token>/", manage.invitation_accept, name="invitation_accept"),
    *volunteer_urls.urlpatterns,
    *activity_urls.urlpatterns,
]
