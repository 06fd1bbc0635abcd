"""ASVS rows 24–27: output encoding, sanitising, URL fields and SQL.

The code is read as written (``ast`` for Python, the text for templates), so a new
``mark_safe``, ``|safe``, ``raw()`` or ``order_by(request.GET[…])`` fails here until it is
reviewed and listed with its reason.
"""

import ast
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.db import models as db_models
from django.urls import reverse

from reglab.core.validators import validate_web_address
from tests.factories import RegionFactory

ROOT = Path(__file__).resolve().parents[3]
CODE = ROOT / "reglab"


def _python_files():
    for path in sorted(CODE.rglob("*.py")):
        if "migrations" not in path.parts:
            yield path, ast.parse(path.read_text(encoding="utf-8"))


def _where(path, node) -> str:
    return f"{path.relative_to(ROOT)}:{ast.unparse(node)[:60]}"


# Row 24 ---------------------------------------------------------------------------

# Every place that marks text as safe HTML, with why the text cannot carry a person's markup.
SAFE_MARKS = {
    # The options' labels and values are escaped (``escape``) before the select is built.
    "reglab/provrum/forms.py",
    # SVG charts drawn by the platform from numbers; labels escaped where they are drawn.
    "reglab/evaluation/views.py",
}
# ninja's Swagger page: its settings, JSON the platform writes (no person's text), in a
# JSON script block.
SAFE_TEMPLATES = {"reglab/templates/ninja/swagger.html"}
SAFE_NAMES = {"mark_safe", "SafeString", "SafeText", "mark_for_escaping"}


def safe_marks_in_python() -> set[str]:
    found = set()
    for path, tree in _python_files():
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
                if name in SAFE_NAMES:
                    found.add(str(path.relative_to(ROOT)))
    return found


SAFE_IN_TEMPLATES = re.compile(r"\|\s*safe(seq)?\b|{%\s*autoescape\s+off\s*%}")


def safe_marks_in_templates() -> set[str]:
    """``|safe``, ``|safeseq`` or ``{% autoescape off %}`` in a template that makes HTML.
    Plain-text templates (e-mail bodies and subjects, ``.txt``) are not HTML: escaping
    there would show ``&amp;`` to the reader."""
    found = set()
    for path in sorted(CODE.rglob("templates/**/*")):
        if path.is_file() and path.suffix in (".html", ".svg", ".xml", ".ics", ".js"):
            if SAFE_IN_TEMPLATES.search(path.read_text(encoding="utf-8")):
                found.add(str(path.relative_to(ROOT)))
    return found


@pytest.mark.asvs("V1.2.1", row=24)
def test_no_text_is_marked_safe_but_where_reviewed():
    assert safe_marks_in_python() == SAFE_MARKS
    assert safe_marks_in_templates() == SAFE_TEMPLATES


@pytest.mark.asvs("V1.2.1", row=24)
def test_the_scan_sees_a_safe_filter_and_mark_safe():
    assert SAFE_IN_TEMPLATES.search("<p>{{ comment.body|safe }}</p>")
    assert SAFE_IN_TEMPLATES.search("{% autoescape off %}{{ x }}{% endautoescape %}")
    assert not SAFE_IN_TEMPLATES.search("{{ comment.body|safely_quoted }}")
    tree = ast.parse("from django.utils.safestring import mark_safe\nmark_safe(x)\n")
    assert any(
        isinstance(node, ast.Call) and node.func.id in SAFE_NAMES
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
    )


# Row 25 ---------------------------------------------------------------------------


class _Elements(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))


RENDERERS = ("markdown", "mistune", "commonmark", "markdown_it", "bleach", "docutils")


@pytest.mark.asvs("V1.3.1", row=25)
def test_people_write_plain_text_and_no_markup_is_rendered():
    """The platform has no rich text: people's text is plain and shown escaped. No markdown
    or HTML renderer is imported, so no sanitiser's allowlist stands between text and markup."""
    imported = set()
    for path, tree in _python_files():
        for node in ast.walk(tree):
            if isinstance(node, ast.Import | ast.ImportFrom):
                names = [node.module or ""] if isinstance(node, ast.ImportFrom) else []
                names += [alias.name for alias in node.names]
                if any(name.split(".")[0] in RENDERERS for name in names):
                    imported.add(str(path.relative_to(ROOT)))
    assert imported == set()


