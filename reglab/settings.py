"""
Settings for the Reglab platform.

Every deploy-time value comes from the environment. With nothing set, the
platform runs in development mode on a local SQLite file, e-mail is printed to
the console and the cache lives in process memory.
"""

from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

DEBUG = env.bool("DEBUG", default=False)
# Demo mode loads well-known demo passwords; never on in production.
DEMO_MODE = env.bool("DEMO_MODE", default=False)

# The test suite runs with DEBUG off but without collected static files or TLS.
TESTING = env.bool("TESTING", default=False)

SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not (DEBUG or DEMO_MODE or TESTING):
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    # Development-only key: generated per checkout, never used in production.
    SECRET_KEY = "dev-insecure-" + str(BASE_DIR)  # noqa: S105

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rules",
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "allauth.mfa",
    "axes",
    "django_htmx",
    # django-ninja as an app: its docs page then uses the Swagger UI files the package
    # ships (static/ninja/) instead of a CDN, which the CSP blocks (finding 12, issue 10).
    "ninja",
    "simple_history",
    "channels",
    "reglab.core",
    "reglab.accounts",
    "reglab.organisations",
    "reglab.provrum",
    "reglab.meetings",
    "reglab.live",
    "reglab.notifications",
    "reglab.results",
    "reglab.evaluation",
    "reglab.surveys",
    "reglab.api",
    "reglab.privacy",
    "reglab.todo",
    "reglab.demo",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # A line in the security log for every refusal (403); outermost but one, so it sees them all.
    "reglab.core.security_log.SecurityLogMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # gzip for pages and API answers, but not the account area (BREACH: see there).
    "reglab.core.compression.CompressionMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "reglab.core.middleware.UnsafeInputMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Nothing a signed-in person is shown is kept in a cache (reglab.core.no_store).
    "reglab.core.no_store.SignedInNoStoreMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Signs out after 30 minutes idle or 12 hours in all (SESSION_*_TIMEOUT).
    "reglab.accounts.sessions.SessionTimeoutMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # The office, staff and superusers must set up TOTP before they may act.
    "reglab.accounts.middleware.SecondFactorRequiredMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Axes must come last so it sees the outcome of authentication.
    "axes.middleware.AxesMiddleware",
    # Saved pages (reglab.core.blocks): after every middleware that checks access, so
    # it runs innermost, next to the view; it only adds to Axes' view of the request.
    "reglab.core.blocks.PageCacheMiddleware",
]

ROOT_URLCONF = "reglab.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "reglab" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "reglab.core.context_processors.platform",
                "reglab.accounts.context_processors.person",
                "reglab.notifications.context_processors.notifications",
                # Last: while a page is made for saving, its CSRF token and nonce
                # are placeholders (reglab.core.blocks).
                "reglab.core.blocks.placeholders",
            ],
        },
    },
]

WSGI_APPLICATION = "reglab.wsgi.application"
ASGI_APPLICATION = "reglab.asgi.application"

# Database: DATABASE_URL, falling back to a local SQLite file.
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            # IMMEDIATE avoids "database is locked" upgrades under concurrent writes.
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA busy_timeout=5000;",
        }
    )
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# Persistent connections: a gunicorn sync worker keeps its connection between requests
# instead of opening one per request (a PostgreSQL connection costs a few milliseconds,
# more than a small page takes). The health check tests a reused connection before its
# request, so a database restart costs no failed request. CONN_MAX_AGE=0 closes after
# each request, as Django's default does; the test suite keeps that default.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0 if TESTING else 600)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = env.bool("CONN_HEALTH_CHECKS", default=True)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Background work (e-mail for notifications) runs as Django tasks. The default
# runs a task right after the request's commit in the same process; production
# sets TASKS_BACKEND=database and runs `manage.py db_worker` beside the web
# processes, so sending never slows a request.
_TASKS_BACKENDS = {
    "immediate": "django.tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
}
TASKS = {"default": {"BACKEND": _TASKS_BACKENDS[env.str("TASKS_BACKEND", default="immediate")]}}

