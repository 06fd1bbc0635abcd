"""Compressed HTML and JSON from the app itself (nginx compresses again only what it gets
plain: ``gzip_proxied any`` leaves an answer that already has a Content-Encoding alone).

BREACH: a compressed answer leaks, through its length, whether text an attacker puts in
the request (a search word, a ``next`` address) matches a secret in the same body. The
platform's pages are compressed all the same, because

- the only secret on an ordinary page is the CSRF token, and Django masks it anew on
  every request (a fresh random mask over the secret), so no two answers carry the
  same token bytes to guess against;
- Django's GZipMiddleware adds up to 100 random bytes to every compressed answer
  ("Heal the Breach"), which blurs the lengths a guess relies on.

The account area is left plain: the set-up of a second factor shows the same TOTP key
on every reload, the recovery codes page the same codes, and a new API key is shown
there once; those secrets are not masked per request, so no length may depend on them.
The admin is left plain as well: it is rarely used and shows personal data.
"""

from django.middleware.gzip import GZipMiddleware

# Pages whose bodies may hold a secret that is the same on every request.
UNCOMPRESSED_PREFIXES = ("/konto/", "/accounts/", "/admin/")


class CompressionMiddleware(GZipMiddleware):
    """Django's GZipMiddleware, except on the pages that show standing secrets.

    Placed just below WhiteNoise, which answers static files itself (with the
    compressed copies ``collectstatic`` made), so only Django's own answers get here;
    and above every middleware that reads or changes the body.
    """

    def process_response(self, request, response):
        if request.path.startswith(UNCOMPRESSED_PREFIXES):
            return response
        return super().process_response(request, response)
