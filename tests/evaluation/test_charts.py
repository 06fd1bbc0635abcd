"""The server-side SVG charts: accessible names, the values, escaping."""

from lxml import etree

from reglab.evaluation import charts

SVG = "{http://www.w3.org/2000/svg}"


def parse(svg: str):
    return etree.fromstring(svg.encode())


def test_nice_scale():
    assert charts.nice_scale(0) == (1.0, 1.0)
    assert charts.nice_scale(3) == (3.0, 1.0)  # small counts: a tick per whole number
    assert charts.nice_scale(8) == (8.0, 2.0)
    assert charts.nice_scale(9) == (10.0, 2.5)
    assert charts.nice_scale(180_000) == (200_000.0, 50_000.0)


def test_bar_chart_has_a_name_a_description_and_a_bar_per_value():
    root = parse(
        charts.bar_chart(
            chart_id="c",
            title="Förslag <per> år",
            description="Stapeldiagram",
            categories=["2023", "2024"],
            series=[charts.Series("Förslag", (3, 4)), charts.Series("Klartecken", (2, 0))],
        )
    )
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "c-title c-desc"
    assert root.find(f"{SVG}title").text == "Förslag <per> år"
    assert root.find(f"{SVG}desc").text == "Stapeldiagram"
    bars = root.findall(f".//{SVG}g[@class='chart-bars']/{SVG}rect")
    assert [bar.find(f"{SVG}title").text for bar in bars] == [
        "2023 – Förslag: 3",
        "2023 – Klartecken: 2",
        "2024 – Förslag: 4",
        "2024 – Klartecken: 0",
    ]
    heights = [float(bar.get("height")) for bar in bars]
    assert heights[2] > heights[0] > heights[1] > heights[3] == 0
    assert heights[0] / heights[2] == 3 / 4
    # A legend for two series.
    assert [t.text for t in root.findall(f".//{SVG}g[@class='chart-legend']/{SVG}text")] == [
        "Förslag",
        "Klartecken",
    ]


def test_stacked_bars_share_one_scale():
    root = parse(
        charts.stacked_bar_chart(
            chart_id="s",
            title="Utfall",
            description="d",
            rows=[("Kriterier", [2, 1, 1]), ("Indikatorer", [1, 0, 1])],
            segments=[("Uppfyllt", "#0b4f6c"), ("Delvis", "#c05a00"), ("Inte", "#8a1c1c")],
        )
    )
    rects = root.findall(f".//{SVG}g[@class='chart-bars']/{SVG}rect")
    titles = [rect.find(f"{SVG}title").text for rect in rects]
    assert titles == [
        "Kriterier – Uppfyllt: 2",
        "Kriterier – Delvis: 1",
        "Kriterier – Inte: 1",
        "Indikatorer – Uppfyllt: 1",
        "Indikatorer – Inte: 1",  # a zero segment is not drawn
    ]
    widths = [float(rect.get("width")) for rect in rects]
    assert widths[0] == 2 * widths[1]
    assert widths[3] == widths[1]


def test_meter_chart_draws_use_against_the_cap():
    root = parse(
        charts.meter_chart(
            chart_id="m",
            title="Grundfinansiering",
            description="d",
            rows=[("2023", 130_000, 200_000, "130 000 av 200 000"), ("2024", 0, 150_000, "0")],
        )
    )
    rects = root.findall(f".//{SVG}g[@class='chart-bars']/{SVG}rect")
    # 2023: track and fill; 2024: only the track (nothing granted).
    assert len(rects) == 3
    track_2023, fill_2023, track_2024 = (float(r.get("width")) for r in rects)
    assert fill_2023 / track_2023 == 0.65
    assert track_2024 / track_2023 == 0.75
    assert rects[1].find(f"{SVG}title").text == "2023: 130 000 av 200 000"


def test_charts_escape_their_text():
    svg = charts.bar_chart(
        chart_id='x" onload="alert(1)',
        title="<script>alert(1)</script>",
        description="&",
        categories=["<b>"],
        series=[charts.Series("<i>", (1,))],
    )
    assert "<script>" not in svg and "<b>" not in svg and "<i>" not in svg
    assert 'onload="' not in svg
    parse(svg)  # still well-formed XML
