"""Charts drawn on the server as inline SVG: no script, no chart library, no network.

Each function returns one ``<svg role="img">`` whose accessible name and
description are its ``<title>`` and ``<desc>`` (``aria-labelledby``); every
bar also has its own ``<title>`` with the exact value, and the numbers are
written next to the bars. The page always puts a table with the same numbers
next to the chart. All text passed in is escaped here; numbers are written
with ``value_text`` (the caller's Swedish formatting). The colours reach at
least 3:1 against the white page (WCAG 1.4.11), and white text on them 4.5:1.
Only presentation attributes are used, never ``style``: the site's content
security policy allows no inline styles.
"""

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape

PALETTE = ("#0b4f6c", "#a23b00", "#1e5631", "#6a3d9a", "#4f5b66")
TEXT = "#1b1f23"
MUTED = "#4f5b66"
GRID = "#c5ced6"
TRACK = "#e4e9ed"
FONT = 13
WIDTH = 640


@dataclass(frozen=True)
class Series:
    label: str
    values: tuple
    color: str = ""


def nice_scale(maximum: float, ticks: int = 4) -> tuple[float, float]:
    """An axis maximum and a tick step of round numbers (1, 2, 2.5 or 5 × 10ⁿ) over ``maximum``."""
    if maximum <= 0:
        return 1.0, 1.0
    raw = maximum / ticks
    magnitude = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        step = factor * magnitude
        if step >= raw:
            break
    if maximum <= ticks and float(maximum).is_integer():
        step = 1.0  # small counts: one tick per whole number
    return math.ceil(maximum / step) * step, step


def _number(value) -> float:
    try:
        return float(value or 0)
    except (TypeError, ValueError):
        return 0.0


def _open(chart_id: str, height: float, title: str, description: str, kind: str) -> list[str]:
    chart_id = escape(chart_id)
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart chart-{kind}" id="{chart_id}" '
        f'viewBox="0 0 {WIDTH} {height:g}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" font-size="{FONT}" fill="{TEXT}">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
    ]


def _legend(items: Sequence[tuple[str, str]], *, x: float, y: float) -> tuple[list[str], float]:
    """Swatches and labels in rows; returns the markup and the height it takes."""
    out = ['<g class="chart-legend">']
    cursor_x, cursor_y = x, y
    for label, color in items:
        width = 18 + len(label) * 7.2 + 16
        if cursor_x + width > WIDTH - 8 and cursor_x > x:
            cursor_x, cursor_y = x, cursor_y + 20
        out.append(
            f'<rect x="{cursor_x:g}" y="{cursor_y:g}" width="12" height="12" fill="{color}"/>'
            f'<text x="{cursor_x + 18:g}" y="{cursor_y + 11:g}">{escape(label)}</text>'
        )
        cursor_x += width
    out.append("</g>")
    return out, cursor_y - y + 20


def _label_width(labels) -> float:
    """Room for the longest row label at the chart's font size (about 7.5 units a letter)."""
    longest = max((len(label) for label in labels), default=0)
    return min(max(90.0, 16 + longest * 7.5), 280.0)


def bar_chart(
    *,
    chart_id: str,
    title: str,
    description: str,
    categories: Sequence[str],
    series: Sequence[Series],
    value_text: Callable = str,
    height: float = 300,
    min_axis: float = 4,
) -> str:
    """Vertical bars, grouped by category (e.g. one group per year, one bar per figure).

    The axis reaches at least ``min_axis``, so a single 1 is not drawn as a full bar.
    """
    colors = [s.color or PALETTE[i % len(PALETTE)] for i, s in enumerate(series)]
    out = _open(chart_id, height, title, description, "bars")
    top = 12.0
    if len(series) > 1:
        legend, legend_height = _legend(
            [(s.label, c) for s, c in zip(series, colors, strict=True)], x=48, y=top
        )
        out += legend
        top += legend_height + 8
    left, right, bottom = 48.0, 12.0, 30.0
    plot_height = height - top - bottom - 16  # room for the value above the tallest bar
    plot_top = top + 16
    baseline = plot_top + plot_height
    values = [_number(v) for s in series for v in s.values]
    axis_max, step = nice_scale(max([*values, min_axis]))

    def y_of(value: float) -> float:
        return baseline - plot_height * value / axis_max

    out.append('<g class="chart-axis">')
    tick = 0.0
    while tick <= axis_max + step / 2:
        y = y_of(tick)
        out.append(
            f'<line x1="{left:g}" x2="{WIDTH - right:g}" y1="{y:.1f}" y2="{y:.1f}" '
            f'stroke="{GRID}" stroke-width="1"/>'
            f'<text x="{left - 6:g}" y="{y + 4:.1f}" text-anchor="end" fill="{MUTED}">'
            f"{escape(value_text(int(tick) if tick.is_integer() else tick))}</text>"
        )
        tick += step
    out.append("</g>")

    groups = max(len(categories), 1)
    group_width = (WIDTH - left - right) / groups
    bar_width = min(48.0, group_width * 0.8 / max(len(series), 1))
    out.append('<g class="chart-bars">')
    for index, category in enumerate(categories):
        group_left = left + index * group_width + (group_width - bar_width * len(series)) / 2
        for number, (one, color) in enumerate(zip(series, colors, strict=True)):
            raw = one.values[index] if index < len(one.values) else None
            value = _number(raw)
            x = group_left + number * bar_width
            y = y_of(value)
            label = escape(f"{category} – {one.label}: {value_text(raw)}")
            out.append(
                f'<rect x="{x + 1:.1f}" y="{y:.1f}" width="{bar_width - 2:.1f}" '
                f'height="{baseline - y:.1f}" fill="{color}"><title>{label}</title></rect>'
            )
            if bar_width >= 14:
                out.append(
                    f'<text x="{x + bar_width / 2:.1f}" y="{y - 4:.1f}" text-anchor="middle" '
                    f'font-size="{FONT - 1}">{escape(value_text(raw))}</text>'
                )
        out.append(
            f'<text x="{left + (index + 0.5) * group_width:.1f}" y="{baseline + 20:.1f}" '
            f'text-anchor="middle" font-weight="600">{escape(str(category))}</text>'
        )
    out.append(
        f'<line x1="{left:g}" x2="{WIDTH - right:g}" y1="{baseline:.1f}" y2="{baseline:.1f}" '
        f'stroke="{MUTED}" stroke-width="1.5"/>'
    )
    out.append("</g></svg>")
    return "".join(out)


