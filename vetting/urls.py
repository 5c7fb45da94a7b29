"""Assessing partners, included at /assessments/ (namespace "vetting")."""

from django.urls import path

from . import views

app_name = "vetting"
urlpatterns = [
    path("", views.AssessmentList.as_view(), name="assessment_list"),
    path("organisations/<int:organisation_pk>/open/", views.AssessmentOpen.as_view(),
         name="assessment_open"),
    path("<int:pk>/", views.AssessmentDetail.as_view(), name="assessment_detail"),
    path("<int:pk>/findings/", views.FindingsEdit.as_view(), name="findings_edit"),
    path("<int:pk>/informed/procedure/", views.RecordInformed.as_view(what="procedure"),
         name="informed_procedure"),
    path("<int:pk>/informed/outcome/", views.RecordInformed.as_view(what="outcome"),
         name="informed_outcome"),
    path("<int:pk>/submit/", views.SubmitForReview.as_view(), name="submit"),
    path("<int:pk>/return/", views.ReturnToDraft.as_view(), name="return_to_draft"),
    path("<int:pk>/decide/", views.Decide.as_view(), name="decide"),
    path("<int:pk>/withdraw/", views.Withdraw.as_view(), name="withdraw"),
    path("<int:pk>/evidence/", views.EvidenceUpload.as_view(), name="evidence_upload"),
    path("evidence/<int:pk>/", views.EvidenceDownload.as_view(), name="evidence_download"),
    path("evidence/<int:pk>/remove/", views.EvidenceRemove.as_view(), name="evidence_remove"),
    path("criteria/", views.CriterionList.as_view(), name="criterion_list"),
    path("criteria/new/", views.CriterionCreate.as_view(), name="criterion_create"),
    path("criteria/<int:pk>/edit/", views.CriterionUpdate.as_view(), name="criterion_update"),
    path("criteria/<int:pk>/retire/", views.CriterionRetire.as_view(), name="criterion_retire"),
    path("organisations/<int:organisation_pk>/memorandum/new/",
         views.MemorandumCreate.as_view(), name="memorandum_create"),
    path("memoranda/<int:pk>/", views.MemorandumDetail.as_view(), name="memorandum_detail"),
    path("memoranda/<int:pk>/edit/", views.MemorandumUpdate.as_view(),
         name="memorandum_update"),
]
