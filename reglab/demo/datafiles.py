"""Reading the demo's data files (``reglab/demo/data/*.toml``, read once each)."""

import tomllib
from functools import cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"


@cache
def load(name: str) -> dict:
    """The parsed ``data/<name>.toml``. Cached: callers must not change what it returns."""
    with (DATA / f"{name}.toml").open("rb") as file:
        return tomllib.load(file)
