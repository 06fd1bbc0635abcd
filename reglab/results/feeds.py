"""The Atom feed of published results (RFC 4287), built with Django's syndication framework.

Links are absolute with ``settings.SITE_URL``, the platform's address as people
reach it, as in the e-mails. The author is always Reglab: the organisations are
the actors of a provrum, and no person is named. The feed is in Swedish, like
the reports it carries.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.template.defaultfilters import linebreaks_filter
from django.urls import reverse
from django.utils import translation
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from reglab.results.selectors import result_feed_items, result_organisations

FEED_LANGUAGE = "sv"


def _absolute(path: str) -> str:
    return settings.SITE_URL + path


class ResultFeed(Feed):
    feed_type = Atom1Feed
    language = FEED_LANGUAGE
    author_name = "Reglab"

    def __call__(self, request, *args, **kwargs):
        with translation.override(FEED_LANGUAGE):
            return super().__call__(request, *args, **kwargs)

    def title(self):
        return _("Reglab – results from the provrum")

    def subtitle(self):
        return _("Final reports of Reglab's provrum, published after the office's approval.")

    def link(self):
        return _absolute(reverse("results:index"))

    def feed_url(self):
        return _absolute(reverse("results:feed"))

    def items(self):
        return result_feed_items()

    # An Atom title is plain text; Django's default escapes it a second time for RSS.
    def item_title(self, report):
        return report.provrum.title

    def item_description(self, report):
        summary = ((report.data or {}).get("summary") or "").strip()
        organisations = ", ".join(o.name for o in result_organisations(report))
        text = summary
        if organisations:
            text += "\n\n" + _("Participating organisations: %(organisations)s") % {
                "organisations": organisations
            }
        # The summary element is HTML: the plain text is escaped and put in paragraphs.
        return linebreaks_filter(text, autoescape=True)

    def item_link(self, report):
        return _absolute(reverse("results:detail", kwargs={"pk": report.provrum_id}))

    def item_guid(self, report):
        """A tag URI (RFC 4151): the same entry keeps its id whatever the address looks like."""
        host = urlsplit(settings.SITE_URL).hostname or "reglab"
        return f"tag:{host},{report.published_at:%Y-%m-%d}:resultat/{report.provrum_id}"

    def item_pubdate(self, report):
        return report.published_at

    def item_updateddate(self, report):
        return report.published_at

    def item_author_name(self, report):
        return "Reglab"

    def item_categories(self, report):
        return [theme.name for theme in report.provrum.themes.all()]
