"""HTTP for the drills: JSON requests to the platform on loopback, and the runs started together."""

import http.client
import json
import threading
from collections.abc import Callable


def request(
    port: int,
    method: str,
    path: str,
    body: dict | None = None,
    token: str = "",
    timeout=30,
    cookie: str = "",
) -> tuple[int, dict | str]:
    """One request on a new connection; (status, JSON body or text). Raises OSError when the
    connection breaks (the process that held it was killed). ``cookie``: a Cookie header."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    headers = {"Host": "127.0.0.1", "Accept": "application/json"}
    if body is not None:
        headers["Content-Type"] = "application/json"
    if token:
        headers["Authorization"] = f"Bearer {token}"
    if cookie:
        headers["Cookie"] = cookie
    try:
        connection.request(method, path, None if body is None else json.dumps(body), headers)
        response = connection.getresponse()
        data = response.read()
        if response.getheader("Content-Type", "").startswith("application/json"):
            return response.status, json.loads(data)
        return response.status, data.decode("utf-8", "replace")
    finally:
        connection.close()


def at_once(actions: list[Callable[[], object]], timeout: float = 60) -> list[object]:
    """Run each action in its own thread, released together by a barrier; their results (or the
    exception each raised), in order."""
    barrier = threading.Barrier(len(actions))
    results: list[object] = [None] * len(actions)

    def run(index: int, action: Callable[[], object]):
        try:
            barrier.wait(timeout=timeout)
            results[index] = action()
        except Exception as error:  # noqa: BLE001 (the caller counts it)
            results[index] = error

    threads = [threading.Thread(target=run, args=pair) for pair in enumerate(actions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout)
    return results


def result_line(name: str, passed: bool, figures: dict) -> str:
    """The one line a drill prints last; the runner (bench/drills/__main__.py) reads it."""
    return "DRILL-RESULT " + json.dumps({"drill": name, "passed": passed, "figures": figures})
