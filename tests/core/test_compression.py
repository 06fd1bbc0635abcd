"""Pages are compressed by the app; the account area, with its standing secrets, never."""

import gzip

import pytest

pytestmark = pytest.mark.django_db


def test_a_page_is_sent_compressed_when_the_browser_accepts_gzip(client):
    response = client.get("/", headers={"Accept-Encoding": "gzip, deflate"})

    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    assert b"<html" in gzip.decompress(response.content)


def test_a_page_is_plain_without_gzip_in_the_request(client):
    response = client.get("/")

    assert not response.has_header("Content-Encoding")
    assert b"<html" in response.content


def test_the_csrf_token_differs_between_two_compressed_answers(client):
    """BREACH needs the same secret bytes in every answer; Django masks the token anew."""
    first = gzip.decompress(client.get("/", headers={"Accept-Encoding": "gzip"}).content)
    second = gzip.decompress(client.get("/", headers={"Accept-Encoding": "gzip"}).content)

    def token(html: bytes) -> bytes:
        return html.split(b'name="csrfmiddlewaretoken" value="', 1)[1].split(b'"', 1)[0]

    assert token(first) != token(second)


@pytest.mark.parametrize("path", ["/accounts/login/", "/konto/"])
def test_the_account_area_is_never_compressed(client, member_rep, path):
    client.force_login(member_rep)
    response = client.get(path, headers={"Accept-Encoding": "gzip"})

    assert not response.has_header("Content-Encoding")
