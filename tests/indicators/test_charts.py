from decimal import Decimal

from indicators.charts import HEIGHT, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, WIDTH, LineChart, Series


def _chart(**kwargs):
    return LineChart(
        title="登録団体数",
        description="現状値 100、目標値 200",
        series=[
            Series("実績", [(2020, Decimal(100)), (2022, Decimal(150))], "chart-observed"),
            Series("目標値", [(2030, Decimal(200))], "chart-target", marker="diamond"),
        ],
        **kwargs,
    )


def test_geometry_puts_the_first_year_on_the_axis_and_the_peak_below_the_top():
    geometry = _chart().geometry()
    assert geometry.sx(2020) == MARGIN_LEFT
    assert geometry.sx(2030) == WIDTH - MARGIN_RIGHT
    assert geometry.sy(0) == HEIGHT - MARGIN_BOTTOM  # the value axis starts at zero
    assert MARGIN_TOP < geometry.sy(200) < geometry.sy(150)  # 10 % headroom above the highest value
    assert [t.label for t in geometry.x_ticks()] == [str(y) for y in range(2020, 2031)]
    assert geometry.y_ticks()[0].label == "0"


def test_svg_has_title_description_lines_markers_and_legend():
    svg = str(_chart(chart_id="indicator-7").render())
    assert 'role="img" aria-labelledby="indicator-7-title indicator-7-desc"' in svg
    assert '<title id="indicator-7-title">登録団体数</title>' in svg
    assert svg.count("<polyline") == 1  # the one-point target series has a marker, no line
    assert svg.count('class="chart-marker"') == 2 + 1 + 2  # two observed, one target, two legend markers
    assert '<polygon points="' in svg  # the target's diamond
    assert svg.count('class="chart-tick">実績</text>') == 1


def test_labels_from_data_are_escaped():
    chart = LineChart(title="<script>x</script>", description="a & b", series=[Series("<b>", [(2020, Decimal(1))])])
    svg = str(chart.render())
    assert "<script>" not in svg
    assert "&lt;script&gt;" in svg
    assert "a &amp; b" in svg
    assert "&lt;b&gt;" in svg


def test_a_chart_without_points_says_so_and_still_has_its_title():
    svg = str(LineChart(title="未計測", description="データなし").render())
    assert '<text x="50%" y="50%" text-anchor="middle" class="chart-empty">-</text>' in svg
    assert "未計測" in svg
    assert "<polyline" not in svg
