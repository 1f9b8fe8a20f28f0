"""The public news pages as visitors meet them: list, filter, paging, detail, newsletter, feeds, home page."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from civic_portal.center.models import NewsCategory
from tests.factories.accounts import StaffFactory
from tests.factories.center import NewsEntryFactory, NewsletterContentFactory, NewsletterIssueFactory

pytestmark = pytest.mark.django_db

NOON = dt.datetime(2027, 6, 1, 3, 0, tzinfo=dt.UTC)  # 12:00 JST


def _entries(n, **fields):
    return [NewsEntryFactory(publish_at=NOON - dt.timedelta(hours=i + 1), **fields) for i in range(n)]


@pytest.fixture
def frozen():
    with time_machine.travel(NOON, tick=False):
        yield


def test_list_shows_published_entries_newest_first_and_no_future_ones(client, frozen):
    older, newer = NewsEntryFactory(title="古い記事", publish_at=NOON - dt.timedelta(days=2)), _entries(1)[0]
    NewsEntryFactory(title="明日の記事", publish_at=NOON + dt.timedelta(days=1))
    html = client.get(reverse("center:news_list")).content.decode()
    assert html.index(newer.title) < html.index(older.title)
    assert "明日の記事" not in html
    assert f'href="{newer.get_absolute_url()}"' in html


def test_category_filter_marks_the_current_category_and_keeps_it_in_paging(client, frozen):
    _entries(21, category=NewsCategory.RECRUITMENT)
    NewsEntryFactory(title="施設の記事", category=NewsCategory.FACILITIES)
    response = client.get(reverse("center:news_list"), {"category": "recruitment"})
    html = response.content.decode()
    assert "施設の記事" not in html
    assert 'href="?category=recruitment" aria-current="page"' in html
    assert 'href="?category=recruitment&amp;page=2" rel="next"' in html
    assert len(response.context["page"].object_list) == 20


def test_an_unknown_category_shows_everything_with_a_note(client, frozen):
    _entries(2)
    response = client.get(reverse("center:news_list"), {"category": "nope", "page": "999"})
    assert response.status_code == 200
    assert len(response.context["page"].object_list) == 2
    assert "その分類はありません" in response.content.decode()


@pytest.mark.parametrize("path", ["center:news_list", "home"])
def test_list_and_home_take_the_same_queries_at_two_sizes(client, frozen, django_assert_max_num_queries, path):
    url = reverse(path)
    _entries(3)
    with django_assert_max_num_queries(2) as small:
        client.get(url)
    _entries(40, category=NewsCategory.GRANTS)
    with django_assert_max_num_queries(len(small)) as big:
        response = client.get(url + ("?category=grants" if path == "center:news_list" else ""))
    assert response.status_code == 200
    assert len(big) == len(small)


def test_newsletter_list_takes_the_same_queries_at_two_sizes(client, django_assert_max_num_queries):
    NewsletterContentFactory(issue=NewsletterIssueFactory())
    with django_assert_max_num_queries(3) as small:
        client.get(reverse("center:newsletter_list"))
    for _ in range(15):
        issue = NewsletterIssueFactory()
        NewsletterContentFactory.create_batch(4, issue=issue)
    with django_assert_max_num_queries(len(small)):
        response = client.get(reverse("center:newsletter_list"))
    assert len(response.context["page"].object_list) == 12


def test_newsletter_shows_published_issues_with_contents_in_order(client):
    issue = NewsletterIssueFactory(number=7, title="ボランティア特集")
    NewsletterContentFactory(issue=issue, order=2, title="二番目", page=3)
    NewsletterContentFactory(issue=issue, order=1, title="一番目")
    NewsletterIssueFactory(number=8, title="未公開の号", is_published=False)
    html = client.get(reverse("center:newsletter_list")).content.decode()
    assert "第7号" in html
    assert html.index("一番目") < html.index("二番目")
    assert "3ページ" in html
    assert issue.pdf.url in html
    assert "未公開の号" not in html


def test_detail_renders_sanitised_markdown(client, frozen):
    entry = NewsEntryFactory(body="## 日時\n\n[申込み](https://example.jp/form)<script>alert(1)</script>")
    html = client.get(entry.get_absolute_url()).content.decode()
    assert f"<h1>{entry.title}</h1>" in html
    assert "<h2>日時</h2>" in html
    assert 'rel="noopener noreferrer"' in html
    assert "<script>alert" not in html


@pytest.mark.parametrize(
    ("publish", "unpublish"),
    [(None, None), (NOON + dt.timedelta(seconds=1), None), (NOON - dt.timedelta(days=1), NOON)],
    ids=["draft", "future", "expired"],
)
def test_detail_is_404_outside_the_window_and_staff_see_a_preview(client, frozen, publish, unpublish):
    entry = NewsEntryFactory(publish_at=publish, unpublish_at=unpublish)
    assert client.get(entry.get_absolute_url()).status_code == 404
    assert client.get(reverse("center:news_detail", args=[entry.pk + 1000])).status_code == 404
    client.force_login(StaffFactory())
    response = client.get(entry.get_absolute_url())
    assert response.status_code == 200
    assert "この記事は公開されていません" in response.content.decode()


def test_atom_and_rss_feeds_list_published_entries(client, frozen):
    entry = NewsEntryFactory(title="フィードの記事", summary="短い概要", category=NewsCategory.GRANTS)
    NewsEntryFactory(title="下書きの記事", publish_at=None)
    atom = client.get(reverse("center:news_atom"))
    assert atom["Content-Type"].startswith("application/atom+xml")
    feed = atom.content.decode()
    assert feed.count("<entry>") == 1
    assert "<title>フィードの記事</title>" in feed
    assert '<summary type="html">短い概要</summary>' in feed
    assert "下書きの記事" not in feed
    rss = client.get(reverse("center:news_rss"))
    assert rss["Content-Type"].startswith("application/rss+xml")
    channel = rss.content.decode()
    assert channel.count("<item>") == 1
    assert f"{entry.get_absolute_url()}</link>" in channel
    assert "<category>助成情報</category>" in channel


def test_home_shows_the_latest_five_news_and_links_to_the_list(client, frozen):
    entries = _entries(6)
    html = client.get(reverse("home")).content.decode()
    for entry in entries[:5]:
        assert entry.title in html
    assert entries[5].title not in html
    assert f'href="{reverse("center:news_list")}"' in html
    assert 'type="application/atom+xml"' in html


def test_home_without_news_says_so(client):
    assert "掲載中のお知らせはありません。" in client.get(reverse("home")).content.decode()


def test_pages_answer_in_english(client, frozen):
    _entries(1, category=NewsCategory.REPORT)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = client.get(reverse("center:news_list")).content.decode()
    assert "<h1>News</h1>" in html
    assert ">Reports<" in html
