from django.urls import path

from . import views

app_name = "facilities"

urlpatterns = [
    path("", views.IndexView.as_view(), name="facility_list"),
]
