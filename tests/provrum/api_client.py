"""A small JSON client for the provrum API tests: one Bearer token per person."""

import json

from reglab.api.services import api_token_create


class ApiClient:
    """Sends JSON with the person's Bearer token (or none, for anonymous)."""

    def __init__(self, client, person=None):
        self.client = client
        self.headers = {}
        if person is not None:
            _, raw = api_token_create(person=person)
            self.headers["Authorization"] = f"Bearer {raw}"

    def get(self, url, params=None):
        return self.client.get(url, params or {}, headers=self.headers)

    def _send(self, method, url, data):
        body = data if isinstance(data, str | bytes) else json.dumps(data)
        return getattr(self.client, method)(
            url, body, content_type="application/json", headers=self.headers
        )

    def post(self, url, data=None):
        return self._send("post", url, {} if data is None else data)

    def patch(self, url, data):
        return self._send("patch", url, data)

    def put(self, url, data):
        return self._send("put", url, data)

    def delete(self, url):
        return self.client.delete(url, headers=self.headers)


def reason_codes(response):
    return [reason["code"] for reason in response.json()["reasons"]]
