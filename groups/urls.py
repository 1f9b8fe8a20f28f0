from django.urls import path

from . import views

app_name = "groups"

urlpatterns = [
    path("", views.IndexView.as_view(), name="group_list"),
]
