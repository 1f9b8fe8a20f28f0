"""URL patterns of volunteer activity records, certificates, points and invitations to apply; included by
groups/urls.py."""

from django.urls import path

from civic_portal.core import converters  # noqa: F401 - registers <id:>

from .views import activity as views
from .views import invitations, talent

urlpatterns: list = [
    path("volunteers/activity/", views.volunteer_activity, name="volunteer_activity"),
    path("volunteers/activity/certificate/", views.volunteer_certificate, name="volunteer_certificate"),
    path("volunteers/points/donate/", views.points_donate, name="points_donate"),
    path("needs/applications/<id:pk>/activity/", views.application_activity, name="application_activity"),
    path("needs/activity/", views.activity_pending, name="activity_pending"),
    path("needs/activity/<id:pk>/confirm/", views.activity_confirm, name="activity_confirm"),
    path("needs/activity/<id:pk>/reject/", views.activity_reject, name="activity_reject"),
    path("volunteers/talent-bank/groups/<id:group_pk>/edit/", talent.group_talent_edit, name="group_talent_edit"),
    path(
        "volunteers/talent-bank/groups/<id:group_pk>/request/", talent.talent_group_request, name="talent_group_request"
    ),
    path("needs/<id:pk>/invite/<id:volunteer_pk>/", invitations.invitation_send, name="volunteer_invitation_send"),
    path("volunteers/invitations/<id:pk>/accept/", invitations.invitation_accept, name="volunteer_invitation_accept"),
    path(
        "volunteers/invitations/<id:pk>/decline/", invitations.invitation_decline, name="volunteer_invitation_decline"
    ),
]
