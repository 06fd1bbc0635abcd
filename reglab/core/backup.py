"""
Backups of the database together with the uploaded documents, in one archive.

An archive is a gzipped tar file named ``reglab-<UTC time>.tar.gz`` holding:

- ``database.sqlite3`` (SQLite's online backup API, safe while the platform
  writes) or ``database.pgdump`` (``pg_dump`` in its custom format);
- ``media/`` – everything under MEDIA_ROOT, the provrum documents included;
- ``manifest.json`` – the engine, the row count and a checksum of every table
  and the SHA-256 of every file, written from the same snapshot as the dump.

A restore puts the database into an empty database (a fresh PostgreSQL
database, or an SQLite file that does not exist yet) and the files into
MEDIA_ROOT, then compares the restored tables and files with the manifest, so a
restore that lost anything fails loudly instead of looking successful.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess  # noqa: S404  # nosec B404
import tarfile
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.db import connections

# subprocess (bandit B404) runs only pg_dump and pg_restore, with argument lists.
MANIFEST = "manifest.json"
SQLITE_DUMP = "database.sqlite3"
POSTGRES_DUMP = "database.pgdump"
MEDIA_DIR = "media"
FORMAT_VERSION = 1


class BackupError(Exception):
    """A backup or restore that cannot be done, with a message for the operator."""


@dataclass(frozen=True)
class TableSummary:
    rows: int
    checksum: str


# Fingerprints ----------------------------------------------------------------------------


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _hash_tables(cursor, tables: dict[str, list[str]]) -> dict[str, TableSummary]:
    """
    Row count and SHA-256 of every table, rows sorted by all their columns.

    Each row is hashed as the text of its values in column order, so the same
    data gives the same checksum after a dump and a restore on the same engine
    (a different engine would spell dates and booleans differently).
    """
    summaries = {}
    for table, columns in sorted(tables.items()):
        order = ", ".join(_quote(column) for column in columns)
        # Table and column names come from the database's own catalogue.
        # Table and column names come from the database catalogue, quoted; no values in the text.
        cursor.execute(f"SELECT * FROM {_quote(table)} ORDER BY {order}")  # noqa: S608  # nosec B608
        digest = hashlib.sha256()
        rows = 0
        while batch := cursor.fetchmany(2000):
            for row in batch:
                digest.update(repr(tuple(_canonical(value) for value in row)).encode())
                digest.update(b"\n")
            rows += len(batch)
        summaries[table] = TableSummary(rows=rows, checksum=digest.hexdigest())
    return summaries


def _sqlite_summaries(path: Path) -> dict[str, TableSummary]:
    """Fingerprints of an SQLite file, read with the plain driver (no type conversion)."""
    database = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        cursor = database.cursor()
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
        tables = {}
        for (table,) in cursor.fetchall():
            cursor.execute(f"PRAGMA table_info({_quote(table)})")
            tables[table] = [row[1] for row in cursor.fetchall()]
        return _hash_tables(cursor, tables)
    finally:
        database.close()


def _postgres_summaries(cursor) -> dict[str, TableSummary]:
    """Fingerprints of the current schema, inside whatever transaction the cursor is in."""
    cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
    tables = {}
    for (table,) in cursor.fetchall():
        cursor.execute(
            "SELECT column_name FROM information_schema.columns "
            "WHERE table_schema = current_schema() AND table_name = %s "
            "ORDER BY ordinal_position",
            [table],
        )
        tables[table] = [row[0] for row in cursor.fetchall()]
    return _hash_tables(cursor, tables)


def table_summaries(connection) -> dict[str, TableSummary]:
    """Row count and checksum of every table of a Django connection's database."""
    if connection.vendor == "sqlite":
        # An in-memory database (the test suite's) is copied to a file first.
        with tempfile.TemporaryDirectory(prefix="reglab-fingerprint-") as work:
            copy = Path(work) / "copy.sqlite3"
            _sqlite_copy(connection, copy)
            return _sqlite_summaries(copy)
    # A plain driver connection, so values read back the same before and after.
    return database_summaries(connection.settings_dict)


def _postgres_plain_connection(settings_dict):
    import psycopg

    parameters = {"dbname": settings_dict["NAME"], **settings_dict.get("OPTIONS", {})}
    # Setting names mapped to libpq keyword names: no secret here.
    names = {"HOST": "host", "PORT": "port", "USER": "user", "PASSWORD": "password"}  # nosec B105
    for key, name in names.items():
        if settings_dict.get(key):
            parameters[name] = settings_dict[key]
    return psycopg.connect(**parameters)


def _sqlite_copy(connection, target: Path) -> None:
    """SQLite's online backup: a consistent copy while others keep writing."""
    connection.ensure_connection()
    destination = sqlite3.connect(target)
    try:
        connection.connection.backup(destination)
    finally:
        destination.close()


def _canonical(value):
    # memoryview (PostgreSQL bytea) and bytes read back as the other after a restore.
    if isinstance(value, memoryview):
        return bytes(value)
    return value


