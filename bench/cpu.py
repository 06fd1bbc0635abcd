"""CPU milliseconds per request, measured in this process with Django's test client.

wrk's figures on a machine whose cores are shared with other work are noisy; the
CPU time one process spends on a request is not (it does not count time spent
waiting for a core, nor the database server's own time). For decisions about the
pages, measure here; use ``make bench`` for the whole picture.

Against a database built by ``bench.build_data`` (it is left in place)::

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/reglab_bench \
        .venv/bin/python -m bench.cpu            # served from the page cache
    ... .venv/bin/python -m bench.cpu --miss     # the uncached cost

Each page is requested a few times to warm up, then ``--requests`` times; the
table gives the median CPU ms per request (user + system of this process), the
wall-clock median, the queries of one request and the body's size.
"""

import argparse
import os
import statistics
import sys
import time
from urllib.parse import quote


def _pages(member_slug: str, big_id: int, word: str) -> list[tuple[str, str, str]]:
    return [
        ("bare view (the limit)", "/__bench__/bare/", "anonymous"),
        ("start page", "/", "anonymous"),
        ("board", "/provrum/", "member"),
        ("board, state filter", "/provrum/?state=running", "member"),
        ("board, search", f"/provrum/?q={quote(word)}", "member"),
        ("provrum page (big)", f"/provrum/{big_id}/", "member"),
        ("discussion (big)", f"/provrum/{big_id}/diskussion/", "member"),
        ("history (big)", f"/provrum/{big_id}/historik/", "member"),
        ("office queue", "/provrum/kansli/", "office"),
        ("organisation page", f"/organisationer/{member_slug}/", "member"),
        ("evaluation dashboard", "/utvardering/", "office"),
        ("public results", "/resultat/", "anonymous"),
        ("results feed", "/resultat/flode.atom", "anonymous"),
        ("notifications", "/notiser/", "member"),
        ("API provrum", "/api/v1/provrum", "member token"),
        ("API results", "/api/v1/results", "anonymous"),
        ("API organisations", "/api/v1/organisations", "member token"),
    ]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--miss", action="store_true", help="the uncached cost (no page cache)")
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--only", default="", help="pages whose name contains this text")
    args = parser.parse_args(argv)

    # The production settings, minus what needs a deployment (collected static files, TLS).
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    os.environ.setdefault("TESTING", "1")
    os.environ.setdefault("CONN_MAX_AGE", "600")
    os.environ["DEBUG"] = "0"
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.db.models import Count
    from django.test import Client

    from bench.builder.common import MEMBER_EMAIL, OFFICE_EMAIL
    from reglab.accounts.models import User
    from reglab.api.services import api_token_create
    from reglab.provrum.models import Provrum

    settings.ALLOWED_HOSTS = ["*"]
    if args.miss:
        settings.PAGE_CACHE = False
    big = Provrum.objects.annotate(n=Count("comments")).order_by("-n").first()
    member = User.objects.get(email=MEMBER_EMAIL)
    office = User.objects.get(email=OFFICE_EMAIL)
    clients = {"anonymous": Client()}
    for role, person in (("member", member), ("office", office)):
        clients[role] = Client()
        clients[role].force_login(
            person, backend="allauth.account.auth_backends.AuthenticationBackend"
        )
    _, token = api_token_create(person=member, name="cpu")
    clients["member token"] = Client(headers={"Authorization": f"Bearer {token}"})

    print(
        f"{'page':<24} {'CPU ms':>8} {'wall ms':>8} {'SQL':>4} {'bytes':>9}"
        f"   ({'uncached' if args.miss else 'page cache on'}, {args.requests} requests)"
    )
    for name, path, who in _pages("region-skane", big.pk, "kompetensförsörjning"):
        if args.only and args.only not in name:
            continue
        client = clients[who]
        headers = {"Accept-Encoding": "gzip"}
        for _ in range(3):
            response = client.get(path, headers=headers)
        if response.status_code != 200:
            print(f"{name:<24} answered {response.status_code}")
            continue
        queries = []
        with connection.execute_wrapper(
            lambda execute, sql, *rest, seen=queries: seen.append(sql) or execute(sql, *rest)
        ):
            client.get(path, headers=headers)
        cpu, wall = [], []
        for _ in range(args.requests):
            begun_cpu, begun_wall = time.process_time(), time.perf_counter()
            client.get(path, headers=headers)
            cpu.append(time.process_time() - begun_cpu)
            wall.append(time.perf_counter() - begun_wall)
        print(
            f"{name:<24} {statistics.median(cpu) * 1000:8.2f} "
            f"{statistics.median(wall) * 1000:8.2f} {len(queries):4d} "
            f"{len(response.content):9,}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
