from django.urls import path

from civic_portal.core import converters  # noqa: F401 - registers <id:>

from ..feeds import NewsAtomFeed, NewsRssFeed
from ..views import news

urlpatterns = [
    path("news/", news.news_list, name="news_list"),
    path("news/<id:pk>/", news.news_detail, name="news_detail"),
    path("news/newsletter/", news.newsletter_list, name="newsletter_list"),
    path("news/feed/rss/", NewsRssFeed(), name="news_rss"),
    path("news/feed/atom/", NewsAtomFeed(), name="news_atom"),
]