# Cache: Redis when REDIS_URL is set (needed with several processes), else memory.
# Django's Redis cache made to survive Redis being down (reglab.core.cache): a read is a
# miss, a write is skipped, and a rate limit that cannot count refuses with a Swedish 503.
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "reglab.core.cache.RedisCache",
            "LOCATION": REDIS_URL,
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Saved pages (reglab.core.blocks, README "Sparade sidor"): whole pages per person, made
# anew after any write. PAGE_CACHE=0 turns them off. In Redis they share the server with
# the default cache under their own prefix; in memory, each process keeps at most
# BLOCK_CACHE_ENTRIES pages (the least recently used go first).
PAGE_CACHE = env.bool("PAGE_CACHE", default=True)
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=300)
BLOCK_CACHE_ENTRIES = env.int("BLOCK_CACHE_ENTRIES", default=2000)
if REDIS_URL:
    CACHES["pages"] = {**CACHES["default"], "KEY_PREFIX": "pages"}
else:
    CACHES["pages"] = {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "pages",
        "OPTIONS": {"MAX_ENTRIES": BLOCK_CACHE_ENTRIES, "CULL_FREQUENCY": 4},
    }

# The live dialog's channel layer (reglab.live.events): Redis when CHANNEL_REDIS_URL or
# REDIS_URL is set, so every app process's screens get every vote; else process memory,
# which reaches only the sockets of the process that took the vote (development, tests).
CHANNEL_REDIS_URL = env.str("CHANNEL_REDIS_URL", default=REDIS_URL)
if CHANNEL_REDIS_URL:
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {
                # redis-py 8 reads with a 5 s socket timeout by default, as long as the
                # layer's blocking receive waits (5 s): an idle screen's socket then died.
                "hosts": [{"address": CHANNEL_REDIS_URL, "socket_timeout": 30}],
                "prefix": "reglab-live",
            },
        }
    }
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}

AUTH_USER_MODEL = "accounts.User"

# A browser sends a form URL-encoded: a megabyte of "å" in a plan's text becomes
# 6 MB on the wire. Django's 2.5 MB default would refuse it with a bare 400 page
# before the form could explain the length and keep the text.
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
# Personal API tokens are the API's (reglab.api), which no app imports: it sits on top and
# mounts their routers. The apps that read a token themselves ask reglab.core.api_tokens,
# which calls this: the token's active person, refused (403) without a second factor.
API_TOKEN_ACTOR = "reglab.api.services.api_token_actor"  # noqa: S105  # nosec B105
AUTHENTICATION_BACKENDS = [
    # Axes first: it refuses locked-out credentials before anything checks them.
    "axes.backends.AxesStandaloneBackend",
    # django-rules' predicates, denying when one raises (fail closed).
    "reglab.accounts.backends.FailClosedRulesBackend",
    "django.contrib.auth.backends.ModelBackend",
    "reglab.accounts.backends.OfficeAdminBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
# Length, not composition (ASVS V6.2): 12 characters, 15 for the office, staff and
# superusers; Django's 20,000 common passwords and the platform's and regions' names
# refused. No rule demands digits or signs (Django's NumericPasswordValidator was one).
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "reglab.accounts.validators.RoleMinimumLengthValidator",
        "OPTIONS": {"min_length": 12, "office_min_length": 15},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "reglab.accounts.validators.PlatformWordsValidator"},
]
# Only PBKDF2 (argon2-cffi is not installed): new hashes use the first.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
]
# A reset link lives an hour (Django's default is three days) and dies once used.
PASSWORD_RESET_TIMEOUT = 60 * 60
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "core:home"

# django-allauth: e-mail as the sign-in name, password or one-time code.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
# Nobody uses an address they have not proven: sign-up sends a confirmation link
# and signs in only after it (a code sign-in or a password reset proves it too).
# The first proof drops a password set before it (reglab.accounts.signals).
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
# Signs in after confirming only in the browser that signed up (allauth checks the session).
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
# One address per account: a new one waits beside it until proven by the link
# sent to it, then replaces it. Codes and reset links go only to a proven
# address (reglab.accounts.selectors.person_may_prove_address).
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_MAX_EMAIL_ADDRESSES = 2
# Every account change (setting a first password, the address, the second factor, API
# tokens, erasure) asks for recent authentication: a sign-in or a confirmation in this
# session within the timeout. Else the person confirms with the password, the
# authenticator app or, without a password, an e-mail code (reglab.accounts.reauthentication).
# A password change asks for the old password itself.
ACCOUNT_REAUTHENTICATION_REQUIRED = True
ACCOUNT_REAUTHENTICATION_TIMEOUT = 5 * 60
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Reglab] "
ACCOUNT_RATE_LIMITS = {
    # Colleagues often share one address (a region's NAT): the per-address limit is wider.
    "login_failed": "20/5m/ip,5/5m/key",
    "login": "30/m/ip",
    "confirm_email": "1/3m/key",
    # Rate limits, not passwords (bandit B105 reads the key name).
    "reset_password": "5/m/ip,3/5m/key",  # nosec B105
    "request_login_code": "5/m/ip,3/5m/key",
}
ACCOUNT_PREVENT_ENUMERATION = True
# Second factor (allauth.mfa): TOTP with recovery codes. The office, staff and
# superusers must set it up (reglab.accounts.mfa); others may.
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_RECOVERY_CODE_COUNT = 10
MFA_TOTP_ISSUER = "Reglab"
ACCOUNT_ADAPTER = "reglab.accounts.adapter.AccountAdapter"
ACCOUNT_FORMS = {
    "login": "reglab.accounts.forms.SignInForm",
    "request_login_code": "reglab.accounts.forms.RequestSignInCodeForm",
    "confirm_login_code": "reglab.accounts.forms.ConfirmSignInCodeForm",
    # A form class path, not a password.
    "reset_password": "reglab.accounts.forms.PasswordResetRequestForm",  # nosec B105
    "signup": "reglab.accounts.forms.AccountSignupForm",
}
SOCIALACCOUNT_ONLY = False
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
SOCIALACCOUNT_AUTO_SIGNUP = True

