"""Run the drills in turn (DRILLS=name,name to choose) and write docs/drills.md."""

import json
import os
import subprocess
import sys
import time
from datetime import UTC, datetime

from bench.servers import REPO

DRILLS = {
    "live_answers": "500 deltagare svarar på en gång, fem gånger var, över fyra app-processer",
    "races": "Sista klartecknet och sista platsen, 100 gånger vardera, fyra app-processer",
    "kill_saves": "kill -9 av app-processer under 200 sparningar av projektplaner",
    "pg_restart": "Omstart av PostgreSQL under last",
    "redis_restart": "Redis stoppas och startas under last",
    "sqlite_backup": "Säkerhetskopia av SQLite (.backup) medan det skrivs",
    "restore": "Återläsning från make backup",
    "fuzz": "Fuzz: Schemathesis mot API:t, alla faser, fyra roller",
}
# `make drills` runs these; the fuzz drill runs for hours at full size, alone (`make fuzz`).
DEFAULT = [name for name in DRILLS if name != "fuzz"]
REPORT = REPO / "docs" / "drills.md"
# Every drill's latest result, so that running a few (DRILLS=…) keeps the others' figures.
RESULTS = REPO / "docs" / "drills.json"


def main() -> int:
    chosen = [name for name in os.environ.get("DRILLS", ",".join(DEFAULT)).split(",") if name]
    unknown = [name for name in chosen if name not in DRILLS]
    if unknown:
        raise SystemExit(f"Okänd övning: {', '.join(unknown)}. Finns: {', '.join(DRILLS)}.")
    started = datetime.now(UTC)
    load = os.getloadavg()[0]
    results = []
    for name in chosen:
        print(f"== {name}: {DRILLS[name]}", flush=True)
        begun = time.monotonic()
        process = subprocess.run(  # noqa: S603
            [sys.executable, "-m", f"bench.drills.{name}"],
            cwd=REPO,
            capture_output=True,
            text=True,
        )
        lines = [line for line in process.stdout.splitlines() if "django.tasks" not in line]
        print("\n".join(lines[-25:]), flush=True)
        found = [line for line in lines if line.startswith("DRILL-RESULT ")]
        if found:
            result = json.loads(found[-1].removeprefix("DRILL-RESULT "))
        else:
            tail = (process.stderr or process.stdout).strip().splitlines()[-5:]
            result = {"drill": name, "passed": False, "figures": {"fel": " / ".join(tail)}}
            print(process.stderr[-3000:], file=sys.stderr)
        result["seconds"] = round(time.monotonic() - begun)
        result["run"] = f"{started:%Y-%m-%d %H.%M} UTC, belastning {load:.1f}"
        results.append(result)
    write_report(results)
    failed = [r["drill"] for r in results if not r["passed"]]
    print(f"== {len(results) - len(failed)} av {len(results)} övningar godkända; {REPORT}")
    return 1 if failed else 0


def write_report(results: list[dict]) -> None:
    latest = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    latest.update({result["drill"]: result for result in results})
    RESULTS.write_text(json.dumps(latest, ensure_ascii=False, indent=1) + "\n")
    results = [latest[name] for name in DRILLS if name in latest]
    lines = [
        "# Övningar för fel (`make drills`)",
        "",
        "Skrivet av `make drills` (bench/drills/). Körs på begäran, inte i `make test`: varje "
        "övning har en tidsgräns, använder bara loopback och egna databaser och städar efter sig.",
        "",
        f"Maskinen: {os.cpu_count()} kärnor; belastningen (load average) när övningen startade "
        "står vid varje övning.",
        "",
        "| övning | resultat | tid | körd |",
        "|---|---|---|---|",
    ]
    for result in results:
        verdict = "godkänd" if result["passed"] else "**inte godkänd**"
        lines.append(
            f"| {DRILLS[result['drill']]} | {verdict} | {result['seconds']} s | {result['run']} |"
        )
    for result in results:
        lines += ["", f"## {DRILLS[result['drill']]} (`{result['drill']}`)", ""]
        for key, value in result["figures"].items():
            structured = isinstance(value, dict | list)
            shown = json.dumps(value, ensure_ascii=False) if structured else value
            lines.append(f"- {key}: {shown}")
    REPORT.write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    sys.exit(main())
