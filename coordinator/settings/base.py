"""Settings shared by every environment; everything secret or site-specific comes from the
environment (django-environ). See README "Configuration"."""

import ipaddress
from pathlib import Path

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

SECRET_KEY = env("SECRET_KEY", default="")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",  # its widget templates, for FORM_RENDERER below
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    "guardian",
    "simple_history",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "coordinator",
    "networks",
    "engagement",
    "vetting",
    "actionplans",
    "crisis",
    "sharing",
    "dialogue",
    "reminders",
    "portal",
    "health",
    "sociogram",
    "privacy",
    "demo",
    "bench",
    "api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Signs out a session idle for LINCHPIN_SESSION_IDLE_MINUTES (before anything reads who
    # is asking), then django-otp says which device verified this session.
    "coordinator.idle.IdleTimeoutMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "coordinator.tenancy.CurrentMunicipalityMiddleware",
    "coordinator.languages.UserLanguageMiddleware",
    # After the memberships are read: whose role or municipality requires a second step.
    "coordinator.twofactor.middleware.TwoFactorMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "coordinator.urls"
WSGI_APPLICATION = "coordinator.wsgi.application"

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
                "django.template.context_processors.csp",
                "coordinator.tenancy.municipality_context",
                "reminders.context_processors.reminder_count",
            ],
        },
    }
]

# Form widgets render through TEMPLATES, so templates/django/forms/ can replace Django's own
# (the select with inline options: issue 8); its bound fields speak as the GOV.UK Design System
# asks (specific messages, "(optional)", no "---------": coordinator/rendering.py, issue 13).
FORM_RENDERER = "coordinator.rendering.Renderer"
# The empty choice of a list filter (django-filter's default is "---------").
FILTERS_EMPTY_CHOICE_LABEL = _("Any")

VAR_DIR.mkdir(exist_ok=True)
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'linchpin.sqlite3'}")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                          "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Celery: Redis when REDIS_URL is set, otherwise kombu's filesystem transport under var/, so a
# fresh machine needs no broker server.
BROKER_DIR = VAR_DIR / "broker"
CELERY_BROKER_URL = REDIS_URL or "filesystem://"
# kombu's filesystem transport, writing messages atomically (see coordinator/celery.py).
CELERY_BROKER_TRANSPORT = None if REDIS_URL else "coordinator.celery:AtomicFilesystemTransport"
CELERY_BROKER_TRANSPORT_OPTIONS = (
    {} if REDIS_URL else {
        "data_folder_in": str(BROKER_DIR / "queue"),
        "data_folder_out": str(BROKER_DIR / "queue"),
        "processed_folder": str(BROKER_DIR / "processed"),
        # kombu's default is "control" relative to the working directory: keep it under var/.
        "control_folder": str(BROKER_DIR / "control"),
        "store_processed": False,
    }
)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_IGNORE_RESULT = True  # no result backend: tasks report through the database
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = "Europe/Brussels"
CELERY_BEAT_SCHEDULE = {
    # One sweep a day (06:30 local time); each municipality's sweep and each digest's delivery
    # is its own task (reminders/tasks.py).
    "reminders-daily-sweep": {
        "task": "reminders.tasks.sweep_reminders",
        "schedule": crontab(hour=6, minute=30),
    },
    "vetting-expire-assessments": {
        "task": "vetting.tasks.expire_assessments",
        "schedule": 60 * 60 * 6,
    },
    # A crisis: unanswered check-ins are chased by e-mail once their incident's hours passed
    # (crisis/chase.py); a quarter of an hour late at most.
    "crisis-chase-check-ins": {
        "task": "crisis.tasks.chase_check_ins",
        "schedule": 15 * 60,
    },
    # Spreadsheets: delete the files of exports and uploads past their hours.
    "spreadsheets-purge-files": {
        "task": "coordinator.tasks.purge_spreadsheet_files",
        "schedule": 60 * 60,
    },
    # Data protection: erase what is past its retention period (coordinator/retention.py).
    "privacy-apply-retention": {
        "task": "privacy.tasks.apply_retention",
        "schedule": 60 * 60 * 24,
    },
}

