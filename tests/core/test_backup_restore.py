"""`manage.py backup` and `manage.py restore`: database and documents identical after a round trip.

Runs on the suite's database (SQLite or PostgreSQL). The restore goes into a
fresh database of the same engine – a new SQLite file, or a new PostgreSQL
database – and every table's row count and checksum, and every document's
SHA-256, must equal the source's.
"""

import hashlib
import io
import json
import sqlite3
import tarfile
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection

from reglab.accounts.models import AffiliationStatus, User
from reglab.core.backup import (
    BackupError,
    _postgres_plain_connection,
    database_summaries,
    file_hashes,
    restore_backup,
    table_summaries,
)
from tests.factories import AffiliationFactory, RegionFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def data(settings):
    region = RegionFactory(name="Region Gävleborg", slug="region-gavleborg", county_code="21")
    person = UserFactory(email="gavle@example.se", name="Åsa Öberg")
    AffiliationFactory(person=person, organisation=region, status=AffiliationStatus.CONFIRMED)
    documents = Path(settings.MEDIA_ROOT) / "documents" / "ab"
    documents.mkdir(parents=True)
    (documents / "plan.pdf").write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 40)
    (documents / "rapport.docx").write_bytes("Slutrapport – lärdomar".encode())
    return person


@pytest.fixture
def fresh_database(tmp_path):
    """Settings for a second, empty database of the suite's engine."""
    source = connection.settings_dict
    if connection.vendor == "sqlite":
        yield {**source, "NAME": str(tmp_path / "restored.sqlite3")}
        return
    name = f"{source['NAME']}_restore_{uuid.uuid4().hex[:8]}"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    yield {**source, "NAME": name}
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _query(database, sql):
    """One row from the restored database, read with the plain driver."""
    if connection.vendor == "sqlite":
        with sqlite3.connect(database["NAME"]) as raw:
            return raw.execute(sql).fetchone()
    with _postgres_plain_connection(database) as raw, raw.cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchone()


def _backup(tmp_path) -> Path:
    out = io.StringIO()
    call_command("backup", "--dir", str(tmp_path / "backups"), stdout=out, stderr=io.StringIO())
    # The archive's path is the last line printed.
    return Path(out.getvalue().strip().splitlines()[-1])


def test_round_trip_gives_identical_tables_and_documents(data, tmp_path, fresh_database):
    before_tables = table_summaries(connection)
    before_files = file_hashes(Path(settings.MEDIA_ROOT))
    archive = _backup(tmp_path)
    assert archive.name.startswith("reglab-") and archive.name.endswith(".tar.gz")

    restored_media = tmp_path / "restored-media"
    report = restore_backup(archive=archive, database=fresh_database, media_root=restored_media)

    after = database_summaries(fresh_database)
    assert {t: (s.rows, s.checksum) for t, s in after.items()} == {
        t: (s.rows, s.checksum) for t, s in before_tables.items()
    }
    assert file_hashes(restored_media) == before_files
    assert len(before_files) == 2
    assert report.files == 2 and report.rows == sum(s.rows for s in before_tables.values())
    # The platform reads the same person and affiliation from the restored database.
    assert _query(
        fresh_database,
        "SELECT u.name, o.slug FROM accounts_user u "
        "JOIN accounts_affiliation a ON a.person_id = u.id "
        "JOIN organisations_organisation o ON o.id = a.organisation_id "
        "WHERE u.email = 'gavle@example.se'",
    ) == ("Åsa Öberg", "region-gavleborg")


def test_archive_holds_dump_manifest_and_documents(data, tmp_path):
    archive = _backup(tmp_path)
    with tarfile.open(archive) as tar:
        names = set(tar.getnames())
        manifest = json.load(tar.extractfile("manifest.json"))
        pdf = tar.extractfile("media/documents/ab/plan.pdf").read()
    dump = "database.sqlite3" if connection.vendor == "sqlite" else "database.pgdump"
    assert {"manifest.json", dump, "media/documents/ab/plan.pdf"} <= names
    assert manifest["engine"] == connection.vendor
    assert manifest["tables"]["accounts_user"]["rows"] == User.objects.count()
    assert manifest["files"]["documents/ab/plan.pdf"] == hashlib.sha256(pdf).hexdigest()


def test_restore_refuses_a_database_that_is_not_empty(data, tmp_path, fresh_database):
    archive = _backup(tmp_path)
    restore_backup(archive=archive, database=fresh_database, media_root=tmp_path / "first")
    with pytest.raises(BackupError, match="inte tom"):
        restore_backup(archive=archive, database=fresh_database, media_root=tmp_path / "second")


def test_restore_refuses_a_documents_folder_that_is_not_empty(data, tmp_path, fresh_database):
    archive = _backup(tmp_path)
    media = tmp_path / "media-in-use"
    media.mkdir()
    (media / "kept.txt").write_text("finns redan")
    with pytest.raises(BackupError, match="inte tom"):
        restore_backup(archive=archive, database=fresh_database, media_root=media)
    assert (media / "kept.txt").read_text() == "finns redan"


def test_restore_fails_loudly_when_the_archive_lost_a_row(data, tmp_path, fresh_database):
    archive = _backup(tmp_path)
    tampered = tmp_path / "tampered.tar.gz"
    with tarfile.open(archive) as source, tarfile.open(tampered, "w:gz") as target:
        for member in source.getmembers():
            content = source.extractfile(member) if member.isfile() else None
            if member.name == "manifest.json":
                manifest = json.load(content)
                manifest["tables"]["accounts_user"]["rows"] += 1
                raw = json.dumps(manifest).encode()
                member.size = len(raw)
                content = io.BytesIO(raw)
            target.addfile(member, content)
    with pytest.raises(BackupError, match="accounts_user"):
        restore_backup(archive=tampered, database=fresh_database, media_root=tmp_path / "m")


def test_restore_refuses_paths_outside_the_archive(tmp_path, fresh_database):
    evil = tmp_path / "evil.tar.gz"
    with tarfile.open(evil, "w:gz") as tar:
        info = tarfile.TarInfo("../../etc/cron.d/reglab")
        info.size = 1
        tar.addfile(info, io.BytesIO(b"x"))
    with pytest.raises(BackupError, match="otillåten sökväg"):
        restore_backup(archive=evil, database=fresh_database, media_root=tmp_path / "m")
