"""URLs of the crisis response (namespace "crisis", under /crisis/)."""

from django.urls import path

from . import views
from .report_urls import report_patterns

app_name = "crisis"

urlpatterns = [
    path("", views.IncidentList.as_view(), name="incident_list"),
    path("incidents/new/", views.IncidentCreate.as_view(), name="incident_create"),
    path("incidents/<int:pk>/", views.IncidentDetail.as_view(), name="incident_detail"),
    path("incidents/<int:pk>/edit/", views.IncidentUpdate.as_view(), name="incident_update"),
    path("incidents/<int:pk>/timeline/", views.AddEntry.as_view(), name="add_entry"),
    path("incidents/<int:pk>/check-in/", views.CheckInWithNetwork.as_view(), name="check_in_network"),
    path("incidents/<int:pk>/impact/", views.ImpactCreate.as_view(), name="impact_create"),
    path("incidents/<int:pk>/hate-incidents/", views.HateIncidentCreate.as_view(),
         name="hate_incident_create"),
    path("incidents/<int:pk>/statements/", views.StatementCreate.as_view(),
         name="statement_create"),
    path("incidents/<int:pk>/media/", views.MediaRequestCreate.as_view(),
         name="media_request_create"),
    path("incidents/<int:pk>/recovery/", views.RecoveryActionCreate.as_view(),
         name="recovery_action_create"),
    path("incidents/<int:pk>/close/", views.CloseIncident.as_view(), name="incident_close"),
    path("check-ins/<int:pk>/", views.CheckInAnswer.as_view(), name="check_in"),
    path("statements/<int:pk>/", views.StatementUpdate.as_view(), name="statement_update"),
    path("statements/<int:pk>/briefing/", views.BriefingCreate.as_view(), name="briefing_create"),
    path("statements/<int:pk>/release/", views.ReleaseStatement.as_view(),
         name="statement_release"),
    path("media/<int:pk>/", views.MediaRequestUpdate.as_view(), name="media_request_update"),
    path("recovery/<int:pk>/", views.RecoveryActionUpdate.as_view(),
         name="recovery_action_update"),
    path("protocols/", views.ProtocolList.as_view(), name="crisisprotocol_list"),
    path("protocols/new/", views.ProtocolCreate.as_view(), name="crisisprotocol_create"),
    path("protocols/<int:pk>/", views.ProtocolDetail.as_view(), name="protocol_detail"),
    path("protocols/<int:pk>/edit/", views.ProtocolUpdate.as_view(), name="protocol_update"),
    path("teams/", views.TeamList.as_view(), name="crisisteam_list"),
    path("teams/new/", views.TeamCreate.as_view(), name="crisisteam_create"),
    path("teams/<int:pk>/", views.TeamDetail.as_view(), name="team_detail"),
    path("teams/<int:pk>/edit/", views.TeamUpdate.as_view(), name="team_update"),
    path("teams/<int:pk>/members/", views.TeamMemberCreate.as_view(), name="team_member_create"),
    *report_patterns,
]