def stacked_bar_chart(
    *,
    chart_id: str,
    title: str,
    description: str,
    rows: Sequence[tuple[str, Sequence]],
    segments: Sequence[tuple[str, str]],
    value_text: Callable = str,
) -> str:
    """Horizontal bars split into segments (e.g. met / partly / not met), one bar per row.

    The bars share one scale – the largest row total – so their lengths compare.
    """
    label_width = _label_width(label for label, _values in rows)
    right, bar_height, gap = 48.0, 28.0, 14.0
    top = 12.0
    legend, legend_height = _legend(segments, x=label_width, y=top)
    top += legend_height + 8
    height = top + len(rows) * (bar_height + gap) + 4
    out = _open(chart_id, height, title, description, "stacked")
    out += legend
    largest = max((sum(_number(v) for v in values) for _, values in rows), default=0) or 1
    span = WIDTH - label_width - right
    out.append('<g class="chart-bars">')
    for index, (row_label, values) in enumerate(rows):
        y = top + index * (bar_height + gap)
        out.append(
            f'<text x="{label_width - 10:g}" y="{y + bar_height / 2 + 5:.1f}" text-anchor="end" '
            f'font-weight="600">{escape(row_label)}</text>'
        )
        x = label_width
        total = 0.0
        for (segment_label, color), raw in zip(segments, values, strict=True):
            value = _number(raw)
            total += value
            width = span * value / largest
            if width <= 0:
                continue
            label = escape(f"{row_label} – {segment_label}: {value_text(raw)}")
            out.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{width:.1f}" height="{bar_height:g}" '
                f'fill="{color}" stroke="#ffffff" stroke-width="1.5"><title>{label}</title></rect>'
            )
            if width >= 26:
                out.append(
                    f'<text x="{x + width / 2:.1f}" y="{y + bar_height / 2 + 5:.1f}" '
                    f'text-anchor="middle" fill="#ffffff" font-weight="700">'
                    f"{escape(value_text(raw))}</text>"
                )
            x += width
        if total == 0:
            out.append(
                f'<line x1="{label_width:g}" x2="{label_width:g}" y1="{y:.1f}" '
                f'y2="{y + bar_height:.1f}" stroke="{MUTED}" stroke-width="1.5"/>'
            )
        out.append(
            f'<text x="{x + 6:.1f}" y="{y + bar_height / 2 + 5:.1f}" fill="{MUTED}">'
            f"{escape(value_text(int(total) if total.is_integer() else total))}</text>"
        )
    out.append("</g></svg>")
    return "".join(out)


def meter_chart(
    *,
    chart_id: str,
    title: str,
    description: str,
    rows: Sequence[tuple[str, float, float, str]],
    color: str = PALETTE[0],
    over_color: str = PALETTE[1],
) -> str:
    """One bar per row showing ``used`` against ``cap``: the track is the cap, the fill the use.

    ``rows`` are (label, used, cap, text); the text is written under the bar.
    The bars share one scale, so a year with a higher cap has a longer track.
    A use above the cap is drawn in ``over_color`` and runs past the track's end.
    """
    label_width, right, bar_height, gap = 90.0, 16.0, 22.0, 34.0
    top = 10.0
    height = top + len(rows) * (bar_height + gap) + 4
    out = _open(chart_id, height, title, description, "meter")
    largest = max((max(_number(u), _number(c)) for _, u, c, _ in rows), default=0) or 1
    span = WIDTH - label_width - right
    out.append('<g class="chart-bars">')
    for index, (row_label, used, cap, text) in enumerate(rows):
        y = top + index * (bar_height + gap)
        used_value, cap_value = _number(used), _number(cap)
        track = span * cap_value / largest
        fill = span * used_value / largest
        fill_color = over_color if used_value > cap_value else color
        out.append(
            f'<text x="{label_width - 10:g}" y="{y + bar_height / 2 + 5:.1f}" text-anchor="end" '
            f'font-weight="600">{escape(row_label)}</text>'
            f'<rect x="{label_width:g}" y="{y:.1f}" width="{track:.1f}" height="{bar_height:g}" '
            f'fill="{TRACK}" stroke="{MUTED}" stroke-width="1"/>'
        )
        if fill > 0:
            out.append(
                f'<rect x="{label_width:g}" y="{y:.1f}" width="{fill:.1f}" '
                f'height="{bar_height:g}" fill="{fill_color}">'
                f"<title>{escape(f'{row_label}: {text}')}</title></rect>"
            )
        out.append(
            f'<text x="{label_width:g}" y="{y + bar_height + 16:.1f}" fill="{TEXT}">'
            f"{escape(text)}</text>"
        )
    out.append("</g></svg>")
    return "".join(out)
