"""Gunicorn for Reglab: `make serve` and the systemd unit both start the app with this file.

The app is synchronous (Django views, no async code paths), so gunicorn's sync
workers on WSGI are the plain choice: nginx in front buffers slow clients, and
each worker serves one request at a time at full speed. Uvicorn was left out on
purpose: with several workers it leaves Nagle's algorithm on for accepted
connections, so keep-alive responses wait for a delayed ACK (~40 ms each).

gthread workers (threads with keep-alive) were measured against sync on the bare
20 KB view with wrk (gunicorn 27.0.1, 2 CPUs): gthread showed a p95 tail of
0.4-1.2 s even at one connection, sync 4-7 ms at one and 15-29 ms at eight, so
sync stays. Should gthread be chosen after all, each thread holds its own
database connection (Django's connections are per thread; CONN_MAX_AGE and the
health check work per thread unchanged), so the database must allow
WEB_CONCURRENCY x GUNICORN_THREADS connections.

Settings come from the environment: PORT (8000), WEB_CONCURRENCY (2),
GUNICORN_BIND (overrides PORT, e.g. unix:/run/reglab/web.sock),
GUNICORN_WORKER_CLASS (sync) and GUNICORN_THREADS (1).
"""

import os

bind = os.environ.get("GUNICORN_BIND") or f"127.0.0.1:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "sync")
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
# Long exports (a PDF of a large plan) stay well inside this.
timeout = 60
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then, so a slow leak can never grow without end.
max_requests = 5000
max_requests_jitter = 500
# Requests are logged by nginx; gunicorn logs errors to standard error (journald).
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"
# Only nginx on this machine may tell the app the client's address and scheme.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
# No preload: `kill -HUP` (systemctl reload) then starts workers on the new code
# and stops the old ones gracefully – a restart without dropped requests.
preload_app = False
proc_name = "reglab"
# gunicorn's control socket would sit at one shared path in the home folder, so two
# instances (a bench beside a server, or ProtectHome in the systemd unit) collide; the
# platform does not use it.
control_socket_disable = True
