"""The documented proxy (deploy/nginx/reglab.conf) in front of the benchmark's servers.

The site file is the one `deploy/setup-nginx.sh` installs, filled in the same way, with three
changes only a private, loopback-only copy needs: it listens on free loopback ports instead
of 80/443, its live upstream lists every uvicorn process (two app processes behind one
address), and nginx runs in the foreground from a temporary prefix with a self-signed
certificate. nginx comes from Debian's packages, installed here when it is missing, as
`deploy/setup-nginx.sh` does.
"""

import os
import shutil
import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SITE = REPO / "deploy" / "nginx" / "reglab.conf"


def nginx_binary() -> str:
    found = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else "")
    if found:
        return found
    print("Installerar nginx (Debian) för belastningsprovet…", flush=True)
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    subprocess.run([*sudo, "apt-get", "update", "-qq"], check=True)  # noqa: S603
    subprocess.run(  # noqa: S603
        [*sudo, "apt-get", "install", "-y", "-qq", "nginx", "openssl"],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return shutil.which("nginx") or "/usr/sbin/nginx"


def site_config(
    *, app_port: int, live_ports: list[int], plain_port: int, tls_port: int, cert: Path, key: Path
) -> str:
    """deploy/nginx/reglab.conf filled in as setup-nginx.sh does, on loopback ports."""
    # The file's own comments name the placeholders too: leave them out.
    text = "".join(
        line for line in SITE.read_text().splitlines(keepends=True) if not line.startswith("#")
    )
    live = ";\n    server ".join(f"127.0.0.1:{port}" for port in live_ports)
    replacements = {
        "@SERVER_NAME@": "127.0.0.1",
        "@ROOT@": str(REPO),
        "@CERT@": str(cert),
        "@KEY@": str(key),
        "@APP@": f"127.0.0.1:{app_port}",
        "@LIVE@": live,
        "listen 80;": f"listen 127.0.0.1:{plain_port};",
        "listen 443 ssl http2;": f"listen 127.0.0.1:{tls_port} ssl http2;",
    }
    for old, new in replacements.items():
        if old not in text:
            raise SystemExit(f"deploy/nginx/reglab.conf no longer contains {old!r}.")
        text = text.replace(old, new)
    # Loopback only: no IPv6 wildcard listeners.
    return "\n".join(line for line in text.splitlines() if "listen [::]" not in line) + "\n"


def start_proxy(
    tempdir: Path, *, app_port: int, live_ports: list[int], plain_port: int, tls_port: int
) -> subprocess.Popen:
    """nginx in the foreground from ``tempdir``; the caller stops it with the other servers."""
    nginx = nginx_binary()
    prefix = tempdir / "nginx"
    for folder in ("logs", "temp"):
        (prefix / folder).mkdir(parents=True, exist_ok=True)
    cert, key = prefix / "bench.crt", prefix / "bench.key"
    openssl = ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"]
    subprocess.run(  # noqa: S603
        [*openssl, "-subj", "/CN=127.0.0.1", "-keyout", str(key), "-out", str(cert)],
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    (prefix / "reglab.conf").write_text(
        site_config(
            app_port=app_port,
            live_ports=live_ports,
            plain_port=plain_port,
            tls_port=tls_port,
            cert=cert,
            key=key,
        )
    )
    mime = "include /etc/nginx/mime.types;" if Path("/etc/nginx/mime.types").exists() else ""
    temp = prefix / "temp"
    (prefix / "nginx.conf").write_text(
        f"""daemon off;
worker_processes 1;
pid {prefix}/nginx.pid;
error_log {prefix}/logs/error.log warn;
events {{ worker_connections 2048; }}
http {{
    {mime}
    access_log off;
    client_body_temp_path {temp}/body;
    proxy_temp_path {temp}/proxy;
    fastcgi_temp_path {temp}/fastcgi;
    uwsgi_temp_path {temp}/uwsgi;
    scgi_temp_path {temp}/scgi;
    include {prefix}/reglab.conf;
}}
"""
    )
    log = (prefix / "logs" / "nginx.out").open("w")
    return subprocess.Popen(  # noqa: S603
        [nginx, "-p", str(prefix), "-c", str(prefix / "nginx.conf")],
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
