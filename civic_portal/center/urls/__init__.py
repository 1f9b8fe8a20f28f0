"""The center's public URLs, one module per part, all in the namespace `center`."""

from . import news

app_name = "center"

urlpatterns = [*news.urlpatterns]
