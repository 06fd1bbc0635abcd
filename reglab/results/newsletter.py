"""The newsletter draft: the results published in a period, as an HTML e-mail and as text.

The office copies the draft into its newsletter tool, downloads it, or sends it
to its own address to see it in an e-mail program. The draft is always in
Swedish, signed by Reglab, and names organisations, never people. Links are
absolute (``settings.SITE_URL``) so that they work from an inbox.
"""

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMultiAlternatives, mailers
from django.template.defaultfilters import date as date_format
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from reglab.results.selectors import result_organisations, result_published_between

NEWSLETTER_LANGUAGE = "sv"


@dataclass(frozen=True)
class NewsletterDraft:
    start: date
    end: date
    subject: str
    html: str
    text: str
    count: int

    def filename(self, extension: str) -> str:
        return f"reglab-nyhetsbrev-{self.start.isoformat()}-{self.end.isoformat()}.{extension}"


def _plain(text: str) -> str:
    """The rendered text part as an ordinary ``str``, no longer a SafeString.

    The text is rendered with autoescape off because it is plain text for the
    e-mail, not HTML: people's words (titles, summaries) stand in it as written.
    Marked safe, a page that shows the draft would print those words as markup
    (finding 1 of issue 10: a report's summary closed the textarea); as a plain
    ``str`` it is escaped wherever a template prints it.
    """
    return str.__str__(text)


def _absolute(path: str) -> str:
    return settings.SITE_URL + path


def _item(report) -> dict:
    provrum = report.provrum
    organisations = result_organisations(report)
    return {
        "title": provrum.title,
        "summary": ((report.data or {}).get("summary") or "").strip(),
        "organisations": [organisation.name for organisation in organisations],
        "leader": provrum.leader.name if provrum.leader else "",
        "published_at": report.published_at,
        "url": _absolute(reverse("results:detail", kwargs={"pk": provrum.pk})),
    }


def newsletter_draft(*, start: date, end: date) -> NewsletterDraft | None:
    """The draft for the results published from ``start`` to ``end`` (both included).

    Returns None when nothing was published in the period: there is no empty
    newsletter.
    """
    reports = result_published_between(start, end)
    if not reports:
        return None
    with translation.override(NEWSLETTER_LANGUAGE):
        period = f"{date_format(start, 'j F Y')}–{date_format(end, 'j F Y')}"
        context = {
            "subject": _("Results from Reglab's provrum, %(period)s") % {"period": period},
            "period": period,
            "items": [_item(report) for report in reports],
            "site_url": settings.SITE_URL,
            "results_url": _absolute(reverse("results:index")),
            "feed_url": _absolute(reverse("results:feed")),
        }
        html = render_to_string("results/email/newsletter.html", context)
        text = _plain(render_to_string("results/email/newsletter.txt", context))
    return NewsletterDraft(
        start=start,
        end=end,
        subject=context["subject"],
        html=html,
        text=text,
        count=len(reports),
    )


def newsletter_send_to_self(*, by, start: date, end: date) -> NewsletterDraft:
    """E-mail the period's draft (HTML with a text part) to the office person's own address.

    Raises PermissionDenied for anyone but the office, and ValidationError when
    the period has no published results or the person has no e-mail address.
    """
    if not by.has_perm("provrum.draft_newsletter"):
        raise PermissionDenied(_("Only the office drafts the newsletter."))
    if not by.email:
        raise ValidationError(_("Your account has no e-mail address to send the draft to."))
    draft = newsletter_draft(start=start, end=end)
    if draft is None:
        raise ValidationError(
            _("No results were published in the period, so there is nothing to send."),
            code="empty_period",
        )
    message = EmailMultiAlternatives(
        subject=draft.subject,
        body=draft.text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[by.email],
    )
    message.attach_alternative(draft.html, "text/html")
    with mailers.default as connection:
        connection.send_messages([message])
    return draft
