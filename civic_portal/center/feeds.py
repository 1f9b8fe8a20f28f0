"""The news as RSS 2.0 and Atom (django.contrib.syndication): the newest published entries."""

from django.contrib.syndication.views import Feed
from django.urls import reverse_lazy
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed, SyndicationFeed
from django.utils.translation import gettext_lazy as _

from . import selectors
from .markup import plain_summary, render_markdown
from .models import NewsEntry

FEED_ITEMS = 20


class NewsRssFeed(Feed):
    feed_type: type[SyndicationFeed] = Rss201rev2Feed
    title = _("市民活動センターのお知らせ")
    description = _("市民活動センターからのお知らせ、募集、助成情報、施設の案内、活動の報告。")
    link = reverse_lazy("center:news_list")

    def items(self):
        return selectors.news_latest(FEED_ITEMS)

    def item_title(self, item: NewsEntry):
        return item.title

    def item_description(self, item: NewsEntry):
        return render_markdown(item.body)

    def item_pubdate(self, item: NewsEntry):
        return item.publish_at

    def item_categories(self, item: NewsEntry):
        return [item.get_category_display()]


class NewsAtomFeed(NewsRssFeed):
    feed_type = Atom1Feed
    subtitle = NewsRssFeed.description

    def item_description(self, item: NewsEntry):
        return item.summary or plain_summary(item.body)

    def item_updateddate(self, item: NewsEntry):
        return item.publish_at
