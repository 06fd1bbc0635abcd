"""The Swedish catalogue is complete, matches the code, and the language switch works."""

import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import translation
from django.utils.translation import trans_real

PACKAGE = Path(settings.BASE_DIR) / "reglab"
SV_PO = PACKAGE / "locale" / "sv" / "LC_MESSAGES" / "django.po"
SV_MO = SV_PO.with_suffix(".mo")


def _unquote(text):
    text = text.strip()
    assert text.startswith('"') and text.endswith('"'), text
    return (
        text[1:-1]
        .replace('\\"', '"')
        .replace("\\n", "\n")
        .replace("\\t", "\t")
        .replace("\\\\", "\\")
    )


def parse_po(path):
    """
    The live entries of a .po file as dicts with flags, msgctxt, msgid,
    msgid_plural and msgstr (a list, one item per plural form). Obsolete (#~)
    entries are left out. Enough of the format for makemessages' output.
    """
    entries = []
    entry = None
    key = None

    def finish():
        if entry is not None and "msgid" in entry:
            entries.append(entry)

    for line in Path(path).read_text(encoding="utf-8").splitlines() + [""]:
        if not line.strip():
            finish()
            entry, key = None, None
            continue
        if line.startswith("#~"):
            continue
        if entry is None:
            entry = {"flags": set(), "msgctxt": None, "msgid_plural": None, "msgstr": []}
        if line.startswith("#,"):
            entry["flags"].update(flag.strip() for flag in line[2:].split(","))
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            if key == "msgstr":
                entry["msgstr"][-1] += _unquote(line)
            else:
                entry[key] += _unquote(line)
        else:
            keyword, _, value = line.partition(" ")
            if keyword.startswith("msgstr"):
                key = "msgstr"
                entry["msgstr"].append(_unquote(value))
            else:
                key = keyword
                entry[key] = _unquote(value)
    return entries


def _message_keys(entries):
    return {(entry["msgctxt"], entry["msgid"]) for entry in entries if entry["msgid"]}


def test_swedish_catalogue_has_no_untranslated_entries():
    untranslated = [
        entry["msgid"] for entry in parse_po(SV_PO) if entry["msgid"] and not all(entry["msgstr"])
    ]
    assert untranslated == []


def test_swedish_catalogue_has_no_fuzzy_entries():
    fuzzy = [entry["msgid"] for entry in parse_po(SV_PO) if "fuzzy" in entry["flags"]]
    assert fuzzy == []


def test_swedish_catalogue_has_plural_forms():
    header = next(entry for entry in parse_po(SV_PO) if entry["msgid"] == "")
    assert "Plural-Forms: nplurals=2; plural=(n != 1);" in header["msgstr"][0]


def test_every_translatable_string_in_the_code_is_in_the_catalogue(tmp_path, settings, monkeypatch):
    """
    Run makemessages over a copy of the package, so the committed catalogue is
    never touched, and compare the message ids it finds with the committed ones.
    """
    copy = tmp_path / "reglab"
    shutil.copytree(
        PACKAGE,
        copy,
        ignore=shutil.ignore_patterns("static", "__pycache__", "*.mo", "*.pyc"),
    )
    # makemessages writes into the first of LOCALE_PATHS that holds the files.
    settings.LOCALE_PATHS = [copy / "locale"]
    monkeypatch.chdir(copy)

    call_command("makemessages", locale=["sv"], ignore_patterns=["static"], verbosity=0)

    extracted = _message_keys(parse_po(copy / "locale" / "sv" / "LC_MESSAGES" / "django.po"))
    committed = _message_keys(parse_po(SV_PO))
    missing = sorted(msgid for _, msgid in extracted - committed)
    stale = sorted(msgid for _, msgid in committed - extracted)
    assert missing == [], "Run makemessages -l sv in reglab/ and translate these."
    assert stale == [], "These are no longer in the code; run makemessages -l sv in reglab/."


@pytest.fixture
def compiled_catalogue():
    """The tests below need the compiled catalogue; build it when it is missing or stale."""
    if not SV_MO.exists() or SV_MO.stat().st_mtime < SV_PO.stat().st_mtime:
        call_command("compilemessages", locale=["sv"], ignore_patterns=[".venv"], verbosity=0)
        trans_real._translations.clear()
        trans_real._default = None
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.mark.django_db
@pytest.mark.usefixtures("compiled_catalogue")
def test_start_page_is_swedish_by_default(client):
    html = client.get("/").content.decode()
    assert '<html lang="sv">' in html
    assert "Hoppa till innehållet" in html
    assert "Skip to content" not in html


@pytest.mark.django_db
@pytest.mark.usefixtures("compiled_catalogue")
def test_start_page_is_english_when_the_browser_asks_for_it(client):
    html = client.get("/", headers={"accept-language": "en"}).content.decode()
    assert '<html lang="en">' in html
    assert "Skip to content" in html
    assert "Hoppa till innehållet" not in html


@pytest.mark.django_db
@pytest.mark.usefixtures("compiled_catalogue")
def test_choosing_english_sticks(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    html = client.get("/").content.decode()
    assert '<html lang="en">' in html
    assert "Skip to content" in html


@pytest.mark.django_db
@pytest.mark.usefixtures("compiled_catalogue")
def test_sign_in_page_is_in_swedish(client):
    html = client.get("/accounts/login/").content.decode()
    assert "Logga in med engångskod" in html
    assert "Glömt lösenordet?" in html
    assert 'for="id_login">E-postadress' in html


def test_a_select_s_empty_choice_is_swedish():
    """Django 6's "- Select an option -" has no Swedish in Django's own catalogue yet."""
    from django.db import models

    field = models.CharField(choices=[("a", "A")], blank=True).formfield()
    with translation.override("sv"):
        assert ">– Välj –</option>" in field.widget.render("x", "")


@pytest.mark.django_db
@pytest.mark.usefixtures("compiled_catalogue")
def test_the_account_settings_write_e_post_and_lead_back_to_the_profile(client, plain_user):
    client.force_login(plain_user)
    html = " ".join(client.get("/accounts/email/").content.decode().split())
    assert "<h1>Din e-postadress</h1>" in html
    assert "Nuvarande adress" in html
    assert "epost" not in html.replace("e-post", "")
    assert '<a href="/konto/profil/">Din profil</a>' in html
