"""URL patterns of volunteers, talent bank and matching; included by groups/urls.py under the groups namespace."""

from django.urls import path

from civic_portal.core import converters  # noqa: F401 - registers <id:>, <year:>, <isodate:> …

from .views import volunteers as views

urlpatterns: list = [
    path("volunteers/", views.volunteer_index, name="volunteer_index"),
    path("volunteers/profile/", views.volunteer_profile, name="volunteer_profile"),
    path("volunteers/profile/withdraw/", views.volunteer_withdraw, name="volunteer_withdraw"),
    path("volunteers/talent-bank/", views.talent_bank, name="talent_bank"),
    path("volunteers/talent-bank/<id:pk>/request/", views.talent_request, name="talent_request"),
    path("volunteers/coordination/", views.volunteer_coordination, name="volunteer_coordination"),
    path("volunteers/applications/<id:pk>/withdraw/", views.application_withdraw, name="application_withdraw"),
    path("needs/", views.need_list, name="need_list"),
    path("needs/mine/", views.need_manage, name="need_manage"),
    path("needs/new/<id:group_pk>/", views.need_create, name="need_create"),
    path("needs/<id:pk>/", views.need_detail, name="need_detail"),
    path("needs/<id:pk>/edit/", views.need_update, name="need_update"),
    path("needs/<id:pk>/apply/", views.need_apply, name="need_apply"),
    path("needs/<id:pk>/candidates/", views.need_candidates, name="need_candidates"),
    path("needs/applications/<id:pk>/accept/", views.application_accept, name="application_accept"),
    path("needs/applications/<id:pk>/decline/", views.application_decline, name="application_decline"),
]
