"""The portal's URLs (namespace "portal", under /portal/)."""

from django.urls import path

from . import views

app_name = "portal"

urlpatterns = [
    path("", views.Home.as_view(), name="home"),
    path("organisation/", views.OrganisationProfile.as_view(), name="organisation"),
    path("organisation/correction/", views.ProposeCorrection.as_view(), name="correction"),
    path("meetings/", views.MeetingList.as_view(), name="meeting_list"),
    path("meetings/<int:pk>/", views.MeetingDetail.as_view(), name="meeting_detail"),
    path("meetings/<int:pk>/propose/", views.ProposeForMeeting.as_view(), name="meeting_propose"),
    path("concerns/", views.ConcernList.as_view(), name="concern_list"),
    path("concerns/new/", views.RaiseConcern.as_view(), name="concern_create"),
    path("promises/", views.CommitmentList.as_view(), name="commitment_list"),
    path("promises/<int:pk>/", views.CommitmentDetail.as_view(), name="commitment_detail"),
    path("action-plan/", views.PlanSections.as_view(), name="plan_sections"),
    path("action-plan/<int:pk>/", views.PlanSection.as_view(), name="plan_section"),
    path("check-ins/", views.CheckInList.as_view(), name="check_in_list"),
    path("check-ins/<int:pk>/", views.CheckInAnswer.as_view(), name="check_in"),
    path("assessing-partners/", views.Assessing.as_view(), name="assessing"),
    path("agreements/", views.AgreementList.as_view(), name="agreement_list"),
    path("agreements/<int:pk>/", views.AgreementDetail.as_view(), name="agreement_detail"),
]
