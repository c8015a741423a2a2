"""Löfte settings: one file, every value from the environment (see the README's configuration table)."""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("LOFTE_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG")
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "insecure-development-key-only-for-debug"  # noqa: S105 - used only with DEBUG on # nosec B105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.forms",
    "django_htmx",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "django_tasks_db",
    "lofte.core",
    "lofte.dialogues",
    "lofte.analysis",
    "lofte.situation",
    "lofte.promises",
    "lofte.cases",
    "lofte.open311",
    "lofte.public",
]

MIDDLEWARE = [
    # First, so every log line of the request carries its id (lofte/core/request_log.py).
    "lofte.core.request_log.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "lofte.core.middleware.SecurityHeadersMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Not LocaleMiddleware: the language is Swedish unless the visitor chose another (see the module).
    "lofte.core.language.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "lofte.core.middleware.StaffSessionExpiryMiddleware",
    "lofte.core.middleware.TwoFactorRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "lofte.urls"
WSGI_APPLICATION = "lofte.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "lofte.core.context_processors.navigation",
                "lofte.core.context_processors.language_link",
            ],
            "builtins": ["django.templatetags.i18n"],
        },
    }
]

# Forms render through the project's templates so that templates/django/forms/field.html (help text escaped)
# replaces Django's own.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

# SQLite in WAL mode under var/ is the embedded default; DATABASE_URL=postgres://... for larger installations.
VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'lofte.sqlite3'}"), conn_max_age=60
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets the task worker write while the web server reads; IMMEDIATE avoids
        # "database is locked" on concurrent writes by taking the write lock up front.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000;",
        "transaction_mode": "IMMEDIATE",
    }
    # Tests use a file, not memory. In memory, the live server's request threads (browser tests) all share the
    # test's one connection, and two requests at once break it ("bad parameter or other API misuse"); with a
    # file each thread has its own connection, as the product's processes do.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# A database cache is shared by every web process and the worker: rate limits hold across them.
CACHES = {
    "default": {
        "BACKEND": os.environ.get("CACHE_BACKEND", "django.core.cache.backends.db.DatabaseCache"),
        "LOCATION": os.environ.get("CACHE_LOCATION", "lofte_cache"),
    }
}

AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "core:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "core:login"

# Login throttling: five failures for one username from one address lock it for 15 minutes.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "core/locked_out.html"
AXES_ENABLED = env_bool("AXES_ENABLED", True)

# Two-factor authentication (TOTP) for every role that sees personal data.
LOFTE_REQUIRE_2FA = env_bool("LOFTE_REQUIRE_2FA", True)
OTP_TOTP_ISSUER = "Löfte"

LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("svenska")), ("en", _("engelska"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# The language switch's choice, remembered for a year; set only when a visitor chooses (lofte/core/language.py).
LANGUAGE_COOKIE_AGE = 60 * 60 * 24 * 365
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SECURE = not DEBUG
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": VAR_DIR / "media"}},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG
MEDIA_ROOT = VAR_DIR / "media"

# Uploads are validated by size before anything is parsed.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
LOFTE_MAX_UPLOAD_BYTES = int(os.environ.get("LOFTE_MAX_UPLOAD_BYTES", str(20 * 1024 * 1024)))
# Accepted web-survey answers per IP address and 10 minutes: high enough for a school class behind one address.
LOFTE_PUBLIC_FORM_RATE_LIMIT = int(os.environ.get("LOFTE_PUBLIC_FORM_RATE_LIMIT", "60"))
# Host names that show one municipality's public pages at their root: "trygg.sjostad.se=sjostad,…".
LOFTE_PUBLIC_HOSTS = {
    host.strip().lower(): slug.strip()
    for host, _sep, slug in (item.partition("=") for item in env_list("LOFTE_PUBLIC_HOSTS"))
    if host.strip() and slug.strip()
}
# The latest automated accessibility check, which the accessibility statement shows (lofte/public/selectors.py).
LOFTE_ACCESSIBILITY_RESULTS = Path(
    os.environ.get("LOFTE_ACCESSIBILITY_RESULTS", BASE_DIR / "docs" / "accessibility-checks.json")
)
# Seconds a shared cache (and the browser) may keep a public page of lofte.public before asking again.
LOFTE_PUBLIC_MAX_AGE = int(os.environ.get("LOFTE_PUBLIC_MAX_AGE", "60"))
# Reverse proxies in front of the server that append to X-Forwarded-For; 0 trusts no header, only REMOTE_ADDR.
LOFTE_TRUSTED_PROXIES = int(os.environ.get("LOFTE_TRUSTED_PROXIES", "0"))
# The police's public events list, fetched by `manage.py fetch_police_events` when set; empty = off.
LOFTE_POLICE_EVENTS_URL = os.environ.get("LOFTE_POLICE_EVENTS_URL", "").strip()
# The lägesbild's map tiles, e.g. https://tiles.example/{z}/{x}/{y}.png, with the attribution the tile server
# requires. Empty (the default): no tiles are fetched and the map is drawn on a plain background from the
# areas' own GeoJSON, so nothing is loaded from outside the installation.
LOFTE_MAP_TILE_URL = os.environ.get("LOFTE_MAP_TILE_URL", "")
LOFTE_MAP_TILE_ATTRIBUTION = os.environ.get("LOFTE_MAP_TILE_ATTRIBUTION", "")

# /health/ready answers 503 when the task worker has not run its heartbeat for this long (lofte/core/health.py).
LOFTE_WORKER_STALE_SECONDS = int(os.environ.get("LOFTE_WORKER_STALE_SECONDS", "180"))

TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

# E-mail through Django 6.1's MAILERS: SMTP in production, printed to the console with DEBUG on.
_smtp_options = {
    "host": os.environ.get("EMAIL_HOST", "localhost"),
    "port": int(os.environ.get("EMAIL_PORT", "25")),
    "username": os.environ.get("EMAIL_HOST_USER", ""),
    "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
    "use_tls": env_bool("EMAIL_USE_TLS"),
    "use_ssl": env_bool("EMAIL_USE_SSL"),  # SMTPS, usually port 465 (TLS and SSL exclude each other)
    "timeout": int(os.environ.get("EMAIL_TIMEOUT", "30")),  # seconds; a hung mail server must not hang a worker
}
_mail_backend = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend" if DEBUG else "django.core.mail.backends.smtp.EmailBackend",
)
MAILERS = {
    "default": {
        "BACKEND": _mail_backend,
        "OPTIONS": _smtp_options if _mail_backend.endswith("smtp.EmailBackend") else {},
    }
}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "lofte@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 60 * 60 * 10
# A staff session ends after an hour without a request and ten hours after sign-in, whatever happens
# (lofte/core/middleware.py: StaffSessionExpiryMiddleware).
LOFTE_SESSION_IDLE_SECONDS = int(os.environ.get("LOFTE_SESSION_IDLE_SECONDS", str(60 * 60)))
LOFTE_SESSION_MAX_SECONDS = int(os.environ.get("LOFTE_SESSION_MAX_SECONDS", str(SESSION_COOKIE_AGE)))
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Our pages share no window with another site's (Django's default, said here so that it is seen).
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Scripts and styles only from our own files: no inline <script>, no on…= handlers, no style attributes, so markup
# that slips through escaping cannot run or restyle the page. htmx's own indicator <style> is switched off in
# base.html and its rules are in lofte.css.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # Load balancers probe the health endpoints on the server itself, over plain HTTP.
    SECURE_REDIRECT_EXEMPT = [r"^health/"]

# Logs go to standard error (journald under systemd), one JSON object a line in production (LOG_FORMAT=json),
# each with the request's id; no query strings, form fields or e-mail addresses (lofte/core/request_log.py).
LOG_FORMAT = os.environ.get("LOG_FORMAT", "text" if DEBUG else "json")
# Error reports (the DEBUG page, error e-mails) do not read again a form body Django cannot decode.
DEFAULT_EXCEPTION_REPORTER = "lofte.core.views.errors.ExceptionReporter"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "lofte.core.request_log.RequestIdFilter"}},
    "formatters": {
        "json": {"()": "lofte.core.request_log.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": "json" if LOG_FORMAT == "json" else "text",
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},  # masks the username and address (AXES_SENSITIVE_PARAMETERS)
        # Django's own request logger names the path of 4xx/5xx answers; ours logs the route instead.
        "django.request": {"level": "ERROR"},
        "django.server": {"level": "WARNING"},
    },
}
