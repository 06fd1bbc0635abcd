"""Drill: a restore from `make backup` gives the same data: identical checksums.

The demo data is loaded into a database of the drill's own, with a few documents, and then
`make backup` writes its archive (database dump, documents, and a manifest of every table's row
count and checksum and every file's SHA-256). `make restore FILE=…` then loads the archive
into a second, empty database and documents folder and compares them with the manifest. The
drill also compares the two databases itself, table by table, with the same checksums read
from both, and the documents byte for byte.
"""

import filecmp
import os
import subprocess
import sys
from pathlib import Path

from bench.drills.client import result_line
from bench.drills.platform import platform
from bench.servers import PG, REPO, pg_admin


def main() -> int:
    with platform("restore", time_limit=600) as running:
        from django.core.management import call_command
        from django.db import connections

        call_command("seed_demo", verbosity=0)
        media = Path(running.env["MEDIA_ROOT"])
        files_before = sorted(p.relative_to(media) for p in media.rglob("*") if p.is_file())
        connections.close_all()
        backup = make(["backup"], running.env)
        archive = Path(backup.stdout.strip().splitlines()[-1])
        target = f"reglab_drill_restored_{os.getpid()}"
        with pg_admin() as admin:
            admin.execute(f'CREATE DATABASE "{target}"')
        try:
            target_url = f"postgres://{PG['user']}@{PG['host']}:{PG['port']}/{target}"
            restored_media = running.tempdir / "restored-media"
            env = {**running.env, "DATABASE_URL": target_url, "MEDIA_ROOT": str(restored_media)}
            restore = make(["restore", f"FILE={archive}"], env, check=False)
            print(restore.stdout.strip().splitlines()[-1] if restore.stdout.strip() else "")
            same, different = compare(running.env["DATABASE_URL"], target_url)
            files_same = all(
                filecmp.cmp(media / name, restored_media / name, shallow=False)
                for name in files_before
            )
        finally:
            with pg_admin() as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{target}" WITH (FORCE)')
        figures = {
            "archive size (KB)": round(archive.stat().st_size / 1024),
            "make restore exit code": restore.returncode,
            "make restore says": (restore.stdout.strip().splitlines() or [""])[-1],
            "tables with identical checksums": same,
            "tables that differ": different,
            "documents": len(files_before),
            "documents identical byte for byte": files_same,
        }
        print("\n".join(f"{key}: {value}" for key, value in figures.items()))
        passed = restore.returncode == 0 and not different and same > 0 and files_same
        print(result_line("restore", passed, figures))
        return 0 if passed else 1


def make(target: list[str], env: dict, check=True) -> subprocess.CompletedProcess:
    result = subprocess.run(  # noqa: S603
        ["make", "--no-print-directory", *target],  # noqa: S607
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
    )
    if check and result.returncode:
        raise SystemExit(f"make {' '.join(target)} failed:\n{result.stdout}\n{result.stderr}")
    return result


def compare(source_url: str, target_url: str) -> tuple[int, list[str]]:
    """Both databases' tables read with the backup's own checksums, compared here."""
    import environ

    from reglab.core.backup import database_summaries

    first = database_summaries(environ.Env.db_url_config(source_url))
    second = database_summaries(environ.Env.db_url_config(target_url))
    different = [name for name in first if first[name] != second.get(name)]
    different += [name for name in second if name not in first]
    return len(first) - len([n for n in different if n in first]), different


if __name__ == "__main__":
    sys.exit(main())
