"""The situation report's URL patterns, without a namespace: ``crisis/urls.py`` adds them to
its own (``urlpatterns = [..., *report_patterns]``), so they are named ``crisis:report_...``."""

from django.urls import path

from . import report_views

report_patterns = [
    path("incidents/<int:pk>/report/", report_views.RequestReport.as_view(),
         name="report_request"),
    path("reports/<int:pk>/", report_views.ReportDetail.as_view(), name="report_detail"),
    path("reports/<int:pk>/download/", report_views.ReportDownload.as_view(),
         name="report_download"),
]
