from django.urls import path

from civic_portal.core import converters  # noqa: F401 - registers <id:>

from ..views import consultations

urlpatterns = [
    path("consultations/", consultations.consultation_index, name="consultation_index"),
    path("consultations/<id:pk>/", consultations.consultation_slot, name="consultation_slot"),
    path("consultations/bookings/<id:pk>/cancel/", consultations.consultation_cancel, name="consultation_cancel"),
    path("consultations/stats/", consultations.consultation_stats, name="consultation_stats"),
]
