"""Server-rendered SVG line charts (no JavaScript): reusable for any series over fiscal years.

The SVG carries role="img" with <title>/<desc>; the page shows the same numbers in a table, the accessible
alternative. Colours meet contrast on white, and series differ by dash pattern and marker shape as well as colour.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.template.loader import render_to_string
from django.utils.safestring import SafeString

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

    def geometry(self) -> ChartGeometry | None:
        """Where everything goes on the canvas; None when there is nothing to plot."""
        xs = [x for s in self.series for x, _y in s.points]
        if not xs:
            return None
        ys = [Decimal(y) for s in self.series for _x, y in s.points]
        x0, x1 = min(xs), max(xs)
        if x0 == x1:
            x0, x1 = x0 - 1, x1 + 1
        y0, y1 = min([*ys, Decimal(0)]), max(ys)
        if y0 == y1:
            y1 = y0 + 1
        return ChartGeometry(x0, x1, y0, y1 + (y1 - y0) * Decimal("0.1"), self.series)

    def render(self) -> SafeString:
        """The chart as inline SVG (templates/indicators/_line_chart.html)."""
        return render_to_string(
            "indicators/_line_chart.html",
            {"chart": self, "geometry": self.geometry(), "width": WIDTH, "height": HEIGHT},
        )


@dataclass(frozen=True)
class Marker:
    shape: str
    x: float
    y: float

    @property
    def corner(self) -> tuple[float, float]:
        return round(self.x - 4, 1), round(self.y - 4, 1)

    @property
    def diamond(self) -> str:
        x, y = self.x, self.y
        return f"{x},{y - 6} {x + 6},{y} {x},{y + 6} {x - 6},{y}"


@dataclass(frozen=True)
class Tick:
    x: float
    y: float
    label: str

    @property
    def label_y(self) -> float:
        return round(self.y + 4, 1)


@dataclass(frozen=True)
class Line:
    css_class: str
    dashed: bool
    points: str
    markers: list[Marker]


@dataclass(frozen=True)
class LegendEntry:
    css_class: str
    dashed: bool
    x: float
    y: float
    label: str
    marker: Marker | None

    @property
    def line_y(self) -> float:
        return self.y - 4

    @property
    def line_end(self) -> float:
        return self.x + 24

    @property
    def text_x(self) -> float:
        return self.x + 30


class ChartGeometry:
    """Canvas coordinates for a chart whose data spans x0..x1 (fiscal years) and y0..y1."""

    left, right, top, bottom = MARGIN_LEFT, WIDTH - MARGIN_RIGHT, MARGIN_TOP, HEIGHT - MARGIN_BOTTOM

    def __init__(self, x0: int, x1: int, y0: Decimal, y1: Decimal, series: list[Series]):
        self.x0, self.x1, self.y0, self.y1, self.series = x0, x1, y0, y1, series

    def sx(self, x: int) -> float:
        return round(self.left + (self.right - self.left) * (x - self.x0) / (self.x1 - self.x0), 1)

    def sy(self, y) -> float:
        return round(self.top + (self.bottom - self.top) * float((self.y1 - Decimal(y)) / (self.y1 - self.y0)), 1)

    def y_ticks(self) -> list[Tick]:
        values = (self.y0 + (self.y1 - self.y0) * Decimal(step) / 4 for step in range(5))
        return [Tick(self.left - 6, self.sy(v), _short(v)) for v in values]

    def x_ticks(self) -> list[Tick]:
        span = self.x1 - self.x0
        stride = 1 if span <= 10 else 2 if span <= 20 else 5
        return [Tick(self.sx(year), self.bottom + 18, str(year)) for year in range(self.x0, self.x1 + 1, stride)]

    def lines(self) -> list[Line]:
        return [
            Line(
                s.css_class,
                s.dashed,
                " ".join(f"{self.sx(x)},{self.sy(y)}" for x, y in sorted(s.points)) if len(s.points) > 1 else "",
                [Marker(s.marker, self.sx(x), self.sy(y)) for x, y in s.points] if s.markers else [],
            )
            for s in self.series
            if s.points
        ]

    def legend(self) -> list[LegendEntry]:
        entries, x, y = [], MARGIN_LEFT, HEIGHT - 12
        for s in self.series:
            entries.append(
                LegendEntry(
                    s.css_class, s.dashed, x, y, s.label, Marker(s.marker, x + 12, y - 4) if s.markers else None
                )
            )
            x += 40 + 14 * len(s.label)
        return entries


def _short(value: Decimal) -> str:
    value = Decimal(value)
    if abs(value) >= 1000:
        return f"{value:,.0f}"
    if value == value.to_integral():
        return f"{value:.0f}"
    return f"{value:.1f}"
