"""Drill: Schemathesis against the API, at least 1000 cases per operation (`make fuzz`).

Runs tests/api/test_schemathesis.py – the examples, coverage and fuzzing phases with every
check, as four roles in turn (anonymous, member, partner, office), then the stateful phase
per role along the schema's links – with ``FUZZ_EXAMPLES`` (1000) cases per operation and
``FUZZ_SCENARIOS`` (100) walks of up to ``FUZZ_STEPS`` (25) steps per role. On SQLite, or on
PostgreSQL when ``DATABASE_URL`` is set (pytest-django makes its own ``test_…`` database and
drops it). ``FUZZ_SELECT`` passes a ``-k`` expression, to try the drill on a few operations.

Passes when every test passes (0 server errors, 0 schema violations, 0 negative data
accepted, 0 ignored credentials …) and every operation that ran got ``FUZZ_EXAMPLES`` cases.
"""

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.drills.client import result_line
from bench.servers import REPO

FULL = 1000


def main() -> int:
    examples = int(os.environ.get("FUZZ_EXAMPLES", str(FULL)))
    scenarios = int(os.environ.get("FUZZ_SCENARIOS", "100"))
    steps = int(os.environ.get("FUZZ_STEPS", "25"))
    select = os.environ.get("FUZZ_SELECT", "")
    database = os.environ.get("DATABASE_URL", "")
    with tempfile.TemporaryDirectory(prefix="reglab-fuzz-") as folder:
        report = Path(folder) / "figures.json"
        env = {
            **os.environ,
            "SCHEMATHESIS_EXAMPLES": str(examples),
            "SCHEMATHESIS_SCENARIOS": str(scenarios),
            "SCHEMATHESIS_STEPS": str(steps),
            "SCHEMATHESIS_REPORT": str(report),
        }
        command = [sys.executable, "-m", "pytest", "-q", "-p", "no:randomly", "-n", "0"]
        command += ["tests/api/test_schemathesis.py", *(["-k", select] if select else [])]
        process = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True)  # noqa: S603
        counted = json.loads(report.read_text()) if report.exists() else {}
    lines = process.stdout.strip().splitlines()
    failed = [line.removeprefix("FAILED ") for line in lines if line.startswith("FAILED ")]
    size = "full" if examples >= FULL else f"reduced (FUZZ_EXAMPLES={examples}, not {FULL})"
    chosen = [
        f"{name}={json.dumps(os.environ[name]) if ' ' in os.environ[name] else os.environ[name]}"
        for name in ("FUZZ_EXAMPLES", "FUZZ_SCENARIOS", "FUZZ_STEPS", "FUZZ_SELECT")
        if os.environ.get(name)
    ]
    figures = {
        "command": " ".join(["make fuzz", *chosen])
        + (" (DATABASE_URL: PostgreSQL)" if database.startswith("postgres") else ""),
        "size": size,
        "database": "PostgreSQL" if database.startswith("postgres") else "SQLite",
        "cases asked per operation (all roles)": examples,
        "stateful walks per role × steps": f"{scenarios} × {steps}",
        "operations chosen (-k)": select or "all",
        **counted,
        "pytest": lines[-1] if lines else process.stderr.strip()[-300:],
        "failed tests": failed,
    }
    print("\n".join(lines[-40:]))
    passed = process.returncode == 0 and bool(counted)
    print(result_line("fuzz", passed, figures))
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
