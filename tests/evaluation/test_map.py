"""The map of Sweden: the shipped counties, the projection, the SVG."""

import json
import math
from pathlib import Path

import pytest
from lxml import etree

from reglab.evaluation import sweden_map
from reglab.evaluation.sweden_map import LEVELS, level_for, level_labels, map_shape, project

COUNTY_CODES = {
    "01", "03", "04", "05", "06", "07", "08", "09", "10", "12", "13",
    "14", "17", "18", "19", "20", "21", "22", "23", "24", "25",
}  # fmt: skip
SVG = "{http://www.w3.org/2000/svg}"


def test_the_geojson_holds_the_21_counties():
    features = sweden_map.counties_geojson()["features"]
    assert {feature["properties"]["code"] for feature in features} == COUNTY_CODES
    assert len(features) == 21
    names = sweden_map.county_names()
    assert names["12"] == "Skåne län"
    assert names["25"] == "Norrbottens län"
    assert list(names) == sorted(COUNTY_CODES)


def test_every_region_in_the_reference_data_has_a_county_on_the_map():
    path = Path(__file__).resolve().parents[2] / "reglab/organisations/data/reglab_2018.json"
    reference = json.loads(path.read_text(encoding="utf-8"))
    codes = {
        organisation["county_code"]
        for organisation in reference["members"] + reference["partners"]
        if organisation.get("is_region")
    }
    assert codes == COUNTY_CODES


def test_the_geojson_is_vendored_with_its_licence():
    data = Path(sweden_map.GEOJSON).parent
    licence = (data / "LICENSE-sweden_counties.txt").read_text(encoding="utf-8")
    assert "MIT License" in licence
    assert "Statistics Sweden" in licence
    assert 30_000 < sweden_map.GEOJSON.stat().st_size < 300_000


def test_projection_at_known_points():
    # The projection's origin.
    assert project(15.0, 62.0) == pytest.approx((0.0, 0.0), abs=1e-9)
    # Stockholm (18.0686° E, 59.3293° N) and Kiruna: the values PROJ gives for
    # "+proj=lcc +lat_1=58 +lat_2=66 +lat_0=62 +lon_0=15 +R=6371000" (in km).
    assert project(18.0686, 59.3293) == pytest.approx((173.760, -292.247), abs=0.01)
    assert project(20.2253, 67.8558) == pytest.approx((219.434, 659.535), abs=0.01)
    # Along a standard parallel the scale is true: 1° of longitude at 58° N.
    x1, y1 = project(15.0, 58.0)
    x2, y2 = project(16.0, 58.0)
    along = math.hypot(x2 - x1, y2 - y1)
    assert along == pytest.approx(6371 * math.radians(1) * math.cos(math.radians(58)), rel=1e-3)


def test_the_map_keeps_swedens_proportions():
    shape = map_shape()
    # Sweden is about 1 570 km from north to south and 500 km at its widest.
    assert shape.height / shape.width == pytest.approx(2.35, abs=0.1)
    # North is up: Norrbotten lies above Skåne.
    paths = {county.code: county.path for county in shape.counties}
    first_y = {code: float(path[1:].split("L")[0].split(",")[1]) for code, path in paths.items()}
    assert first_y["25"] < first_y["12"]


@pytest.mark.parametrize(
    ("count", "level"), [(0, 0), (1, 1), (2, 2), (3, 3), (4, 3), (5, 4), (40, 4)]
)
def test_shading_classes(count, level):
    assert level_for(count) == level


def test_legend_labels():
    assert level_labels() == ["0", "1", "2", "3–4", "5+"]


def test_the_svg_has_one_path_per_county_with_its_name_and_count():
    svg = sweden_map.sweden_map_svg(
        {"12": 2, "18": 5, "03": 1},
        map_id="karta",
        title="Karta <över> Sverige",
        description="Beskrivning",
        legend_title="Provrum",
        county_label=lambda name, count: f"{name}: {count}",
    )
    root = etree.fromstring(svg.encode())
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "karta-title karta-desc"
    assert root.find(f"{SVG}title").text == "Karta <över> Sverige"  # escaped, parsed back
    paths = root.findall(f".//{SVG}g[@class='counties']/{SVG}path")
    assert len(paths) == 21
    assert {path.get("data-code") for path in paths} == COUNTY_CODES
    by_code = {path.get("data-code"): path for path in paths}
    assert by_code["12"].get("fill") == LEVELS[2][1]
    assert "county-level-2" in by_code["12"].get("class")
    assert by_code["18"].get("fill") == LEVELS[4][1]
    assert by_code["03"].get("fill") == LEVELS[1][1]
    assert by_code["01"].get("fill") == LEVELS[0][1]
    assert by_code["12"].find(f"{SVG}title").text == "Skåne län: 2"
    # Counties of several parts (the archipelago) are one path of several rings.
    assert by_code["01"].get("d").count("M") > 1
    # The legend: one swatch per class.
    legend = root.find(f".//{SVG}g[@class='map-legend']")
    assert [t.text for t in legend.findall(f"{SVG}text")] == ["Provrum", "0", "1", "2", "3–4", "5+"]


def test_the_conversion_script_is_not_part_of_the_app():
    """make_counties.py needs pyarrow and shapely, which the app does not install."""
    package = Path(sweden_map.__file__).resolve().parents[1]
    script = Path(sweden_map.GEOJSON).parent / "make_counties.py"
    assert script.exists()
    for module in package.rglob("*.py"):
        if module == script:
            continue
        source = module.read_text(encoding="utf-8")
        assert "make_counties" not in source, module
        assert "import pyarrow" not in source and "import shapely" not in source, module