def file_hashes(root: Path) -> dict[str, str]:
    """SHA-256 of every file under ``root``, by its path relative to ``root``."""
    hashes = {}
    if not root.exists():
        return hashes
    for path in sorted(root.rglob("*")):
        if path.is_file():
            digest = hashlib.sha256()
            with path.open("rb") as handle:
                while chunk := handle.read(1024 * 1024):
                    digest.update(chunk)
            hashes[path.relative_to(root).as_posix()] = digest.hexdigest()
    return hashes


# Backup ----------------------------------------------------------------------------------


def _pg_environment(settings_dict) -> tuple[list[str], dict[str, str]]:
    """Connection arguments for pg_dump/pg_restore; the password goes in the environment."""
    arguments = []
    if settings_dict.get("HOST"):
        arguments += ["--host", str(settings_dict["HOST"])]
    if settings_dict.get("PORT"):
        arguments += ["--port", str(settings_dict["PORT"])]
    if settings_dict.get("USER"):
        arguments += ["--username", str(settings_dict["USER"])]
    environment = {**os.environ}
    if settings_dict.get("PASSWORD"):
        environment["PGPASSWORD"] = str(settings_dict["PASSWORD"])
    return arguments, environment


def _run(command: list[str], environment: dict[str, str]) -> None:
    try:
        # A fixed program with its arguments as a list, never through a shell.
        subprocess.run(  # noqa: S603  # nosec B603
            command, env=environment, check=True, capture_output=True, text=True
        )
    except FileNotFoundError as error:
        message = f"{command[0]} saknas på maskinen (PostgreSQL:s klientprogram)."
        raise BackupError(message) from error
    except subprocess.CalledProcessError as error:
        raise BackupError(f"{command[0]} misslyckades: {error.stderr.strip()}") from error


def create_backup(*, directory: Path, using: str = "default") -> Path:
    """
    Write a dated archive of the database and MEDIA_ROOT into ``directory``.

    The manifest is computed inside the same snapshot as the dump: SQLite copies
    the database with its online backup API and reads the copy; PostgreSQL
    exports a snapshot that both pg_dump and the checksums read. Returns the
    archive's path. Raises BackupError when a tool is missing or fails.
    """
    connection = connections[using]
    directory.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    archive = directory / f"reglab-{stamp}.tar.gz"
    media_root = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory(prefix="reglab-backup-") as work:
        work_dir = Path(work)
        manifest = {
            "format": FORMAT_VERSION,
            "created_at": datetime.now(UTC).isoformat(),
            "engine": connection.vendor,
        }
        if connection.vendor == "sqlite":
            dump = work_dir / SQLITE_DUMP
            _sqlite_copy(connection, dump)
            manifest["tables"] = _sqlite_summaries(dump)
        elif connection.vendor == "postgresql":
            dump = work_dir / POSTGRES_DUMP
            manifest["tables"] = _postgres_dump(connection, dump)
        else:
            raise BackupError(f"Databasmotorn {connection.vendor} stöds inte av säkerhetskopian.")
        manifest["tables"] = {
            table: {"rows": summary.rows, "checksum": summary.checksum}
            for table, summary in manifest["tables"].items()
        }
        manifest["files"] = file_hashes(media_root)
        (work_dir / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True))
        partial = archive.with_suffix(".partial")
        with tarfile.open(partial, "w:gz") as tar:
            tar.add(work_dir / MANIFEST, arcname=MANIFEST)
            tar.add(dump, arcname=dump.name)
            if media_root.exists():
                tar.add(media_root, arcname=MEDIA_DIR)
        # A crash mid-write never leaves something that looks like a finished backup.
        partial.rename(archive)
    return archive


def _postgres_dump(connection, dump: Path) -> dict[str, TableSummary]:
    """pg_dump and the checksums read the same exported snapshot."""
    settings_dict = connection.settings_dict
    arguments, environment = _pg_environment(settings_dict)
    # A connection of its own: the snapshot lives as long as its transaction.
    raw = _postgres_plain_connection(settings_dict)
    try:
        with raw.cursor() as cursor:
            cursor.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            _run(
                [
                    "pg_dump",
                    "--format=custom",
                    "--no-owner",
                    "--no-privileges",
                    f"--snapshot={snapshot}",
                    "--file",
                    str(dump),
                    *arguments,
                    settings_dict["NAME"],
                ],
                environment,
            )
            summaries = _postgres_summaries(cursor)
        raw.rollback()
        return summaries
    finally:
        raw.close()


# Restore ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class RestoreReport:
    tables: int
    rows: int
    files: int


def _safe_members(tar: tarfile.TarFile) -> list[tarfile.TarInfo]:
    """Only the archive's own three kinds of entry, never links or paths outside."""
    members = []
    for member in tar.getmembers():
        name = Path(member.name)
        if name.is_absolute() or ".." in name.parts:
            raise BackupError(f"Arkivet innehåller en otillåten sökväg: {member.name}")
        if not (member.isfile() or member.isdir()):
            raise BackupError(f"Arkivet innehåller en länk eller specialfil: {member.name}")
        if name.parts[0] not in {MANIFEST, SQLITE_DUMP, POSTGRES_DUMP, MEDIA_DIR}:
            raise BackupError(f"Arkivet innehåller en okänd fil: {member.name}")
        members.append(member)
    return members


