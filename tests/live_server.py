"""
pytest-django's live server, made safe on SQLite's in-memory test database.

There the server's request threads and the test share one SQLite connection
(pytest-django hands it over, as Django's LiveServerTestCase does). A Python
sqlite3 connection, with Django's transaction state on it, must not be used by
two threads at the same moment: a report's htmx check and its save that arrived
together once both answered 500 ("bad parameter or other API misuse", then an
IndexError from the savepoint list). So, while the connection is shared, the
server still takes connections on threads (Chromium keeps several open) but
hands Django one request at a time, and a query from the test itself waits for
a request in progress (and a request for the test's query). On PostgreSQL every
thread has its own connection and pytest-django's server is used unchanged.
"""

import os
import threading

import pytest


class OneRequestAtATime:
    """A WSGI application that lets one request at a time through to Django.

    The lock is held from the call until the answer is closed (wsgiref closes it
    after the last byte, or on an error), so request_finished runs inside too.
    """

    def __init__(self, application, lock):
        self.application = application
        self.lock = lock

    def __call__(self, environ, start_response):
        self.lock.acquire()
        try:
            answer = self.application(environ, start_response)
        except BaseException:
            self.lock.release()
            raise
        return ReleasedOnClose(answer, self.lock)


class ReleasedOnClose:
    def __init__(self, answer, lock):
        self.answer = answer
        self.lock = lock

    def __iter__(self):
        return iter(self.answer)

    def close(self):
        try:
            if hasattr(self.answer, "close"):
                self.answer.close()
        finally:
            self.lock.release()


def serialized_thread(plain, lock):
    """A LiveServerThread like `plain` whose server lets one request at a time through."""
    from django.core.servers.basehttp import ThreadedWSGIServer
    from django.test.testcases import LiveServerThread

    class SerializedServer(ThreadedWSGIServer):
        def set_app(self, application):
            super().set_app(OneRequestAtATime(application, lock))

    class SerializedLiveServerThread(LiveServerThread):
        server_class = SerializedServer

    thread = SerializedLiveServerThread(
        plain.host,
        static_handler=plain.static_handler,
        connections_override=plain.connections_override,
        port=plain.port,
    )
    thread.daemon = True
    return thread


@pytest.fixture(scope="session")
def live_server(request, django_db_setup):
    """pytest-django's live_server; on a shared in-memory SQLite connection, serialized.

    After the test database is set up: before it, the connection still names the
    development database, nothing is handed over, and each server thread opens a
    connection of its own to the in-memory test database, where two at once fail
    with "database table is locked".
    """
    from pytest_django.live_server_helper import LiveServer

    addr = (
        request.config.getvalue("liveserver")
        or os.getenv("DJANGO_LIVE_TEST_SERVER_ADDRESS")
        or "localhost"
    )
    server = LiveServer(addr, start=False)
    shared = list(server.thread.connections_override.values())
    lock = threading.RLock()

    def one_at_a_time(execute, sql, params, many, context):
        with lock:
            return execute(sql, params, many, context)

    if shared:
        server.thread = serialized_thread(server.thread, lock)
        for connection in shared:
            connection.execute_wrappers.insert(0, one_at_a_time)
    server.start()
    try:
        yield server
    finally:
        server.stop()
        for connection in shared:
            connection.execute_wrappers.remove(one_at_a_time)
