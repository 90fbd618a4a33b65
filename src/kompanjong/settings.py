"""One settings module, driven by environment variables.

Defaults are safe for production: DEBUG off, demo personas off, secure cookies, HSTS and a
strict Content Security Policy. `KOMPANJONG_MODE=development` (what `make run` uses) relaxes
only what a developer on http://127.0.0.1 needs.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
import django_stubs_ext
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

# Lets generic classes such as admin.ModelAdmin[Model] be subscripted at run time too.
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent.parent
VAR_DIR = Path(os.environ.get("KOMPANJONG_VAR_DIR", PROJECT_DIR / "var"))
# NAV's and Open Referral's JSON Schemas, read in place (never copied into the project): what
# case systems send is validated against them.
CONTRACTS_DIR = Path(
    os.environ.get("KOMPANJONG_CONTRACTS_DIR", PROJECT_DIR.parent / "shared" / "contracts")
)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


MODE = os.environ.get("KOMPANJONG_MODE", "production")
if MODE not in {"production", "development"}:
    raise ImproperlyConfigured("KOMPANJONG_MODE must be 'production' or 'development'.")
DEVELOPMENT = MODE == "development"

# Production mode never runs with DEBUG, whatever the environment says.
DEBUG = env_bool("DJANGO_DEBUG", True) and DEVELOPMENT
# Demo personas log in with one click: never on unless asked for, and never in production mode.
DEMO_MODE = env_bool("KOMPANJONG_DEMO", DEVELOPMENT) and DEVELOPMENT

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEVELOPMENT:
        raise ImproperlyConfigured("Set DJANGO_SECRET_KEY (production mode needs a real secret).")
    SECRET_KEY = "development-only-key-not-secret"  # noqa: S105 - development mode only

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost" if DEVELOPMENT else "")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")
# Links in SMS and email point here, so production must say where it lives.
SITE_URL = os.environ.get("KOMPANJONG_SITE_URL", "http://127.0.0.1:8000" if DEVELOPMENT else "")
SITE_URL = SITE_URL.rstrip("/")
# Where people call when something is wrong ("Was this not you? Contact NAV on …").
SUPPORT_PHONE = os.environ.get("KOMPANJONG_SUPPORT_PHONE", "55 55 33 33")
if not SITE_URL:
    raise ImproperlyConfigured("Set KOMPANJONG_SITE_URL, e.g. https://kompanjong.example.no.")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_tasks",
    "django_tasks_db",
    "django_rq",
    "mozilla_django_oidc",
    "csp",
    "kompanjong.core",
    "kompanjong.people",
    "kompanjong.notifications",
    "kompanjong.documents",
    "kompanjong.applications",
    "kompanjong.cases",
    "kompanjong.dialogue",
    "kompanjong.delegation",
    "kompanjong.directory",
    "kompanjong.booking",
    "kompanjong.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After auth and messages: who a helper is acting for, re-checked on every request.
    "kompanjong.delegation.acting.ActingForMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # After CSPMiddleware, so its response step runs first and can widen form-action.
    "kompanjong.people.oidc.LogoutFormActionMiddleware",
    "kompanjong.core.middleware.SecurityHeadersMiddleware",
]

ROOT_URLCONF = "kompanjong.urls"
WSGI_APPLICATION = "kompanjong.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "kompanjong.core.context_processors.service",
            ],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'kompanjong.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web process and the task worker read while the other writes.
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update(
        {"transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL;"}
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "people.Account"
AUTHENTICATION_BACKENDS = [
    "kompanjong.people.oidc.IdPortenBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "people:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "core:start"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Language -------------------------------------------------------------------------------
LANGUAGE_CODE = "nb"
LANGUAGES = [
    ("nb", _("Norwegian bokmål")),
    ("nn", _("Norwegian nynorsk")),
    ("en", _("English")),
]
# Arabic and other right-to-left languages are switched on by adding them here; templates
# already take `dir` from Django's bidi information.
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Oslo"
USE_I18N = True
USE_TZ = True
LANGUAGE_COOKIE_NAME = "kompanjong_language"
LANGUAGE_COOKIE_SECURE = not DEVELOPMENT
LANGUAGE_COOKIE_SAMESITE = "Lax"

# --- Static files ---------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG
MEDIA_ROOT = VAR_DIR / "media"

# --- Sessions and security ------------------------------------------------------------------
SESSION_COOKIE_AGE = env_int("KOMPANJONG_SESSION_SECONDS", 30 * 60)
SESSION_WARNING_SECONDS = env_int("KOMPANJONG_SESSION_WARNING_SECONDS", 2 * 60)
SESSION_SAVE_EVERY_REQUEST = True  # sliding expiry: activity keeps you logged in
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = not DEVELOPMENT
CSRF_COOKIE_SECURE = not DEVELOPMENT
CSRF_COOKIE_HTTPONLY = True
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", not DEVELOPMENT)
# Only behind a proxy that sets X-Forwarded-Proto itself; otherwise a client could claim HTTPS.
if env_bool("KOMPANJONG_BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = 0 if DEVELOPMENT else env_int("DJANGO_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEVELOPMENT
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF, *env_list("KOMPANJONG_CSP_FORM_ACTION")],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
        "object-src": [NONE],
    }
}

# --- Background tasks -----------------------------------------------------------------------
TASK_BACKEND = os.environ.get("KOMPANJONG_TASK_BACKEND", "database")
REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
if TASK_BACKEND == "rq":
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
elif TASK_BACKEND == "database":
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
elif TASK_BACKEND == "immediate":
    TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
else:
    raise ImproperlyConfigured("KOMPANJONG_TASK_BACKEND must be 'database', 'rq' or 'immediate'.")
RQ_QUEUES = {"default": {"URL": REDIS_URL, "DEFAULT_TIMEOUT": 300}}

# --- Email and SMS --------------------------------------------------------------------------
EMAIL_BACKEND = os.environ.get(
    "DJANGO_EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEVELOPMENT
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Kompanjong <ikke-svar@kompanjong.no>")
# Development prints SMS to the console; production sends them through the gateway, and
# fails honestly (and retries) until KOMPANJONG_SMS_GATEWAY_URL is set.
SMS_BACKEND = os.environ.get(
    "KOMPANJONG_SMS_BACKEND",
    "kompanjong.notifications.channels.sms."
    + ("ConsoleSmsBackend" if DEVELOPMENT else "HttpSmsGatewayBackend"),
)
# Letters are logged as handed to print until a print service backend is configured.
NOTIFICATION_LETTER_BACKEND = os.environ.get(
    "KOMPANJONG_LETTER_BACKEND", "kompanjong.notifications.channels.letter.PrintLogLetterBackend"
)
SMS_GATEWAY_URL = os.environ.get("KOMPANJONG_SMS_GATEWAY_URL", "")
SMS_GATEWAY_TOKEN = os.environ.get("KOMPANJONG_SMS_GATEWAY_TOKEN", "")
SMS_SENDER = os.environ.get("KOMPANJONG_SMS_SENDER", "Kompanjong")
NOTIFICATION_MAX_ATTEMPTS = env_int("KOMPANJONG_NOTIFICATION_MAX_ATTEMPTS", 6)
NOTIFICATION_RETRY_BASE_SECONDS = env_int("KOMPANJONG_NOTIFICATION_RETRY_BASE_SECONDS", 60)

# --- Login with ID-porten (OpenID Connect) --------------------------------------------------
OIDC_ISSUER = os.environ.get("OIDC_ISSUER", "").rstrip("/")
OIDC_RP_CLIENT_ID = os.environ.get("OIDC_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = os.environ.get("OIDC_CLIENT_SECRET", "")
OIDC_RP_SIGN_ALGO = os.environ.get("OIDC_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = os.environ.get("OIDC_SCOPES", "openid profile")
OIDC_ACR_VALUES = os.environ.get("OIDC_ACR_VALUES", "idporten-loa-substantial")
OIDC_USE_PKCE = True
OIDC_USE_NONCE = True
OIDC_CREATE_USER = True
OIDC_STORE_ID_TOKEN = True
OIDC_VERIFY_SSL = env_bool("OIDC_VERIFY_SSL", True) or not DEVELOPMENT
OIDC_TIMEOUT = env_int("OIDC_TIMEOUT", 10)
OIDC_AUTHENTICATION_CALLBACK_URL = "oidc_authentication_callback"
LOGIN_REDIRECT_URL_FAILURE = "/login/?feil=idporten"

# --- Limits ---------------------------------------------------------------------------------
DATA_UPLOAD_MAX_NUMBER_FIELDS = 500
# Uploads above this go to a temporary file instead of memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# --- Applications and documents ------------------------------------------------------------
APPLICATION_DRAFT_DAYS = env_int("KOMPANJONG_APPLICATION_DRAFT_DAYS", 14)
APPLICATION_SUBMISSIONS_PER_DAY = env_int("KOMPANJONG_APPLICATION_SUBMISSIONS_PER_DAY", 2)

# Power of attorney (fullmakt): the longest a grant may last, and how many failed tries to
# find a helper by national identity number and surname are allowed in an hour.
DELEGATION_MAX_DAYS = env_int("KOMPANJONG_DELEGATION_MAX_DAYS", 365)
DELEGATION_LOOKUP_LIMIT = env_int("KOMPANJONG_DELEGATION_LOOKUP_LIMIT", 5)
# Help codes at the counter: valid for this long, this many wrong tries per helper in 15
# minutes, and the grant a code gives ends by itself after this many hours.
HELP_CODE_MINUTES = env_int("KOMPANJONG_HELP_CODE_MINUTES", 30)
HELP_CODE_ATTEMPTS = env_int("KOMPANJONG_HELP_CODE_ATTEMPTS", 5)
HELP_CODE_GRANT_HOURS = env_int("KOMPANJONG_HELP_CODE_GRANT_HOURS", 2)
# A help code printed on a letter at the NAV office (for someone without eID) lasts longer.
HELP_CODE_LETTER_DAYS = env_int("KOMPANJONG_HELP_CODE_LETTER_DAYS", 14)
DOCUMENT_MAX_FILE_MB = env_int("KOMPANJONG_DOCUMENT_MAX_FILE_MB", 20)
DOCUMENT_MAX_FILE_BYTES = DOCUMENT_MAX_FILE_MB * 1024 * 1024
DOCUMENT_MAX_FILES = env_int("KOMPANJONG_DOCUMENT_MAX_FILES", 30)
DOCUMENT_MAX_TOTAL_BYTES = env_int("KOMPANJONG_DOCUMENT_MAX_TOTAL_MB", 150) * 1024 * 1024
DOCUMENT_MAX_PDF_PAGES = env_int("KOMPANJONG_DOCUMENT_MAX_PDF_PAGES", 100)
# More files than this in one request is refused before they are read (with our own message).
DATA_UPLOAD_MAX_NUMBER_FILES = DOCUMENT_MAX_FILES + 1
# Virus scanning never fails open. "clamd" scans through ClamAV's daemon (a unix socket path
# or tcp://host:port in KOMPANJONG_CLAMD_ADDRESS). "off" is allowed in development only, and
# every document then records that it was not scanned.
VIRUS_SCANNER = os.environ.get("KOMPANJONG_VIRUS_SCANNER", "off" if DEVELOPMENT else "clamd")
CLAMD_ADDRESS = os.environ.get("KOMPANJONG_CLAMD_ADDRESS", "/var/run/clamav/clamd.ctl")
CLAMD_TIMEOUT_SECONDS = env_int("KOMPANJONG_CLAMD_TIMEOUT_SECONDS", 30)
if VIRUS_SCANNER not in ("clamd", "off") or (VIRUS_SCANNER == "off" and not DEVELOPMENT):
    raise ImproperlyConfigured(
        "KOMPANJONG_VIRUS_SCANNER must be 'clamd' (or 'off' in development mode)."
    )

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # WeasyPrint reports every rendering step at INFO; only problems matter here.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        "pikepdf": {"level": "WARNING"},
    },
}

# HSTS preload commits every subdomain of the deployment's domain for good: the operator's
# choice, not ours (DJANGO_HSTS_PRELOAD=1 turns it on).
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", False)
if not SECURE_HSTS_PRELOAD:
    SILENCED_SYSTEM_CHECKS = ["security.W021"]