AUTH_USER_MODEL = "auth.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    # Repeats, sequences, keyboard rows, words and dates (zxcvbn), the towns' and the site's
    # names, the published demo password: coordinator/passwords.py.
    {"NAME": "coordinator.passwords.StrengthValidator"},
    {"NAME": "coordinator.passwords.LocalNamesValidator"},
    {"NAME": "coordinator.passwords.PublishedPasswordValidator"},
]
PASSWORD_MINIMAL_STRENGTH = 3  # zxcvbn score 0-4; 3: "safely unguessable" offline, ~10^10 guesses
PASSWORD_EXTRA_DICTIONARY = ["linchpin"]  # words zxcvbn treats as known to an attacker
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Sign-in lockout (coordinator/auth.py): per user name over every address, and per address
# over every user name (password spraying) with a higher limit, as a town hall's staff share
# one address. Both for AXES_COOLOFF_TIME hours.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_ADDRESS_FAILURE_LIMIT = env.int("AXES_ADDRESS_FAILURE_LIMIT", default=30)
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_HANDLER = "coordinator.auth.LockoutHandler"
AXES_CLIENT_IP_CALLABLE = "coordinator.http.client_ip"
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True

GUARDIAN_RAISE_403 = True

# The client's address (sign-in lockout, reset throttle: coordinator/http.py). Behind N reverse
# proxies that each append to X-Forwarded-For, set TRUSTED_PROXY_COUNT=N; 0 (the default)
# trusts no header and takes the connecting address. TRUSTED_PROXIES (addresses or CIDR
# networks) additionally requires the connecting address to be one of them.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
TRUSTED_PROXIES = env.list("TRUSTED_PROXIES", default=[])
if TRUSTED_PROXY_COUNT < 0:
    raise ImproperlyConfigured("TRUSTED_PROXY_COUNT must be 0 or more.")
for _proxy in TRUSTED_PROXIES:
    try:
        ipaddress.ip_network(_proxy, strict=False)
    except ValueError as exc:
        raise ImproperlyConfigured(f"TRUSTED_PROXIES: {_proxy!r} is not an address or network.") from exc

# Password reset: e-mails per hour for one e-mail address and from one client address
# (coordinator/auth.py). The cache is per process without REDIS_URL.
LINCHPIN_PASSWORD_RESETS_PER_ACCOUNT = 3
LINCHPIN_PASSWORD_RESETS_PER_ADDRESS = 10

SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 60 * 60 * 10  # a working day, at most
# A session without a request for this many minutes is signed out (coordinator/idle.py).
LINCHPIN_SESSION_IDLE_MINUTES = env.int("LINCHPIN_SESSION_IDLE_MINUTES", default=30)
if LINCHPIN_SESSION_IDLE_MINUTES < 1:
    raise ImproperlyConfigured("LINCHPIN_SESSION_IDLE_MINUTES must be 1 or more.")

# Two-step sign-in (coordinator/twofactor/): an authenticator app (TOTP) and backup codes.
# Required for assessors, municipal admins and superusers, and for every staff member of a
# municipality that asks for it; offered to everyone.
OTP_TOTP_ISSUER = "Linchpin"
OTP_ADMIN_HIDE_SENSITIVE_DATA = True  # the admin never shows a device's secret



def _mailer_from_url(config: dict) -> dict:
    """django-environ's EMAIL_URL result as a Django 6.1 ``MAILERS`` entry."""
    options = {
        option: config[key]
        for key, option in (
            ("EMAIL_HOST", "host"), ("EMAIL_PORT", "port"), ("EMAIL_HOST_USER", "username"),
            ("EMAIL_HOST_PASSWORD", "password"), ("EMAIL_USE_TLS", "use_tls"),
            ("EMAIL_USE_SSL", "use_ssl"), ("EMAIL_FILE_PATH", "file_path"),
        )
        if config.get(key) not in (None, "")
    }
    backend = config["EMAIL_BACKEND"]
    if not backend.endswith(("smtp.EmailBackend", "filebased.EmailBackend")):
        options = {}
    return {"BACKEND": backend, "OPTIONS": options}


MAILERS = {"default": _mailer_from_url(env.email_url("EMAIL_URL", default="consolemail://"))}
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Linchpin <linchpin@localhost>")

