"""The milestones of a person's provrum as a calendar others can subscribe to.

Outlook, Google and Apple calendars fetch a subscribed calendar without a
session, so the feed's address carries a signed token (``django.core.signing``
with its own salt) that names the person and, for one provrum's feed, the
provrum. The token gives no right by itself: each time the calendar is fetched
the person's permissions are asked again, so when someone stops representing an
organisation its provrum leave their calendar. A token that is forged, changed
or for a person who is no longer active finds nothing (404), and so does the
address of an office account without its second factor (``reglab.accounts.mfa``).

The token also carries the person's ``calendar_feed_secret``. Signed values
never expire by themselves, so without it an address, once shared, would work
for ever; the person makes a new secret on the calendar page
(``calendar_feed_secret_renew``) and every older address answers 404.
"""

from django.contrib.auth import get_user_model
from django.core import signing
from django.db.models import Q, QuerySet
from django.utils.crypto import constant_time_compare

from reglab.accounts.mfa import second_factor_missing
from reglab.accounts.permissions import is_office
from reglab.provrum.models import Provrum
from reglab.provrum.permissions import PLAN_STATES, represented_organisations
from reglab.provrum.plan.services import plan_data_for
from reglab.provrum.selectors import plan_visible_to

SALT = "reglab.provrum.calendar-feed"


def feed_token(user, provrum=None) -> str:
    """The signed token of a person's calendar (all their provrum, or one)."""
    payload = {"u": user.pk, "s": user.calendar_feed_secret}
    if provrum is not None:
        payload["p"] = provrum.pk
    return signing.dumps(payload, salt=SALT)


def feed_owner(token: str):
    """(person, provrum pk or None) for a valid token, else None."""
    try:
        payload = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    if not isinstance(payload, dict) or not isinstance(payload.get("u"), int):
        return None
    provrum_pk = payload.get("p")
    if provrum_pk is not None and not isinstance(provrum_pk, int):
        return None
    secret = payload.get("s")
    if not isinstance(secret, str) or not secret:
        return None
    user = get_user_model().objects.filter(pk=payload["u"], is_active=True).first()
    if user is None or not constant_time_compare(secret, user.calendar_feed_secret):
        return None
    if second_factor_missing(user):
        # The office's calendar holds every provrum: as its API token, its address
        # does not work before the account has its second factor (again).
        return None
    return user, provrum_pk


def calendar_provrum(user) -> QuerySet[Provrum]:
    """The provrum with a plan that the person takes part in and may read.

    Taking part: one of the organisations the person represents proposed it,
    leads it or takes part in it. The office follows every provrum, so its
    calendar has all of them. Withdrawn provrum are left out, and so is a plan the
    person may not read (``plan_visible_to``: a proposer outside the group sees
    the plan only once it is approved).
    """
    queryset = plan_visible_to(user).filter(plan__isnull=False, state__in=PLAN_STATES)
    if not is_office(user):
        ids = list(represented_organisations(user))
        queryset = queryset.filter(
            Q(interests__organisation_id__in=ids)
            | Q(leader_id__in=ids)
            | Q(proposer_organisation_id__in=ids)
        )
    return (
        queryset.select_related("plan", "leader")
        .prefetch_related("interests")
        .distinct()
        .order_by("title", "pk")
    )


def calendar_items(user, provrum_pk=None) -> list[tuple[Provrum, dict]]:
    """(provrum, plan data) for the person's calendar, each checked with ``view_plan``.

    With ``provrum_pk``: that one provrum, if the person may read its plan, taking
    part or not (a member may follow another group's provrum once its plan is
    approved). The data is read through ``plans.plan_data_for``: the join links of
    the digital meetings only for the group and the office.
    """
    if provrum_pk is None:
        queryset = calendar_provrum(user)
    else:
        queryset = (
            plan_visible_to(user)
            .filter(pk=provrum_pk, plan__isnull=False, state__in=PLAN_STATES)
            .select_related("plan", "leader")
            .prefetch_related("interests")
        )
    return readable_items(user, queryset)


def readable_items(user, provrum) -> list[tuple[Provrum, dict]]:
    """(provrum, plan data) for each of ``provrum`` whose plan the person may read
    (``view_plan``, asked of each), the data as ``plans.plan_data_for`` gives it."""
    return [
        (one, plan_data_for(user, one, one.plan.data))
        for one in provrum
        if user.has_perm("provrum.view_plan", one)
    ]
