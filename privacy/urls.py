"""Data protection (namespace ``privacy``, at ``/privacy/``): the municipal admin's pages."""

from django.urls import path

from networks.models import Organisation, Person

from . import views

app_name = "privacy"

urlpatterns = [
    path("", views.DataMap.as_view(), name="data_map"),
    path("data-map/pdf/", views.DataMapExport.as_view(), name="data_map_export"),
    path("retention/", views.Retention.as_view(), name="retention"),
    path("subjects/", views.Subjects.as_view(), name="subjects"),
    path("people/<int:pk>/", views.SubjectDetail.as_view(model=Person), name="person"),
    path("people/<int:pk>/export/", views.SubjectExport.as_view(model=Person),
         name="person_export"),
    path("people/<int:pk>/erase/", views.SubjectErase.as_view(model=Person), name="person_erase"),
    path("organisations/<int:pk>/", views.SubjectDetail.as_view(model=Organisation),
         name="organisation"),
    path("organisations/<int:pk>/export/", views.SubjectExport.as_view(model=Organisation),
         name="organisation_export"),
    path("organisations/<int:pk>/erase/", views.SubjectErase.as_view(model=Organisation),
         name="organisation_erase"),
    path("exports/<int:pk>/", views.ExportDetail.as_view(), name="export_detail"),
    path("exports/<int:pk>/download.json", views.ExportDownload.as_view(extension="json"),
         name="export_json"),
    path("exports/<int:pk>/download.pdf", views.ExportDownload.as_view(extension="pdf"),
         name="export_pdf"),
]
