"""pip-audit over the locked packages, for `make lint` (RELIABILITY.md §2b, "Static/deps").

Audits requirements-dev.lock (every package the project installs, pinned and hashed) without
installing anything (``--disable-pip``). A known vulnerability fails lint, as does any other
error of pip-audit. Only when the vulnerability service cannot be reached (a machine without
network) is the audit skipped: one line says so and the exit status is 0, so lint still runs
offline and the skip is visible in its output.

    python .ci/pip_audit.py [LOCK ...]     (default: requirements-dev.lock)
"""

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# How pip-audit fails when it cannot reach its service: requests' connection errors (a
# traceback) or its own ServiceError. A vulnerability found never prints these.
UNREACHABLE = re.compile(
    r"requests\.exceptions\.(ConnectionError|ProxyError|ConnectTimeout|ReadTimeout|SSLError)"
    r"|ServiceError|Max retries exceeded|Failed to establish a new connection"
    r"|Temporary failure in name resolution|Name or service not known|NameResolutionError"
)


def unreachable_reason(output: str) -> str | None:
    """The line naming the network failure, or None when pip-audit failed for another reason."""
    for line in reversed(output.splitlines()):
        if UNREACHABLE.search(line):
            return line.strip()[:160]
    return None


def main(argv: list[str]) -> int:
    locks = argv or ["requirements-dev.lock"]
    command = [sys.executable, "-m", "pip_audit", "--disable-pip", "--progress-spinner", "off"]
    for lock in locks:
        command += ["--requirement", lock]
    done = subprocess.run(  # noqa: S603 - our own interpreter and fixed arguments
        command, cwd=ROOT, capture_output=True, text=True, check=False
    )
    output = done.stdout + done.stderr
    if done.returncode != 0 and (reason := unreachable_reason(output)):
        print(f"pip-audit: skipped, the vulnerability service cannot be reached ({reason})")
        return 0
    sys.stdout.write(done.stdout)
    sys.stderr.write(done.stderr)
    return done.returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
