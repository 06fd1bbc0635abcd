"""`make drills`: fault drills, run on demand (never in `make test`), each bounded, on loopback,
cleaning up after itself; the results go to docs/drills.md with the date.

- ``live_answers``: 500 live answers at once over two app processes: 0 lost, 0 duplicated;
- ``races``: the year's last go-ahead and a meeting's last seat, 100 rounds each through
  four app processes on PostgreSQL: exactly one winner every round;
- ``kill_saves``: kill -9 of app processes during 200 plan saves: 0 partial records, 0
  acknowledged saves missing;
- ``pg_restart``: PostgreSQL (a cluster of the drill's own) restarted under load: Swedish
  503s, never 500s, recovery within 10 s;
- ``restore``: `make backup` then `make restore` into a new database: identical checksums.

Each drill is a module run in its own process (``python -m bench.drills.NAME``), which prints
its figures and, last, one ``DRILL-RESULT {json}`` line; ``python -m bench.drills`` runs them
in turn and writes the report. The drills build their objects with the test suite's builders
(tests/factories.py, tests/provrum/conftest.py), so they need the dev install.
"""
