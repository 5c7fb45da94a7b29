"""The test suite: the database and broker from DATABASE_URL/REDIS_URL when set (CI), else SQLite."""

import os

from .base import *  # noqa: F403

SECRET_KEY = "test-only-key"  # noqa: S105
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
AXES_ENABLED = True
# A test's writes are never committed (they roll back), so the dashboard's change stamp would
# not move between two requests of one test: the cache is switched on by the tests of it only
# (tests/test_fragment_cache.py, tests/test_list_cache.py), which run the commit callbacks.
LINCHPIN_FRAGMENT_CACHE_SECONDS = 0
ALLOWED_HOSTS = ["*"]
STATIC_ROOT = VAR_DIR / "static-test"  # noqa: F405
STATIC_ROOT.mkdir(exist_ok=True)
if REDIS_URL:  # noqa: F405
    # Keys of this pytest-xdist process only, and a clear() that deletes only those: the Redis
    # database is shared with the Celery broker and the other processes (tests/rediscache.py).
    CACHES = {"default": {
        "BACKEND": "tests.rediscache.PrefixClearedRedisCache",
        "LOCATION": REDIS_URL,  # noqa: F405
        "KEY_PREFIX": f"test-{os.environ.get('PYTEST_XDIST_WORKER', 'main')}",
    }}