def restore_backup(*, archive: Path, database: dict | None = None, media_root: Path | None = None):
    """
    Restore ``archive`` into the configured database and MEDIA_ROOT, then verify.

    The database must be empty: a fresh PostgreSQL database, or an SQLite file
    that does not exist. Files are written into an empty (or missing) media
    folder. Raises BackupError when the target is not empty, the archive is not
    one of ours, or the restored data differ from the manifest.
    """
    database = database or connections["default"].settings_dict
    vendor = "sqlite" if database["ENGINE"].endswith("sqlite3") else "postgresql"
    media_root = Path(media_root or settings.MEDIA_ROOT)
    if not archive.is_file():
        raise BackupError(f"Arkivet finns inte: {archive}")
    with tempfile.TemporaryDirectory(prefix="reglab-restore-") as work:
        work_dir = Path(work)
        try:
            with tarfile.open(archive, "r:gz") as tar:
                tar.extractall(work_dir, members=_safe_members(tar), filter="data")
        except (tarfile.TarError, OSError, EOFError) as error:
            raise BackupError(f"Arkivet kan inte läsas: {error}") from error
        try:
            manifest = json.loads((work_dir / MANIFEST).read_text())
        except (OSError, ValueError) as error:
            raise BackupError("Arkivet saknar en läsbar manifest.json.") from error
        if manifest.get("engine") != vendor:
            engine = manifest.get("engine")
            raise BackupError(f"Arkivet är från {engine}, men databasen är {vendor}.")
        if media_root.exists() and any(media_root.iterdir()):
            raise BackupError(f"Mappen för dokument är inte tom: {media_root}")
        connections["default"].close()
        if vendor == "sqlite":
            _restore_sqlite(database, work_dir / SQLITE_DUMP)
        else:
            _restore_postgres(database, work_dir / POSTGRES_DUMP)
        if (work_dir / MEDIA_DIR).exists():
            media_root.mkdir(parents=True, exist_ok=True)
            shutil.copytree(work_dir / MEDIA_DIR, media_root, dirs_exist_ok=True)
    return verify_restore(database=database, manifest=manifest, media_root=media_root)


def _restore_sqlite(database: dict, dump: Path) -> None:
    name = str(database["NAME"])
    if name == ":memory:" or name.startswith("file:"):
        raise BackupError("Återställ till en databasfil (DATABASE_URL=sqlite:///sökväg).")
    target = Path(name)
    if target.exists() and target.stat().st_size > 0:
        raise BackupError(f"Databasen är inte tom: {target}. Återställ till en ny fil.")
    target.parent.mkdir(parents=True, exist_ok=True)
    source = sqlite3.connect(dump)
    destination = sqlite3.connect(target)
    try:
        source.backup(destination)
    finally:
        destination.close()
        source.close()


def _restore_postgres(database: dict, dump: Path) -> None:
    with _postgres_plain_connection(database) as raw, raw.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()")
        if cursor.fetchone()[0]:
            raise BackupError(
                f"Databasen {database['NAME']} är inte tom; återställ till en ny databas."
            )
    arguments, environment = _pg_environment(database)
    _run(
        [
            "pg_restore",
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "--single-transaction",
            "--dbname",
            database["NAME"],
            *arguments,
            str(dump),
        ],
        environment,
    )


def database_summaries(database: dict) -> dict[str, TableSummary]:
    """Fingerprints of the database a settings dict names, read outside Django's ORM."""
    if database["ENGINE"].endswith("sqlite3"):
        return _sqlite_summaries(Path(database["NAME"]))
    with _postgres_plain_connection(database) as raw, raw.cursor() as cursor:
        return _postgres_summaries(cursor)


def verify_restore(*, database: dict, manifest: dict, media_root: Path) -> RestoreReport:
    """Compare the restored tables and files with the manifest; raise on any difference."""
    restored = database_summaries(database)
    expected = manifest["tables"]
    differences = []
    for table in sorted(set(expected) | set(restored)):
        want, got = expected.get(table), restored.get(table)
        if want is None or got is None:
            differences.append(f"tabellen {table} finns bara på ena sidan")
        elif want["rows"] != got.rows or want["checksum"] != got.checksum:
            differences.append(f"tabellen {table}: {want['rows']} rader väntade, {got.rows} fanns")
    files = file_hashes(media_root)
    for path in sorted(set(manifest["files"]) | set(files)):
        if manifest["files"].get(path) != files.get(path):
            differences.append(f"filen {path} skiljer sig")
    if differences:
        raise BackupError("Återställningen stämmer inte med arkivet: " + "; ".join(differences))
    return RestoreReport(
        tables=len(restored), rows=sum(s.rows for s in restored.values()), files=len(files)
    )
