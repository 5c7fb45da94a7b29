"""Small charts drawn on the server as inline SVG: the same markup on the incident page and in
the situation report PDF (WeasyPrint draws inline SVG), no JavaScript, nothing fetched.

Presentation attributes only (``fill``, ``font-size``), never a ``style`` attribute, so the
page's Content-Security-Policy has nothing to refuse. Every text is escaped before the markup
is marked safe."""

from __future__ import annotations

import datetime
import math
from collections.abc import Iterable

from django.utils import formats
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

WIDTH, HEIGHT = 640, 220
LEFT, RIGHT, TOP, BOTTOM = 36, 8, 18, 34
#: At most this many labels under the bars: with more days, every n-th day is named.
MAX_LABELS = 14
#: The widest bar: a few days must still read as a chart over days, not as blocks.
MAX_BAR = 56
BAR = "#9b2c2c"
INK, GRID = "#1f2328", "#b9c3cf"
FONT = "Plan Sans, DejaVu Sans, Arial, sans-serif"


def _label(value) -> str:
    if isinstance(value, datetime.date):
        return formats.date_format(value, "j M")
    return str(value)


def _long_label(value) -> str:
    if isinstance(value, datetime.date):
        return formats.date_format(value, "j F Y")
    return str(value)


def _top(largest: int) -> int:
    """The value the chart's top stands for: ``largest`` rounded up to an even step (2 up to
    99, 20 up to 999, ...), so that the middle line is a whole number; at least 2."""
    unit = 2 * 10 ** max(0, int(math.log10(max(largest, 1))) - 1)
    return max(2, math.ceil(largest / unit) * unit)


def bar_chart_svg(points: Iterable[tuple[object, int]], *, label: str = "") -> SafeString | str:
    """An SVG bar chart of ``points`` (``[(day or text, count), ...]`` in order), with the
    counts over the bars, a scale on the left and the days under them; ``label`` names the
    chart for screen readers (a text list of every value follows it). ``""`` when there is no
    point."""
    points = [(key, max(0, int(value))) for key, value in points]
    if not points:
        return ""
    top = _top(max(value for _key, value in points))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = plot_w / len(points)
    bar_w = min(MAX_BAR, max(1.0, slot * 0.7))
    every = math.ceil(len(points) / MAX_LABELS)
    baseline = TOP + plot_h

    def y_of(value: int) -> float:
        return baseline - plot_h * value / top

    summary = "; ".join(f"{_long_label(key)}: {value}" for key, value in points)
    name = label or _("Bar chart")
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="bar-chart" role="img" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}" '
        f'font-family="{FONT}" aria-label="{escape(name)}">',
        f"<title>{escape(name)}</title><desc>{escape(summary)}</desc>",
    ]
    for tick in (0, top // 2, top):
        y = y_of(tick)
        parts.append(f'<line x1="{LEFT}" y1="{y:.1f}" x2="{WIDTH - RIGHT}" y2="{y:.1f}" '
                     f'stroke="{GRID}" stroke-width="{1 if tick else 1.5}"/>')
        parts.append(f'<text x="{LEFT - 6}" y="{y + 4:.1f}" font-size="11" fill="{INK}" '
                     f'text-anchor="end">{tick}</text>')
    for index, (key, value) in enumerate(points):
        x = LEFT + index * slot + (slot - bar_w) / 2
        centre = x + bar_w / 2
        if value:
            y = y_of(value)
            parts.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar_w:.1f}" '
                         f'height="{baseline - y:.1f}" fill="{BAR}">'
                         f"<title>{escape(_long_label(key))}: {value}</title></rect>")
            parts.append(f'<text x="{centre:.1f}" y="{y - 4:.1f}" font-size="11" fill="{INK}" '
                         f'text-anchor="middle">{value}</text>')
        if index % every == 0:
            parts.append(f'<text x="{centre:.1f}" y="{baseline + 16:.1f}" font-size="11" '
                         f'fill="{INK}" text-anchor="middle">{escape(_label(key))}</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # every text above is escaped
