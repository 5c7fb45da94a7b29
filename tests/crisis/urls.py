"""The project's URLconf, with the crisis namespace the situation report's pages need.

Once ``crisis/urls.py`` is included in the project's URLconf (with ``report_patterns``), this
is the project's URLconf unchanged. Until then it adds a ``crisis`` namespace holding the
report's patterns and a stand-in for the incident page, which e-mails and pages link to."""

from django.http import HttpResponse
from django.urls import include, path

from coordinator.urls import urlpatterns as project_patterns
from crisis.report_urls import report_patterns


def _incident_stand_in(request, pk):
    return HttpResponse(f"incident {pk}")


if any(getattr(pattern, "namespace", None) == "crisis" for pattern in project_patterns):
    urlpatterns = project_patterns
else:
    urlpatterns = [*project_patterns, path("crisis/", include((
        [path("incidents/<int:pk>/", _incident_stand_in, name="incident_detail"),
         *report_patterns], "crisis")))]
