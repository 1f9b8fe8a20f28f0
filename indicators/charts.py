"""Server-rendered SVG line charts (no JavaScript): reusable for any series over fiscal years.

The SVG carries role="img" with <title>/<desc>; the page shows the same numbers in a table, the accessible
alternative. Colours meet contrast on white, and series differ by dash pattern and marker shape as well as colour.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

WIDTH, HEIGHT = 640, 320
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = 64, 24, 24, 48


@dataclass
class Series:
    label: str
    points: list[tuple[int, Decimal]]
    css_class: str = "chart-series"
    dashed: bool = False
    markers: bool = True
    marker: str = "circle"  # circle | square | diamond


@dataclass
class LineChart:
    title: str
    description: str
    series: list[Series] = field(default_factory=list)
    unit: str = ""
    chart_id: str = "chart"

    def _bounds(self):
        xs = [x for s in self.series for x, _y in s.points]
        ys = [Decimal(y) for s in self.series for _x, y in s.points]
        if not xs:
            return None
        x0, x1 = min(xs), max(xs)
        if x0 == x1:
            x0, x1 = x0 - 1, x1 + 1
        y0, y1 = min([*ys, Decimal(0)]), max(ys)
        if y0 == y1:
            y1 = y0 + 1
        pad = (y1 - y0) * Decimal("0.1")
        return x0, x1, y0, y1 + pad

    def render(self) -> SafeString:
        parts = [
            format_html(
                '<svg class="line-chart" viewBox="0 0 {} {}" role="img" aria-labelledby="{}-title {}-desc" '
                'xmlns="http://www.w3.org/2000/svg">',
                WIDTH,
                HEIGHT,
                self.chart_id,
                self.chart_id,
            ),
            format_html('<title id="{}-title">{}</title>', self.chart_id, self.title),
            format_html('<desc id="{}-desc">{}</desc>', self.chart_id, self.description),
        ]
        bounds = self._bounds()
        if bounds is None:
            parts.append('<text x="50%" y="50%" text-anchor="middle" class="chart-empty">-</text></svg>')
            return mark_safe("".join(str(p) for p in parts))  # noqa: S308 - every piece escaped above
        x0, x1, y0, y1 = bounds
        plot_w = WIDTH - MARGIN_LEFT - MARGIN_RIGHT
        plot_h = HEIGHT - MARGIN_TOP - MARGIN_BOTTOM

        def sx(x) -> float:
            return round(MARGIN_LEFT + plot_w * (x - x0) / (x1 - x0), 1)

        def sy(y) -> float:
            return round(MARGIN_TOP + plot_h * float((y1 - Decimal(y)) / (y1 - y0)), 1)

        parts.append('<g class="chart-axes" aria-hidden="true">')
        parts.append(
            format_html(
                '<line x1="{}" y1="{}" x2="{}" y2="{}" class="chart-axis"/>',
                MARGIN_LEFT,
                HEIGHT - MARGIN_BOTTOM,
                WIDTH - MARGIN_RIGHT,
                HEIGHT - MARGIN_BOTTOM,
            )
        )
        parts.append(
            format_html(
                '<line x1="{}" y1="{}" x2="{}" y2="{}" class="chart-axis"/>',
                MARGIN_LEFT,
                MARGIN_TOP,
                MARGIN_LEFT,
                HEIGHT - MARGIN_BOTTOM,
            )
        )
        for step in range(5):
            value = y0 + (y1 - y0) * Decimal(step) / 4
            parts.append(
                format_html(
                    '<line x1="{}" y1="{}" x2="{}" y2="{}" class="chart-grid"/>'
                    '<text x="{}" y="{}" text-anchor="end" class="chart-tick">{}</text>',
                    MARGIN_LEFT,
                    sy(value),
                    WIDTH - MARGIN_RIGHT,
                    sy(value),
                    MARGIN_LEFT - 6,
                    sy(value) + 4,
                    _short(value),
                )
            )
        span = x1 - x0
        stride = 1 if span <= 10 else 2 if span <= 20 else 5
        for year in range(x0, x1 + 1, stride):
            parts.append(
                format_html(
                    '<text x="{}" y="{}" text-anchor="middle" class="chart-tick">{}</text>',
                    sx(year),
                    HEIGHT - MARGIN_BOTTOM + 18,
                    year,
                )
            )
        if self.unit:
            parts.append(format_html('<text x="8" y="16" class="chart-tick">{}</text>', self.unit))
        parts.append("</g>")
        for series in self.series:
            if not series.points:
                continue
            coords = " ".join(f"{sx(x)},{sy(y)}" for x, y in sorted(series.points))
            dash = " chart-dashed" if series.dashed else ""
            parts.append(format_html('<g class="{}">', series.css_class))
            if len(series.points) > 1:
                parts.append(format_html('<polyline points="{}" class="chart-line{}" fill="none"/>', coords, dash))
            if series.markers:
                for x, y in series.points:
                    parts.append(_marker(series.marker, sx(x), sy(y)))
            parts.append("</g>")
        legend_y = HEIGHT - 12
        x = MARGIN_LEFT
        parts.append('<g class="chart-legend" aria-hidden="true">')
        for series in self.series:
            dash = " chart-dashed" if series.dashed else ""
            parts.append(
                format_html(
                    '<g class="{}"><line x1="{}" y1="{}" x2="{}" y2="{}" class="chart-line{}"/>{}'
                    '<text x="{}" y="{}" class="chart-tick">{}</text></g>',
                    series.css_class,
                    x,
                    legend_y - 4,
                    x + 24,
                    legend_y - 4,
                    dash,
                    _marker(series.marker, x + 12, legend_y - 4) if series.markers else "",
                    x + 30,
                    legend_y,
                    series.label,
                )
            )
            x += 40 + 14 * len(series.label)
        parts.append("</g></svg>")
        return mark_safe("".join(str(p) for p in parts))  # noqa: S308 - every piece escaped above


def _marker(shape: str, x: float, y: float) -> SafeString:
    if shape == "square":
        return format_html('<rect x="{}" y="{}" width="8" height="8" class="chart-marker"/>', x - 4, y - 4)
    if shape == "diamond":
        return format_html(
            '<polygon points="{},{} {},{} {},{} {},{}" class="chart-marker"/>',
            x,
            y - 6,
            x + 6,
            y,
            x,
            y + 6,
            x - 6,
            y,
        )
    return format_html('<circle cx="{}" cy="{}" r="4" class="chart-marker"/>', x, y)


def _short(value: Decimal) -> str:
    value = Decimal(value)
    if abs(value) >= 1000:
        return f"{value:,.0f}"
    if value == value.to_integral():
        return f"{value:.0f}"
    return escape(f"{value:.1f}")
