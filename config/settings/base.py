"""Settings shared by every environment. Environment-specific files import * from here."""

import os
from pathlib import Path
from typing import Any

import dj_database_url
from django.utils.translation import gettext_lazy as _

from config.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parents[2]
VAR_DIR = Path(env_str("OMUR_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)

VERSION = "0.1.0"

SECRET_KEY = env_str("DJANGO_SECRET_KEY", "insecure-dev-key-only-for-local-demo")
DEBUG = False
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "omur.core",
    "omur.accounts",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "template_partials",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "omur.geo",
    "omur.registry",
    "omur.intake",
    "omur.services",
    "omur.cases",
    "omur.homecare",
    "omur.calls",
    "omur.meals",
    "omur.venues",
    "omur.bookings",
    "omur.benefits",
    "omur.hub",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "omur.core.middleware.RequestContextMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "omur.accounts.middleware.TwoFactorRequiredMiddleware",
    "omur.core.access.AccessTableMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, so a locked-out login attempt is answered before any view runs.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "omur.core.context_processors.navigation",
            ],
        },
    }
]


def _database_from_env() -> dict[str, Any]:
    url = env_str("DATABASE_URL", "")
    if url:
        config: dict[str, Any] = dict(dj_database_url.parse(url, conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60)))
        config["CONN_HEALTH_CHECKS"] = True
        if config["ENGINE"] == "django.db.backends.sqlite3":
            config["OPTIONS"] = SQLITE_OPTIONS
        return config
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": VAR_DIR / "omur.sqlite3",
        "OPTIONS": SQLITE_OPTIONS,
        # A file (not :memory:) so concurrency tests exercise real locking; one per process so
        # test runs in parallel checkouts or shells do not collide.
        "TEST": {"NAME": VAR_DIR / f"test-omur-{os.getpid()}.sqlite3"},
    }


# WAL lets the web server read while the worker writes; FULL fsyncs every commit (power loss on a
# municipal server must not lose a delivered-meal record); IMMEDIATE takes the write lock at BEGIN so
# two writers queue on busy_timeout instead of failing with "database is locked" mid-transaction.
SQLITE_OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
    "init_command": (
        "PRAGMA journal_mode=WAL;"
        "PRAGMA synchronous=FULL;"
        "PRAGMA foreign_keys=ON;"
        "PRAGMA busy_timeout=20000;"
        "PRAGMA cache_size=-65536;"
    ),
}

DATABASES = {"default": _database_from_env()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # Axes first: it refuses locked-out username+IP pairs before the password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"

SESSION_ENGINE = "omur.accounts.session_store"
SESSION_COOKIE_AGE = env_int("OMUR_SESSION_AGE_SECONDS", 8 * 3600)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Two-factor: enforced in production, optional in the demo (see prod.py).
OMUR_REQUIRE_2FA = env_bool("OMUR_REQUIRE_2FA", False)
OTP_TOTP_ISSUER = "Ömür"

# Lock out a username only from the address that failed: a stranger guessing a nurse's password
# from elsewhere must not be able to lock the nurse out.
AXES_FAILURE_LIMIT = env_int("OMUR_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = 0.5  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False
AXES_IPWARE_META_PRECEDENCE_ORDER = ["REMOTE_ADDR"]

LANGUAGE_CODE = "tr"
LANGUAGES = [("tr", _("Turkish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Europe/Istanbul"

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# No inline scripts or styles anywhere: every script is a static file, every style a class.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", "https://*.tile.openstreetmap.org"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("OMUR_LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}

# Addresses behind a reverse proxy: trust X-Forwarded-For only when told to.
OMUR_TRUST_X_FORWARDED_FOR = env_bool("OMUR_TRUST_X_FORWARDED_FOR", False)

OMUR_ACCESS_TABLE = "config.access.ACCESS"

# Special-category data: keys outside the database (see omur/core/crypto.py).
OMUR_FIELD_ENCRYPTION_KEYS = env_list("OMUR_FIELD_ENCRYPTION_KEYS")
OMUR_FIELD_ENCRYPTION_KEY_FILE = str(VAR_DIR / "keys" / "field-encryption.key")

# --- intake: SMS notices (omur/core/sms.py) and the public application form (omur/intake) ---
# The logging backend writes messages to the log; set "omur.core.sms.HttpGatewayBackend" and the
# gateway's URL, token and sender to send real SMS.
OMUR_SMS_BACKEND = env_str("OMUR_SMS_BACKEND", "omur.core.sms.LoggingBackend")
OMUR_SMS_GATEWAY_URL = env_str("OMUR_SMS_GATEWAY_URL", "")
OMUR_SMS_GATEWAY_TOKEN = env_str("OMUR_SMS_GATEWAY_TOKEN", "")
OMUR_SMS_SENDER = env_str("OMUR_SMS_SENDER", "MERSIN BB")
OMUR_SMS_TIMEOUT_SECONDS = env_int("OMUR_SMS_TIMEOUT_SECONDS", 10)
# Where citizens reach the public pages (e.g. https://omur.mersin.bel.tr): the SMS links to the
# tracking page when it is set.
OMUR_PUBLIC_BASE_URL = env_str("OMUR_PUBLIC_BASE_URL", "")
# Public pages, per client address: applications (count, seconds) and tracking-code lookups.
OMUR_INTAKE_APPLY_LIMIT = (env_int("OMUR_INTAKE_APPLY_LIMIT", 5), env_int("OMUR_INTAKE_APPLY_PERIOD", 3600))
OMUR_INTAKE_TRACK_LIMIT = (env_int("OMUR_INTAKE_TRACK_LIMIT", 30), env_int("OMUR_INTAKE_TRACK_PERIOD", 600))
# A request still "new" after this many days is overdue (home card, list filter).
OMUR_INTAKE_OVERDUE_DAYS = env_int("OMUR_INTAKE_OVERDUE_DAYS", 2)

# Route planning (omur.homecare; omur.routing): an OSRM server's base URL for road travel times
# (unset: straight-line distance × detour factor at urban and rural speeds), the default search time
# per plan and how many processes a plan may use.
OMUR_OSRM_URL = env_str("OMUR_OSRM_URL", "") or None
OMUR_ROUTING_TIME_LIMIT = env_int("OMUR_ROUTING_TIME_LIMIT", 10)
OMUR_ROUTING_WORKERS = env_int("OMUR_ROUTING_WORKERS", 1)

# Autism centre: children a therapist sees in a week (the load target on the week view).
OMUR_THERAPIST_WEEKLY_TARGET = env_int("OMUR_THERAPIST_WEEKLY_TARGET", 30)
# Mercan's public booking form: bookings and look-ups per address per period; largest groups.
OMUR_MERCAN_BOOK_LIMIT = (env_int("OMUR_MERCAN_BOOK_LIMIT", 10), env_int("OMUR_MERCAN_BOOK_PERIOD", 3600))
OMUR_MERCAN_MANAGE_LIMIT = (env_int("OMUR_MERCAN_MANAGE_LIMIT", 30), env_int("OMUR_MERCAN_MANAGE_PERIOD", 600))
# Good-practice hub: largest document or photo upload.
OMUR_HUB_MAX_UPLOAD_BYTES = env_int("OMUR_HUB_MAX_UPLOAD_BYTES", 10 * 1024 * 1024)
