"""View helpers shared by the meeting host's pages and the live dialog's host pages."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from reglab.meetings.selectors import meeting_get_for


def hosted_by(may_host):
    """A decorator for a host's view of one meeting: signed in, the meeting visible
    (``meeting_get_for``: else 404) and ``may_host(user, meeting)`` (else 403).

    The view is called with the meeting in place of its ``pk``.
    """

    def hosted(view):
        @login_required
        @wraps(view)
        def wrapped(request, pk, *args, **kwargs):
            meeting = meeting_get_for(user=request.user, pk=pk)
            if not may_host(request.user, meeting):
                raise PermissionDenied(_("Only the meeting's hosts may do this."))
            return view(request, meeting, *args, **kwargs)

        return wrapped

    return hosted


def back_to_page(url: str, page_number, anchor: str = "") -> str:
    """``url`` at the list's page ``page_number`` (the ``sida`` a form sent back), so an
    action on page 3 returns to page 3; anything but a page number past the first is
    left out, and the list's paginator copes with a page that no longer exists."""
    page = str(page_number or "")
    query = f"?sida={page}" if page.isdigit() and page.isascii() and int(page) > 1 else ""
    return f"{url}{query}#{anchor}" if anchor else f"{url}{query}"