# OpenID Connect (for example Microsoft Entra ID), configured from the environment.
# OIDC_SERVER_URL for Entra ID: https://login.microsoftonline.com/<tenant>/v2.0
OIDC_SERVER_URL = env.str("OIDC_SERVER_URL", default="")
SOCIALACCOUNT_PROVIDERS = {}
if OIDC_SERVER_URL:
    SOCIALACCOUNT_PROVIDERS["openid_connect"] = {
        "OAUTH_PKCE_ENABLED": True,
        "APPS": [
            {
                "provider_id": env.str("OIDC_PROVIDER_ID", default="entra"),
                "name": env.str("OIDC_PROVIDER_NAME", default="Microsoft Entra ID"),
                "client_id": env.str("OIDC_CLIENT_ID"),
                "secret": env.str("OIDC_CLIENT_SECRET"),
                "settings": {
                    "server_url": OIDC_SERVER_URL,
                    # The OIDC method's name; the secret itself comes from the environment.
                    "token_auth_method": "client_secret_post",  # nosec B105
                },
            }
        ],
    }

# django-axes: throttles password guessing, also against the admin.
# Retention (reglab.privacy.retention, docs/registerforteckning.md): sign-in logs and
# history rows older than this many days are deleted by the daily apply_retention.
RETENTION_SIGN_IN_DAYS = env.int("RETENTION_SIGN_IN_DAYS", default=90)
RETENTION_HISTORY_DAYS = env.int("RETENTION_HISTORY_DAYS", default=730)
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=10)
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "login"
# Allauth authenticates with email=, the admin with username=: count both per account.
AXES_USERNAME_CALLABLE = "reglab.accounts.axes.axes_username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "account/locked_out.html"
# Every per-address limit (axes, allauth, ours) keys on reglab.core.client_ip.
AXES_CLIENT_IP_CALLABLE = "reglab.core.client_ip.client_ip"

