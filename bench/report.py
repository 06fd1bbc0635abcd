"""The table `make bench` prints and writes to ``docs/benchmarks.md``, against the goals."""

import contextlib
import os
import platform
from pathlib import Path

from bench.measure import BARE, Config, Measured, Run

# The goals (issue 11, "Build" item 4).
P95_GOAL_MS = 50.0
SHARE_GOAL = 0.20
GOAL_CONNECTIONS = 8


def ms(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}" if value < 100 else f"{value:,.0f}"


def machine() -> str:
    cpu = "unknown CPU"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    memory = ""
    with contextlib.suppress(OSError, ValueError, IndexError):
        kb = int(Path("/proc/meminfo").read_text().splitlines()[0].split()[1])
        memory = f", {kb / 1024 / 1024:.0f} GB RAM"
    return f"{os.cpu_count()} CPUs ({cpu}){memory}, {platform.system()} {platform.release()}"


def load_average() -> str:
    return " / ".join(f"{x:.2f}" for x in os.getloadavg())


def share_of_limit(run: Run, limits: dict[int, float]) -> float | None:
    limit = limits.get(run.connections)
    if not limit or run.error and not run.requests:
        return None
    return run.rps / limit


def render(context: dict) -> str:
    config: Config = context["config"]
    data = context["data"]
    limits: dict[int, float] = context["limits"]
    rows: list[Measured] = context["measured"]
    lines = [
        "# Benchmarks",
        "",
        "Written by `make bench` (`bench/run.py`); measurement only. Goals from issue 11:",
        f"every page at p95 under {P95_GOAL_MS:.0f} ms at {GOAL_CONNECTIONS} connections, and the "
        f"board and the provrum page at least {SHARE_GOAL:.0%} of the limit's throughput "
        "(the limit: a bare Django view returning 20 KB on the same server).",
        "",
        f"- Date: {context['started']:%Y-%m-%d %H:%M} UTC",
        f"- Machine: {machine()}; load average at start {context['load_start']}, "
        f"at end {context['load_end']}",
        f"- Server: `make serve` – gunicorn sync workers, WEB_CONCURRENCY={config.workers}, "
        f"DEBUG off, PostgreSQL {context['pg_version']} and Redis on loopback; wrk "
        f"{context['wrk_version']} with `Accept-Encoding: gzip`, "
        f"{config.duration:g} s per run (longer for a page that needs seconds per request)",
        f"- Scale {config.scale:g}: "
        + ", ".join(f"{count:,} {name}" for name, count in data.counts.items()),
        f"- Data build: {data.total_seconds:.0f} s with bulk inserts ("
        + ", ".join(f"{name} {seconds:.1f} s" for name, seconds in data.timings)
        + f"); migrations {context['migrate_seconds']:.0f} s; `make serve` answered after "
        f"{context['serve_seconds']:.0f} s (collectstatic, migrate, gunicorn start)",
        f"- Whole run: {context['run_seconds']:.0f} s",
        "",
        "SQL = queries of one request (Django's test client against the same database). "
        "Bytes: the body without compression, and with gzip"
        + (
            " (marked * where the app did not compress: gzip level 6 computed here)"
            if any(m.gzip_computed for m in rows)
            else ""
        )
        + ". Share = req/s ÷ the limit's req/s at the same number of connections.",
        "",
        "| page | signed in as | SQL | bytes | gzip | conn. | req/s | p50 ms | p95 ms | "
        "p99 ms | share of limit | p95 goal | share goal |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|",
    ]
    met = unmet = 0
    for measured in rows:
        page = measured.page
        label = f"{page.name} `{page.path}`"
        if measured.error and not measured.runs:
            lines.append(
                f"| {label} | {page.who} | "
                f"{measured.queries if measured.queries is not None else '–'} | – | – | – | "
                f"**error: {measured.error}** | | | | | **not met** | "
                f"{'**not met**' if page.goal_share else ''} |"
            )
            unmet += 2 if page.goal_share else 1
            continue
        for run in measured.runs:
            if run.note:
                label = f"{page.name}, {run.note} `{page.path}`"
            share = share_of_limit(run, limits)
            p95_goal = share_goal = ""
            if run.connections == GOAL_CONNECTIONS and page is not BARE:
                ok = run.p95 is not None and not run.error and run.p95 < P95_GOAL_MS
                p95_goal = "met" if ok else "**not met**"
                met, unmet = met + ok, unmet + (not ok)
            if page.goal_share:
                ok = share is not None and not run.error and share >= SHARE_GOAL
                share_goal = "met" if ok else "**not met**"
                met, unmet = met + ok, unmet + (not ok)
            gzip_cell = (
                f"{measured.gzip_bytes:,}{'*' if measured.gzip_computed else ''}"
                if measured.gzip_bytes is not None
                else "–"
            )
            rps = f"{run.rps:,.1f}" if run.requests else "–"
            if run.error:
                rps = f"{rps} ({run.error})"
            lines.append(
                f"| {label} | {page.who} | "
                f"{measured.queries if measured.queries is not None else '–'} | "
                f"{measured.raw_bytes:,} | {gzip_cell} | {run.connections} | {rps} | "
                f"{ms(run.p50)} | {ms(run.p95)} | {ms(run.p99)} | "
                f"{'–' if share is None else f'{share:.1%}'} | {p95_goal} | {share_goal} |"
            )
    lines += [
        "",
        f"Goals: {met} met, {unmet} not met.",
        "",
        "Reproduce: `make bench` (BENCH_SCALE=1.0 and BENCH_DURATION=10 by default; "
        "`BENCH_SCALE=0.02 BENCH_DURATION=2 make bench` is the quick smoke run).",
    ]
    if context.get("notes"):
        lines += ["", *context["notes"]]
    return "\n".join(lines) + "\n"
