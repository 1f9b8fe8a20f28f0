"""The center's public URLs, one module per part, all in the namespace `center`."""

from . import consultations, lectures, news  # lec14

app_name = "center"

urlpatterns = [*news.urlpatterns]
urlpatterns += [*lectures.urlpatterns, *consultations.urlpatterns]  # lec14
