"""The read-access log (namespace ``sharing_log``, at ``/sharing/log/``): read-only pages and
CSV exports; no URL edits or deletes an event."""

from django.urls import path

from . import log_views

app_name = "sharing_log"

urlpatterns = [
    path("", log_views.AccessLogList.as_view(), name="list"),
    path("export.csv", log_views.AccessLogExport.as_view(), name="export"),
    path("agreement/<int:agreement>/", log_views.AccessLogList.as_view(), name="agreement"),
    path("agreement/<int:agreement>/export.csv", log_views.AccessLogExport.as_view(),
         name="agreement_export"),
    path("record/<str:label>/<int:pk>/", log_views.AccessLogList.as_view(), name="record"),
    path("record/<str:label>/<int:pk>/export.csv", log_views.AccessLogExport.as_view(),
         name="record_export"),
]
