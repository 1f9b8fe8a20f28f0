"""URL patterns of volunteers, talent bank and matching; included by groups/urls.py under the groups namespace."""

urlpatterns: list = []
