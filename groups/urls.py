from django.urls import path

from . import volunteer_urls
from .views import directory

app_name = "groups"

urlpatterns = [
    path("", directory.IndexView.as_view(), name="group_list"),
    *volunteer_urls.urlpatterns,
]
