"""Settings for meedoen, read from the environment.

Safe production defaults: DEBUG is off unless ``DJANGO_DEBUG=1`` is set, and a
production run without ``SECRET_KEY`` refuses to start. See README.md for the full list
of environment variables.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from meedoen.conf.keys import parse_audit_keys, require_secret

BASE_DIR = Path(__file__).resolve().parent.parent.parent
PACKAGE_DIR = BASE_DIR / "meedoen"
VAR_DIR = Path(os.environ.get("MEEDOEN_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item]


DEBUG = env_bool("DJANGO_DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "Set SECRET_KEY (or DJANGO_DEBUG=1 for development)."
        )
    SECRET_KEY = "insecure-development-key-never-use-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "simple_history",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    # Before two_factor, so our templates (two_factor/_base.html) take precedence.
    "meedoen.web",
    "two_factor",
    "axes",
    "csp",
    # meedoen's apps, floor by floor (docs/architecture.md)
    "meedoen.core",
    "meedoen.organisations",
    "meedoen.accounts",
    "meedoen.residents",
    "meedoen.privacy",
    "meedoen.journeys",
    "meedoen.plans",
    "meedoen.meetings",
    "meedoen.measurements",
    "meedoen.casefile",
    "meedoen.socialmap",
    "meedoen.outreach",
    "meedoen.outcomes",
    "meedoen.evaluations",
    "meedoen.privacy_office",
    "meedoen.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Below WhiteNoise (static files keep their caching), above everything else (it
    # sees every response, the lockout and refusals included).
    "meedoen.web.middleware.NoStoreMiddleware",
    "meedoen.core.middleware.RefuseNulBytesMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "meedoen.web.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "csp.middleware.CSPMiddleware",
    "meedoen.core.middleware.DenyByDefaultMiddleware",
    # Last, as django-axes asks: it turns a lockout into the lockout response.
    "axes.middleware.AxesMiddleware",
]

# Benchmarks only (scripts/bench_server.py): server time and query count per response.
if os.environ.get("MEEDOEN_BENCH_TIMING") == "1":
    MIDDLEWARE.insert(1, "meedoen.web.middleware.ServerTimingMiddleware")

ROOT_URLCONF = "meedoen.conf.urls"
WSGI_APPLICATION = "meedoen.conf.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # The admin's frame (admin/base_site.html): before django.contrib.admin's.
        "DIRS": [PACKAGE_DIR / "web" / "admin_templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "meedoen.web.context_processors.navigation",
            ],
        },
    },
]

# Each gunicorn worker keeps its connection for a minute (DB_CONN_MAX_AGE, 0 closes it
# after every request) and checks it before reuse, so a restarted database or a
# connection dropped by a pooler costs one reconnect instead of a 500.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'meedoen.sqlite3'}"),
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
# A read replica for the outcome report and its exports (docs/deployment.md, "Scale"):
# only reads inside meedoen.core.replica.replica_reads() go there.
if os.environ.get("REPLICA_DATABASE_URL"):
    DATABASES["replica"] = dj_database_url.parse(
        os.environ["REPLICA_DATABASE_URL"],
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
    # Tests read the primary through this alias (no second test database).
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["meedoen.core.replica.ReplicaRouter"]
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the demo server read while a seed or a test writes.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "organisations.Professional"
AUTHENTICATION_BACKENDS = [
    # django-axes first: it refuses locked-out users before a password is checked.
    "axes.backends.AxesBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Two factors for professionals (TOTP through django-two-factor-auth / django-otp).
# The demo may skip the second factor so nobody needs a phone to try it; this can
# never be switched on in production (DEBUG off).
MEEDOEN_DEMO_LOGIN_WITHOUT_2FA = env_bool("MEEDOEN_DEMO_LOGIN_WITHOUT_2FA", False)
if MEEDOEN_DEMO_LOGIN_WITHOUT_2FA and not DEBUG:
    raise ImproperlyConfigured(
        "MEEDOEN_DEMO_LOGIN_WITHOUT_2FA is for the demo only and needs DJANGO_DEBUG=1."
    )
OTP_TOTP_ISSUER = os.environ.get("OTP_TOTP_ISSUER", "meedoen")
# The first authenticator app is enrolled only with a one-time code from a functional
# administrator (meedoen/accounts), valid this many hours.
MEEDOEN_ENROLMENT_CODE_HOURS = int(os.environ.get("ENROLMENT_CODE_HOURS", "72"))
TWO_FACTOR_PATCH_ADMIN = False

# Failed logins are locked out (django-axes, two limits, see meedoen/accounts/lockout.py):
# 5 failures for one username from one client address lock that combination for 15
# minutes; 20 failures for one username from any addresses within 24 hours lock the
# username. A stranger elsewhere cannot lock a professional out with a few wrong
# passwords, and guessing spread over many addresses still stops.
AXES_HANDLER = "meedoen.accounts.lockout.LockoutHandler"
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("AXES_COOLOFF_HOURS", "0.25"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
MEEDOEN_USERNAME_FAILURE_LIMIT = int(
    os.environ.get("AXES_USERNAME_FAILURE_LIMIT", "20")
)
MEEDOEN_USERNAME_FAILURE_WINDOW = timedelta(
    hours=float(os.environ.get("AXES_USERNAME_WINDOW_HOURS", "24"))
)
AXES_ENABLE_ACCESS_FAILURE_LOG = True  # one row per failure: the per-username count
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# The client's address: REMOTE_ADDR, or behind TRUSTED_PROXY_COUNT reverse proxies the
# entry the outermost one added to X-Forwarded-For (README.md, "Production").
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
AXES_CLIENT_IP_CALLABLE = "meedoen.accounts.lockout.client_address"

# Single sign-on through OpenID Connect, configured without code: set
# OIDC_RP_CLIENT_ID, OIDC_RP_CLIENT_SECRET and the OIDC_OP_* endpoints. Professionals
# are matched on e-mail and are never created by a login; the identity provider is
# trusted for the second factor.
OIDC_ENABLED = bool(os.environ.get("OIDC_RP_CLIENT_ID"))
if OIDC_ENABLED:
    INSTALLED_APPS.append("mozilla_django_oidc")
    AUTHENTICATION_BACKENDS.append("meedoen.web.oidc.ProfessionalOIDCBackend")
    OIDC_RP_CLIENT_ID = os.environ["OIDC_RP_CLIENT_ID"]
    OIDC_RP_CLIENT_SECRET = os.environ.get("OIDC_RP_CLIENT_SECRET", "")
    OIDC_RP_SIGN_ALGO = os.environ.get("OIDC_RP_SIGN_ALGO", "RS256")
    OIDC_OP_AUTHORIZATION_ENDPOINT = os.environ["OIDC_OP_AUTHORIZATION_ENDPOINT"]
    OIDC_OP_TOKEN_ENDPOINT = os.environ["OIDC_OP_TOKEN_ENDPOINT"]
    OIDC_OP_USER_ENDPOINT = os.environ["OIDC_OP_USER_ENDPOINT"]
    OIDC_OP_JWKS_ENDPOINT = os.environ.get("OIDC_OP_JWKS_ENDPOINT", "")
    OIDC_CREATE_USER = False
    OIDC_RP_SCOPES = "openid email profile"
LOGIN_URL = "login"
TWO_FACTOR_LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "caseload"
LOGOUT_REDIRECT_URL = "login"
# Passwords by the BIO baseline (README.md, "Accounts and login"): at least 12
# characters, not a common password, not like the name, username or e-mail, not only
# digits, not one of the last five.
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"
    },
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {
        "NAME": "meedoen.accounts.passwords.PasswordReuseValidator",
        "OPTIONS": {"remember": 5},
    },
]

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
NODE_MODULES = BASE_DIR / "node_modules"
# Vendor files one by one, not whole package folders: see meedoen/web/staticfiles.py.
VENDOR_STATICFILES = {
    "vendor/utrecht": (
        NODE_MODULES / "@utrecht/component-library-css/dist",
        ["index.css"],
    ),
    "vendor/utrecht-tokens": (
        NODE_MODULES / "@utrecht/design-tokens/dist",
        ["index.css"],
    ),
    "vendor/htmx": (NODE_MODULES / "htmx.org/dist", ["htmx.min.js"]),
}
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    "meedoen.web.staticfiles.VendorFinder",
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "meedoen.web.staticfiles.CompressedManifestStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# Sessions end after inactivity: the cookie is renewed on every request.
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_IDLE_SECONDS", str(30 * 60)))
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# Hardening: secure by default, relaxed only for local development over http.
SECURE_HSTS_SECONDS = 0 if DEBUG else 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# A strict Content Security Policy: no inline scripts or styles, nothing from other
# hosts (django-csp).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    }
}

# Keys for personal data at rest (BSN). Development gets fixed keys; production must
# set its own, see README.md.
BSN_ENCRYPTION_KEY = os.environ.get("BSN_ENCRYPTION_KEY", "")
BSN_HASH_KEY = os.environ.get("BSN_HASH_KEY", "")
if not (BSN_ENCRYPTION_KEY and BSN_HASH_KEY):
    if not DEBUG:
        raise ImproperlyConfigured("Set BSN_ENCRYPTION_KEY and BSN_HASH_KEY.")
    BSN_ENCRYPTION_KEY = "ZGV2ZWxvcG1lbnQta2V5LWZvci1tZWVkb2VuLWRlbW8h"
    BSN_HASH_KEY = "development-hash-key-for-the-meedoen-demo"
BSN_ENCRYPTION_KEY = require_secret("BSN_ENCRYPTION_KEY", BSN_ENCRYPTION_KEY)
BSN_HASH_KEY = require_secret("BSN_HASH_KEY", BSN_HASH_KEY)
if not DEBUG:
    SECRET_KEY = require_secret("SECRET_KEY", SECRET_KEY)

# The audit trail's evidence (meedoen.core.audit, docs/deployment.md). The chain is
# keyed with HMAC-SHA256: "id:secret" pairs, the first signs, older ones still verify
# (rotation). The keys are not in the database, so whoever can write the database
# cannot recompute the chain. Every MEEDOEN_AUDIT_CHECKPOINT_EVERY events and at every
# verification the chain's head is written, signed, to an append-only file outside the
# database (and to the log), so cutting off the tail is found too.
AUDIT_HMAC_KEYS = parse_audit_keys(os.environ.get("AUDIT_HMAC_KEYS", ""))
if not AUDIT_HMAC_KEYS:
    if not DEBUG:
        raise ImproperlyConfigured("Set AUDIT_HMAC_KEYS (id:secret, see README.md).")
    AUDIT_HMAC_KEYS = {"dev": "development-audit-key-for-the-meedoen-demo-only"}
MEEDOEN_AUDIT_CHECKPOINT_FILE = Path(
    os.environ.get(
        "MEEDOEN_AUDIT_CHECKPOINT_FILE", VAR_DIR / "audit" / "checkpoints.jsonl"
    )
)
MEEDOEN_AUDIT_CHECKPOINT_EVERY = int(
    os.environ.get("MEEDOEN_AUDIT_CHECKPOINT_EVERY", "1000")
)
MEEDOEN_AUDIT_CHECKPOINT_LOG = env_bool("MEEDOEN_AUDIT_CHECKPOINT_LOG", True)

# Signals on the caseload: no contact for this many days.
MEEDOEN_NO_CONTACT_DAYS = int(os.environ.get("MEEDOEN_NO_CONTACT_DAYS", "42"))

# The six-month ladder follow-up counts from this many days after the baseline
# (meedoen/measurements/window.py); after a change run `manage.py
# ladder_progress_refresh`. The shortest six calendar months have 181 days.
MEEDOEN_FOLLOW_UP_MIN_DAYS = int(os.environ.get("MEEDOEN_FOLLOW_UP_MIN_DAYS", "90"))
if not 1 <= MEEDOEN_FOLLOW_UP_MIN_DAYS <= 180:
    raise ImproperlyConfigured("MEEDOEN_FOLLOW_UP_MIN_DAYS must lie from 1 to 180.")

# The research export: every combination of birth year, area and dates occurs for at
# least this many residents (meedoen/outcomes/anonymity.py). Only upward from 10.
MEEDOEN_RESEARCH_K = int(os.environ.get("MEEDOEN_RESEARCH_K", "10"))
if MEEDOEN_RESEARCH_K < 10:
    raise ImproperlyConfigured(
        "MEEDOEN_RESEARCH_K may be raised, not lowered below 10."
    )

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}
