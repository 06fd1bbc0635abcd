"""The browser tests' live server answers requests that arrive together (tests/live_server.py).

On SQLite's in-memory test database the server threads share one connection; two
requests at the same moment once answered 500 (a report's htmx check and its save).
Here many sign-in attempts, each reading and writing the database in transactions
(the session, the lockout's records), arrive at once: none may fail with a 500.
"""

import re
from concurrent.futures import ThreadPoolExecutor
from http.client import HTTPConnection
from urllib.parse import urlencode, urlsplit

from django.urls import reverse

from tests.factories import UserFactory


def test_requests_that_arrive_together_are_all_answered(live_server):
    people = [UserFactory(email=f"person{number}@example.se") for number in range(8)]
    address = urlsplit(live_server.url)
    path = reverse("account_login")

    def send(method, body=None, headers=None):
        connection = HTTPConnection(address.hostname, address.port, timeout=30)
        try:
            connection.request(method, path, body=body, headers=headers or {})
            response = connection.getresponse()
            return response, response.read()
        finally:
            connection.close()

    response, page = send("GET")
    cookie = response.headers["Set-Cookie"].split(";")[0]
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1]

    def status(number):
        body = urlencode(
            {
                "csrfmiddlewaretoken": token.decode(),
                "login": people[number % len(people)].email,
                "password": "inte-ratt" if number % 2 else "ett-langt-testlosenord",
            }
        ).encode()
        headers = {
            "Cookie": cookie,
            "Referer": live_server.url + path,
            "Content-Type": "application/x-www-form-urlencoded",
        }
        return send("POST", body, headers)[0].status

    with ThreadPoolExecutor(max_workers=8) as pool:
        statuses = list(pool.map(status, range(48)))
    assert 500 not in statuses, statuses
    assert set(statuses) <= {200, 302, 403, 429}, statuses
