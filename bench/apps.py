from django.apps import AppConfig
from django.conf import settings


class BenchConfig(AppConfig):
    """Benchmarks at national scale (issues 7 and 8): the synthetic data builder
    (``bench.data``), the bare list the pages are measured against, and the ``bench_*``
    management commands. Layer 4: it may import any app, and nothing imports it."""

    name = "bench"
    verbose_name = "Benchmarks"

    def ready(self):
        # The project's own URLconf, read before a benchmark swaps ROOT_URLCONF for
        # ``bench.urls`` (which includes this one beside the bare list).
        self.project_urlconf = settings.ROOT_URLCONF