@pytest.mark.asvs("V1.3.1", row=25)
@pytest.mark.django_db
def test_markup_in_a_name_is_shown_as_text(client):
    name = '<img src=x onerror="alert(1)">**fet** [länk](javascript:alert(2))'
    RegionFactory(name=name, slug="region-markup")
    response = client.get(reverse("organisations:list"))
    assert response.status_code == 200
    parser = _Elements()
    parser.feed(response.content.decode())
    assert not [attrs for tag, attrs in parser.found if "onerror" in attrs]
    assert not [a for _, a in parser.found if a.get("href", "").startswith("javascript:")]
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;**fet**" in response.content.decode()


# Row 26 ---------------------------------------------------------------------------


def _url_fields():
    from django.apps import apps

    for model in apps.get_models():
        if model.__module__.startswith("reglab."):
            for field in model._meta.get_fields():
                if isinstance(field, db_models.URLField):
                    yield model, field


@pytest.mark.asvs("V1.2.2", row=26)
def test_every_url_field_takes_only_web_addresses():
    fields = list(_url_fields())
    assert len(fields) >= 3
    for model, field in fields:
        assert validate_web_address in field.validators, f"{model.__name__}.{field.name}"


@pytest.mark.asvs("V1.2.2", row=26)
@pytest.mark.parametrize(
    "address",
    [
        "javascript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "ftp://example.se/fil.pdf",
        "file:///etc/passwd",
        "vbscript:msgbox(1)",
    ],
)
@pytest.mark.django_db
def test_a_url_field_refuses_other_schemes(address):
    organisation = RegionFactory(slug="region-lank")
    organisation.website = address
    with pytest.raises(ValidationError) as refused:
        organisation.full_clean()
    assert "website" in refused.value.message_dict


@pytest.mark.asvs("V1.2.2", row=26)
@pytest.mark.django_db
def test_a_url_field_keeps_a_web_address():
    organisation = RegionFactory(slug="region-lank")
    organisation.website = "https://www.regionskane.se/"
    organisation.full_clean()


# Row 27 ---------------------------------------------------------------------------

# Reviewed SQL written by hand: only model table names and placeholders, values as params.
RAW_SQL = {
    # The comment threads' recursive query (a CTE the ORM cannot write).
    "reglab/provrum/selectors.py",
}
# ``filter(**{…})`` with a field name built in code, never from a request.
DYNAMIC_FILTERS = {
    "reglab/notifications/services.py",  # the organisation filter of a notification's audience
    "reglab/privacy/erasure.py",  # the person's foreign keys, from the models' meta
    "reglab/privacy/export.py",
    "reglab/privacy/retention.py",  # the models' date fields, from a fixed table
    "reglab/provrum/reviewed/services.py",  # the reviewed kind's document field
}


def sql_findings():
    raw, ordering, dynamic = set(), [], set()
    for path, tree in _python_files():
        name = str(path.relative_to(ROOT))
        for node in ast.walk(tree):
            if isinstance(node, ast.Name) and node.id == "RawSQL":
                raw.add(name)
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
                continue
            method = node.func.attr
            if method in ("raw", "extra") and not isinstance(node.func.value, ast.Name):
                raw.add(name)
            if method == "order_by" and any(not isinstance(arg, ast.Constant) for arg in node.args):
                ordering.append(_where(path, node))
            if method in ("filter", "exclude", "get", "order_by", "values") and any(
                keyword.arg is None for keyword in node.keywords
            ):
                dynamic.add(name)
    return raw, ordering, dynamic


@pytest.mark.asvs("V1.2.4", row=27)
def test_no_raw_sql_and_no_ordering_from_a_request():
    raw, ordering, dynamic = sql_findings()
    assert raw == RAW_SQL
    # Every order_by names its fields in the code: none comes from a request.
    assert ordering == []
    assert dynamic == DYNAMIC_FILTERS


@pytest.mark.asvs("V1.2.4", row=27)
@pytest.mark.django_db
def test_an_ordering_parameter_is_not_followed(client):
    """``?ordering=`` and ``?sort=`` on a list change nothing and break nothing."""
    RegionFactory(name="Alfa", slug="alfa")
    RegionFactory(name="Beta", slug="beta")
    url = reverse("organisations:list")
    plain = client.get(url)
    for query in ("ordering=user__password", "sort=-name", "order=password"):
        response = client.get(f"{url}?{query}")
        assert response.status_code == 200
        assert response.content.index(b"Alfa") < response.content.index(b"Beta")
    assert plain.content.index(b"Alfa") < plain.content.index(b"Beta")
