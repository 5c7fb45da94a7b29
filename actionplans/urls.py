from django.urls import path

from . import views

app_name = "actionplans"
urlpatterns = [
    path("", views.PlanList.as_view(), name="plan_list"),
    path("new/", views.PlanCreate.as_view(), name="plan_create"),
    path("<int:pk>/", views.PlanDetail.as_view(), name="plan_detail"),
    path("versions/<int:pk>/", views.VersionDetail.as_view(), name="version_detail"),
    path("versions/<int:pk>/elements/<int:element>/", views.ElementEdit.as_view(),
         name="element_edit"),
    path("versions/<int:pk>/consultation/", views.SendToConsultation.as_view(),
         name="send_to_consultation"),
    path("versions/<int:pk>/back-to-draft/", views.ReturnToDraft.as_view(),
         name="return_to_draft"),
    path("versions/<int:pk>/approve/", views.Approve.as_view(), name="approve"),
    path("versions/<int:pk>/new-draft/", views.NewDraft.as_view(), name="new_draft"),
    path("versions/<int:pk>/compare/", views.Compare.as_view(), name="compare"),
    path("versions/<int:pk>/open-sections/", views.OpenSections.as_view(),
         name="open_sections"),
    path("versions/<int:pk>/sections/<int:element>/comments/", views.AddComment.as_view(),
         name="add_comment"),
    path("comments/<int:pk>/resolve/", views.ResolveComment.as_view(), name="resolve_comment"),
    path("versions/<int:pk>/export/", views.RequestExport.as_view(), name="request_export"),
    path("exports/<int:pk>/", views.ExportDetail.as_view(), name="export_detail"),
    path("exports/<int:pk>/download/", views.ExportDownload.as_view(), name="export_download"),
]
