"""Staff's Markdown becomes HTML with only the allowed tags: raw HTML shows as text, scripts never run."""

from civic_portal.center.markup import plain_summary, render_markdown


def test_markdown_renders_lists_emphasis_and_line_breaks():
    html = render_markdown("**重要**\n次の行\n\n- 一つ目\n- 二つ目")
    assert "<strong>重要</strong><br>" in html
    assert "<li>一つ目</li>" in html


def test_raw_html_is_shown_as_text_not_interpreted():
    source = 'こんにちは<script>alert(1)</script>\n\n<div onclick="x">囲み</div>\n\n<img src=x onerror=y>'
    html = render_markdown(source)
    assert "<script" not in html
    assert "<div" not in html
    assert "<img" not in html
    assert "&lt;script&gt;" in html


def test_links_get_rel_and_dangerous_schemes_lose_their_href():
    html = render_markdown("[市](https://example.jp) [悪](javascript:alert(1)) [電話](tel:0120000000)")
    assert '<a href="https://example.jp" rel="noopener noreferrer">市</a>' in html
    assert "javascript:" not in html
    assert 'href="tel:0120000000"' in html


def test_headings_start_below_the_page_title_without_gaps():
    assert render_markdown("# 大見出し\n\n## 中見出し").startswith("<h2>大見出し</h2>\n<h3>中見出し</h3>")
    assert render_markdown("### 小見出し\n\n#### 下").startswith("<h2>小見出し</h2>\n<h3>下</h3>")
    assert render_markdown("本文だけ") == "<p>本文だけ</p>"


def test_tables_render_and_images_are_dropped():
    html = render_markdown("| 日 | 内容 |\n|---|---|\n| 1日 | 講座 |\n\n![写真](https://example.jp/a.png)")
    assert "<td>講座</td>" in html
    assert "<img" not in html


def test_plain_summary_strips_markup_and_truncates():
    assert plain_summary("## 見出し\n\n**本文**です。" + "あ" * 200, length=20) == "見出し 本文です。" + "あ" * 10 + "…"
