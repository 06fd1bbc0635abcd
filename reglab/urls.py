from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from reglab.accounts.reauthentication import protect_admin, reauthenticate_by_code
from reglab.accounts.views import admin_login, password_set
from reglab.api.api import api
from reglab.organisations.views import home

admin.site.site_header = _("Reglab – administration")
admin.site.site_title = "Reglab"
# The admin signs in through allauth (and its second factor), never its own form.
admin.site.login = admin_login
# Its changes ask for recent authentication (before admin.site.urls builds the views).
protect_admin(admin.site)

# A database outage answers 503 in Swedish, anything else the standalone 500 page.
handler500 = "reglab.core.unavailable.server_error"

urlpatterns = [
    # Before core: "/" is the signed-in person's start page ("Att göra"), the public one otherwise.
    path("", include("reglab.todo.urls")),
    # The public start page, named core:home; organisations' view, as it counts them.
    path("", include(([path("", home, name="home")], "core"))),
    path("organisationer/", include("reglab.accounts.directory_urls")),
    path("konto/api-nycklar/", include("reglab.api.urls")),
    path("", include("reglab.privacy.urls")),
    path("konto/", include("reglab.accounts.urls")),
    path("provrum/", include("reglab.provrum.urls")),
    path("", include("reglab.meetings.urls")),
    path("", include("reglab.live.urls")),
    path("notiser/", include("reglab.notifications.urls")),
    path("resultat/", include("reglab.results.urls")),
    path("enkater/", include("reglab.surveys.urls")),
    path("utvardering/", include("reglab.evaluation.urls")),
    # Before allauth's own: confirming with an e-mail code, and its page for setting a
    # first password, which here asks for recent authentication (reglab.accounts.reauthentication).
    path(
        "accounts/reauthenticate/code/",
        reauthenticate_by_code,
        name="account_reauthenticate_code",
    ),
    path("accounts/password/set/", password_set, name="account_set_password"),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]