# Internationalisation: Swedish first, English available.
LANGUAGE_CODE = "sv"
# Language names stay in their own language, so they are not translated.
LANGUAGES = [("sv", "Svenska"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "reglab" / "locale"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True

# Static files, vendored and served by WhiteNoise.
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "reglab" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG or TESTING
WHITENOISE_AUTOREFRESH = DEBUG or TESTING
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
MEDIA_URL = "media/"
# Provrum documents: never served from MEDIA_URL, only through a view that checks
# who may see the file (reglab.provrum). Kept under MEDIA_ROOT/documents.
STORAGES["documents"] = {
    "BACKEND": "django.core.files.storage.FileSystemStorage",
    "OPTIONS": {"location": Path(str(MEDIA_ROOT)) / "documents", "base_url": None},
}
# The largest document a person may upload (bytes).
DOCUMENT_MAX_BYTES = env.int("DOCUMENT_MAX_BYTES", default=20 * 1024 * 1024)
# Where `manage.py backup` (make backup) writes its archives.
BACKUP_DIR = env.path("BACKUP_DIR", default=BASE_DIR / "backups")

# E-mail through Django's mailers: the console in development, and in production
# SMTP to a local mail relay (Django's own default) unless EMAIL_URL says otherwise.
# EMAIL_URL examples: smtp+tls://user:pass@mail.example.se:587, consolemail://
_email = env.email_url(
    "EMAIL_URL",
    default="consolemail://" if (DEBUG or DEMO_MODE or TESTING) else "smtp://localhost:25",
)
MAILERS = {
    "default": {
        "BACKEND": _email["EMAIL_BACKEND"],
        "OPTIONS": {
            key: value
            for key, value in {
                "host": _email.get("EMAIL_HOST"),
                "port": _email.get("EMAIL_PORT"),
                "username": _email.get("EMAIL_HOST_USER"),
                "password": _email.get("EMAIL_HOST_PASSWORD"),
                "use_tls": _email.get("EMAIL_USE_TLS"),
                "use_ssl": _email.get("EMAIL_USE_SSL"),
            }.items()
            if value not in (None, "", False)
        }
        if _email["EMAIL_BACKEND"].endswith("smtp.EmailBackend")
        # filemail:///var/mail/reglab writes each message as a file there.
        # (django-environ drops the path's leading slash; the path is always absolute.)
        else {"file_path": "/" + _email["EMAIL_FILE_PATH"].lstrip("/")}
        if _email["EMAIL_BACKEND"].endswith("filebased.EmailBackend")
        else {},
    }
}
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Reglab <noreply@reglab.example>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The platform's address as people reach it: e-mails link back with absolute URLs.
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
# A guest's meeting registration holds its place this long before the address is confirmed.
MEETING_GUEST_CONFIRM_HOURS = env.int("MEETING_GUEST_CONFIRM_HOURS", default=48)

# Security headers. Production values switch on when DEBUG is off.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 12 * 60 * 60
# A signed-in session ends after this long without a request, and this long after
# sign-in whatever happens (reglab.accounts.sessions).
SESSION_IDLE_TIMEOUT = 30 * 60
SESSION_ABSOLUTE_TIMEOUT = SESSION_COOKIE_AGE
# No script reads the CSRF cookie: htmx requests get the token from the element that makes
# them (data-reglab-csrf, see reglab/static/js/reglab.js), forms from their hidden field.
CSRF_COOKIE_HTTPONLY = False
_secure = env.bool("SECURE", default=not (DEBUG or DEMO_MODE or TESTING))
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=_secure)
SESSION_COOKIE_SECURE = _secure
CSRF_COOKIE_SECURE = _secure
# With TLS the cookies carry the __Host- prefix: browsers then accept them only
# as Secure, for Path=/ and without a Domain, so no other (sub)domain can set them.
if _secure:
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
# The language choice (django.views.i18n.set_language) is no secret, but is sent as every
# cookie is: over TLS only, out of reach of script, and not on other sites' requests.
LANGUAGE_COOKIE_SECURE = _secure
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_DOMAIN = None
CSRF_COOKIE_DOMAIN = None
SECURE_HSTS_SECONDS = 31536000 if _secure else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = _secure
SECURE_HSTS_PRELOAD = _secure
# Behind a reverse proxy REMOTE_ADDR is the proxy's: the client's address is taken
# from X-Forwarded-For, trusting exactly TRUSTED_PROXY_COUNT proxies that each append
# the address they saw (reglab.core.client_ip). Without a proxy the header is ignored.
BEHIND_PROXY = env.bool("BEHIND_PROXY", default=False)
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=1) if BEHIND_PROXY else 0
# Allauth asks the adapter (which asks client_ip); its own setting says the same.
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

from django.utils.csp import CSP  # noqa: E402

SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
}
if OIDC_SERVER_URL:
    # Chromium applies form-action to the redirect after the sign-in POST.
    from urllib.parse import urlsplit  # noqa: E402

    _oidc = urlsplit(OIDC_SERVER_URL)
    SECURE_CSP["form-action"].append(f"{_oidc.scheme}://{_oidc.netloc}")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        # The security log's lines carry their own UTC time (reglab.core.security_log).
        "security": {"format": "%(levelname)s %(name)s %(message)s"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain"},
        "security": {"class": "logging.StreamHandler", "formatter": "security"},
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.utils.autoreload": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
        "reglab.security": {"handlers": ["security"], "level": "INFO", "propagate": False},
        # WeasyPrint logs every layout step at INFO; fontTools every subset.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# The REST API's personal tokens are stored as SHA-256 hashes; this prefix helps
# secret scanners recognise a leaked token.
# A prefix, not a secret.
API_TOKEN_PREFIX = "rgl_"  # noqa: S105  # nosec B105
