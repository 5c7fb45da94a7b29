from django.urls import path

from . import views

app_name = "spreadsheets"
urlpatterns = [
    path("", views.Index.as_view(), name="index"),
    path("exports/<int:pk>/", views.ExportDetail.as_view(), name="export_detail"),
    path("exports/<int:pk>/download/", views.ExportDownload.as_view(), name="export_download"),
    path("import/<slug:kind>/", views.ImportUpload.as_view(), name="import_upload"),
    path("import/<slug:kind>/template.<str:format>", views.ImportTemplate.as_view(),
         name="import_template"),
    path("imports/<int:pk>/", views.ImportDetail.as_view(), name="import_detail"),
    path("imports/<int:pk>/confirm/", views.ImportConfirm.as_view(), name="import_confirm"),
    path("imports/<int:pk>/cancel/", views.ImportCancel.as_view(), name="import_cancel"),
]
