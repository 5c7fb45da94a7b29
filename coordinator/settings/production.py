"""Production: refuses to start without a real SECRET_KEY; passes `manage.py check --deploy`
with no warnings (tests/test_settings.py). Every value comes from the environment; see
.env.example and README "Configuration"."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import DATABASES, _mailer_from_url, env

SECRET_KEY = env("SECRET_KEY", default="")
if len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5 or SECRET_KEY.startswith("django-insecure"):
    raise ImproperlyConfigured(
        "SECRET_KEY must be set to a random value of at least 50 characters in production "
        "(python -c 'import secrets; print(secrets.token_urlsafe(64))')."
    )
DEBUG = False

# Keep connections open: a new connection per request halves list-page throughput.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=300)

# E-mail must really leave in production (password resets, commitment reminders): SMTP, by
# default to a local mail relay; the console backend is refused by `check --deploy`.
MAILERS = {"default": _mailer_from_url(env.email_url("EMAIL_URL", default="smtp://localhost:25"))}

# Absolute links in e-mails (commitment reminders), e.g. https://linchpin.example.org
LINCHPIN_BASE_URL = env("LINCHPIN_BASE_URL", default="")

# TLS is terminated by the reverse proxy in front of gunicorn, which sets X-Forwarded-Proto.
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SECURE = True
