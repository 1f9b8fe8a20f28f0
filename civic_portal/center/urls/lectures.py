from django.urls import path

from civic_portal.core import converters  # noqa: F401 - registers <id:>

from ..views import lectures

urlpatterns = [
    path("lectures/", lectures.lecture_list, name="lecture_list"),
    path("lectures/<id:pk>/", lectures.lecture_detail, name="lecture_detail"),
    path("lectures/mine/", lectures.lecture_mine, name="lecture_mine"),
    path("lectures/stats/", lectures.lecture_stats, name="lecture_stats"),
]