# The language of a request (coordinator/languages.py): the signed-in user's own, else their
# municipality's default, else the browser's (Accept-Language, or the switch's cookie), else
# English. The catalogues are locale/<code>/LC_MESSAGES/django.po; the .mo files are compiled
# by `make deps` and the Docker image, never committed.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("fr", _("French")), ("nl", _("Dutch"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = "Europe/Brussels"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=VAR_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact": {"()": "coordinator.logging.RedactSpecialCategoryFilter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["redact"]}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# Linchpin's own rules
LINCHPIN_BASE_URL = env("LINCHPIN_BASE_URL", default="http://127.0.0.1:8000")  # links in e-mails
LINCHPIN_VERIFY_AFTER_DAYS = 183  # 002 step 1: mapping is continuous; re-check twice a year
LINCHPIN_COMMITMENT_DUE_SOON_DAYS = 14  # the dashboard's "coming due"
# How long a user's dashboard panels and menu are kept in the cache (seconds; 0: never). Any
# write to the municipality's records through a model's save() or delete() shows at once
# (coordinator/changes.py, coordinator/fragments.py); this bounds how long a bulk update or a
# meeting just begun can stay unseen.
LINCHPIN_FRAGMENT_CACHE_SECONDS = env.int("LINCHPIN_FRAGMENT_CACHE_SECONDS", default=120)
# Reminders (reminders/kinds.py): commitments due within this many days (or overdue)...
LINCHPIN_REMINDER_DUE_SOON_DAYS = 7
# ...organisations not contacted for longer than their engagement level allows (days)...
LINCHPIN_QUIET_AFTER_DAYS = {"partnership": 30, "collaboration": 60, "dialogue": 120}
# ...assessments, memoranda and sharing agreements this many days before their review or end...
LINCHPIN_REVIEW_NOTICE_DAYS = 30
# ...and concerns open or passed on for longer than this many days.
LINCHPIN_CONCERN_ANSWER_DAYS = 14
# How long an invitation link works (hours).
LINCHPIN_INVITATION_HOURS = env.int("LINCHPIN_INVITATION_HOURS", default=72)
# Spreadsheets (coordinator/spreadsheets): lists longer than this are exported by Celery;
# files with more rows than this are checked and imported by Celery with progress; the largest
# file accepted (bytes and rows); hours an export's or an upload's file is kept.
LINCHPIN_SPREADSHEET_EXPORT_ASYNC_ROWS = env.int("LINCHPIN_SPREADSHEET_EXPORT_ASYNC_ROWS",
                                                 default=5000)
LINCHPIN_SPREADSHEET_IMPORT_ASYNC_ROWS = env.int("LINCHPIN_SPREADSHEET_IMPORT_ASYNC_ROWS",
                                                 default=1000)
LINCHPIN_SPREADSHEET_MAX_BYTES = env.int("LINCHPIN_SPREADSHEET_MAX_BYTES", default=10 * 1024 * 1024)
LINCHPIN_SPREADSHEET_MAX_ROWS = env.int("LINCHPIN_SPREADSHEET_MAX_ROWS", default=50_000)
LINCHPIN_SPREADSHEET_FILE_HOURS = env.int("LINCHPIN_SPREADSHEET_FILE_HOURS", default=24)
# Seconds a PDF export may run: at the soft limit the export is marked failed with the reason;
# the hard limit kills the worker process if it does not stop (issue 8: one huge plan must not
# tie up a worker).
LINCHPIN_PDF_SOFT_TIME_LIMIT = env.int("LINCHPIN_PDF_SOFT_TIME_LIMIT", default=120)
LINCHPIN_PDF_TIME_LIMIT = env.int("LINCHPIN_PDF_TIME_LIMIT", default=150)

# The read API (the api app; README "API"). Tokens first: a request that sends one is that
# token's, whatever session cookie comes with it. Every view is read-only and reaches records
# through coordinator.access; these are the defaults of every DRF view, all of which are the
# api app's.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["api.permissions.StaffMember"],
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.BoundedPagination",
    "DEFAULT_FILTER_BACKENDS": ["api.filters.ScopedFilterBackend"],
    # Requests with a token, counted per token in the cache (CACHES: Redis when REDIS_URL is
    # set, else per process).
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.TokenRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"api_token": env("LINCHPIN_API_TOKEN_RATE", default="1200/hour")},
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # Names and descriptions of the browsable API's pages (and OPTIONS): translated texts,
    # never the views' docstrings, which are for developers.
    "VIEW_NAME_FUNCTION": "api.descriptions.view_name",
    "VIEW_DESCRIPTION_FUNCTION": "api.descriptions.view_description",
}
SPECTACULAR_SETTINGS = {
    # Lazy: the schema is built in the reader's language (api.urls.SchemaView).
    "TITLE": _("Linchpin API"),
    "DESCRIPTION": _("Read-only access to the records of your municipality, as your role sees "
                     "them in Linchpin. Send a personal token as `Authorization: Bearer <token>`."),
    # What a reader reads is each view's translated text (api.descriptions), never a docstring.
    "DISABLE_DOCSTRING_DESCRIPTIONS": True,
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["api.permissions.StaffMember"],
    "SCHEMA_PATH_PREFIX": "/api/",
    # Several models have a "kind": each its own enum, by name.
    "ENUM_NAME_OVERRIDES": {
        "CommunityKindEnum": "networks.models.CommunityKind",
        "OrganisationKindEnum": "networks.models.OrganisationKind",
        "InteractionKindEnum": "engagement.models.InteractionKind",
        "MeetingKindEnum": "dialogue.models.MeetingKind",
    },
}

