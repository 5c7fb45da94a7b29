"""The benchmark URLconf: the project's own URLs plus ``bench/bare/``. Used only as an
``override_settings(ROOT_URLCONF="bench.urls")`` inside ``bench_pages``; never mounted in the
project, so the bare list is not reachable on a real server."""

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.urls import include, path

from . import views

_project_urlconf = apps.get_app_config("bench").project_urlconf
if _project_urlconf == __name__:
    raise ImproperlyConfigured("bench.urls is for benchmarks only, never ROOT_URLCONF itself.")

urlpatterns = [
    path("bench/bare/", views.bare_list, name="bench_bare_list"),
    path("bench/plain-interactions/", views.plain_interaction_list(),
         name="bench_plain_interaction_list"),
    path("", include(_project_urlconf)),
]
