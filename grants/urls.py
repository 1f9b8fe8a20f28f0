from django.urls import path

from . import views

app_name = "grants"

urlpatterns = [
    path("", views.IndexView.as_view(), name="programme_list"),
]
