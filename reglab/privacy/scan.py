"""Where does a person still appear? Every text column, the caches and the documents.

Used by the erasure (``reglab.privacy.erasure``), which reports what it found, and
by the tests. Generic by design: every installed model's text columns are found
through the app registry (CharField, TextField, EmailField, SlugField, FileField,
JSONField and their kin, history tables included), so an app added later is
scanned without a change here.
"""

import json
import os
import pickle  # nosec B403
import zipfile
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.cache import caches
from django.db import models
from django.db.models import Q

# pickle (bandit B403) reads only our own cache entries, never outside input.
TEXT_TYPES = (models.CharField, models.TextField, models.FileField, models.JSONField)
# Files larger than this are checked by name only.
MAX_FILE_BYTES = 10 * 1024 * 1024


@dataclass(frozen=True)
class Hit:
    place: str  # "db", "cache" or "media"
    where: str  # table.column, cache name or file path
    key: str  # primary key, cache key or ""

    def as_dict(self) -> dict:
        return {"place": self.place, "where": self.where, "key": self.key}


def clean_needles(needles) -> list[str]:
    """Distinct, non-trivial search strings (at least 3 characters)."""
    seen = []
    for needle in needles:
        needle = (needle or "").strip()
        if len(needle) >= 3 and needle.lower() not in [s.lower() for s in seen]:
            seen.append(needle)
    return seen


def needle_forms(needle: str) -> list[str]:
    """The needle as written, and as it stands inside JSON (``\\u00e5`` for å)."""
    forms = [needle]
    escaped = json.dumps(needle)[1:-1]
    if escaped != needle:
        forms.append(escaped)
    return forms


def text_fields(model) -> list:
    return [
        field
        for field in model._meta.concrete_fields
        if isinstance(field, TEXT_TYPES) and not field.is_relation
    ]


def scanned_models():
    """Every concrete model in the project, history models and third-party apps included."""
    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if not model._meta.abstract and not model._meta.proxy and model._meta.managed
    ]


def db_hits(needles) -> list[Hit]:
    """Rows whose text columns contain a needle: one query per model."""
    hits = []
    needles = clean_needles(needles)
    if not needles:
        return hits
    for model in scanned_models():
        fields = text_fields(model)
        if not fields:
            continue
        condition = Q()
        for field in fields:
            for needle in needles:
                for form in needle_forms(needle):
                    condition |= Q(**{f"{field.attname}__icontains": form})
        rows = model._base_manager.filter(condition).values_list("pk", *[f.attname for f in fields])
        for row in rows.iterator(chunk_size=500):
            pk, values = row[0], row[1:]
            for field, value in zip(fields, values, strict=True):
                if contains(value, needles):
                    hits.append(Hit("db", f"{model._meta.db_table}.{field.column}", str(pk)))
    return hits


def contains(value, needles) -> bool:
    if value is None:
        return False
    if not isinstance(value, str):
        value = json.dumps(value, ensure_ascii=False) if not hasattr(value, "name") else value.name
    lowered = value.lower()
    return any(form.lower() in lowered for needle in needles for form in needle_forms(needle))


def _raw_cache_entries(cache):
    """(key, raw bytes) of every entry of a Django cache: local memory or Redis."""
    store = getattr(cache, "_cache", None)
    if isinstance(store, dict):  # LocMemCache: pickled values
        for key, value in list(store.items()):
            yield key, value if isinstance(value, bytes) else pickle.dumps(value)
        return
    client_of = getattr(store, "get_client", None)
    if client_of is None:
        return
    client = client_of(None)
    prefix = cache.make_key("")
    for key in client.scan_iter(match=f"{prefix}*", count=500):
        value = client.get(key)
        if value is not None:
            yield key.decode() if isinstance(key, bytes) else key, bytes(value)


def cache_hits(needles) -> list[Hit]:
    """Cache entries (saved pages included) whose stored bytes contain a needle."""
    hits = []
    needles = clean_needles(needles)
    forms = [f.encode() for n in needles for f in {n, n.lower(), n.upper(), n.title()}]
    for alias in settings.CACHES:
        cache = caches[alias]
        for key, raw in _raw_cache_entries(cache):
            lowered = raw.lower()
            if any(form in raw or form.lower() in lowered for form in forms):
                hits.append(Hit("cache", alias, str(key)))
    return hits


def purge_saved_pages() -> None:
    """Throw away every saved page (they are made anew on the next visit).

    Local memory is cleared; in Redis only the pages' own keys go, so the default
    cache and anything else in the same database stay.
    """
    cache = caches["pages"]
    store = getattr(cache, "_cache", None)
    if isinstance(store, dict) or getattr(store, "get_client", None) is None:
        cache.clear()
        return
    client = store.get_client(None, write=True)
    keys = list(client.scan_iter(match=f"{cache.make_key('')}*", count=500))
    for start in range(0, len(keys), 500):
        client.delete(*keys[start : start + 500])


def media_roots() -> list[Path]:
    roots = {Path(str(settings.MEDIA_ROOT))}
    for config in getattr(settings, "STORAGES", {}).values():
        location = (config.get("OPTIONS") or {}).get("location")
        if location:
            roots.add(Path(str(location)))
    return sorted(root for root in roots if root.is_dir())


def _file_text(path: Path) -> str:
    """The text of a file, cheaply: a .docx's XML, otherwise its bytes as they are."""
    if path.stat().st_size > MAX_FILE_BYTES:
        return ""
    if path.suffix.lower() == ".docx" and zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            names = [n for n in archive.namelist() if n.startswith("word/") and n.endswith(".xml")]
            return " ".join(archive.read(n).decode("utf-8", "replace") for n in names)
    return path.read_bytes().decode("utf-8", "replace")


def media_hits(needles) -> list[Hit]:
    """Stored files whose name, or text (docx XML, raw bytes of others), contains a needle."""
    hits = []
    needles = clean_needles(needles)
    if not needles:
        return hits
    seen = set()
    for root in media_roots():
        for folder, _dirs, files in os.walk(root):
            for name in files:
                path = Path(folder) / name
                if path in seen:
                    continue
                seen.add(path)
                if contains(name, needles):
                    hits.append(Hit("media", str(path), "name"))
                elif contains(_file_text(path), needles):
                    hits.append(Hit("media", str(path), "text"))
    return hits


def residue_scan(needles) -> list[Hit]:
    """Everything that still mentions any of ``needles``: database, caches, documents."""
    return db_hits(needles) + cache_hits(needles) + media_hits(needles)
