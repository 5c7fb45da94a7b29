"""The test suite's Redis cache (``coordinator/settings/test.py``, when ``REDIS_URL`` is set).

Django's ``RedisCache.clear()`` empties the whole Redis database (``FLUSHDB``). In the test
suite that database is shared: by the Celery broker (the queues and the "unacked" messages of
the tests with a real worker) and by every pytest-xdist process. Here each process writes its
keys under its own prefix (``KEY_PREFIX``, from ``PYTEST_XDIST_WORKER``: the worker processes
a test starts inherit it, and so share the test's locks) and ``clear()`` deletes those keys
only, so one test clearing the cache takes no message from another's worker and no lock from
another's sweep."""

from django.core.cache.backends.redis import RedisCache


class PrefixClearedRedisCache(RedisCache):
    def clear(self):
        client = self._cache.get_client(None, write=True)
        keys = list(client.scan_iter(match=self.make_key("*"), count=1000))
        if keys:
            client.delete(*keys)
        return True
