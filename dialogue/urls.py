"""Dialogue and collaboration, under ``meetings/`` (namespace ``dialogue``)."""

from django.urls import path

from . import calendar_views, views

app_name = "dialogue"
urlpatterns = [
    path("", views.MeetingList.as_view(), name="meeting_list"),
    path("new/", views.MeetingCreate.as_view(), name="meeting_create"),
    path("<int:pk>/", views.MeetingDetail.as_view(), name="meeting_detail"),
    path("<int:pk>/edit/", views.MeetingUpdate.as_view(), name="meeting_update"),
    path("<int:pk>/record/", views.MeetingRecord.as_view(), name="meeting_record"),
    path("<int:pk>/agenda/", views.MeetingAgenda.as_view(), name="meeting_agenda"),
    path("<int:pk>/agenda/propose/", views.ProposeConcerns.as_view(), name="agenda_propose"),
    path("<int:pk>/follow-up/", views.FollowUpCreate.as_view(), name="follow_up_create"),
    path("<int:pk>/invitation.ics", views.MeetingInvitation.as_view(), name="meeting_ics"),
    path("safe-spaces/", views.SafeSpaceList.as_view(), name="safespace_list"),
    path("safe-spaces/new/", views.SafeSpaceCreate.as_view(), name="safespace_create"),
    path("safe-spaces/<int:pk>/", views.SafeSpaceDetail.as_view(), name="safespace_detail"),
    path("safe-spaces/<int:pk>/edit/", views.SafeSpaceUpdate.as_view(), name="safespace_update"),
    path("network/", views.NetworkOverview.as_view(), name="network_overview"),
    path("calendar/", calendar_views.CalendarFeedPage.as_view(), name="calendar_feed"),
    path("calendar/new/", calendar_views.CalendarFeedCreate.as_view(),
         name="calendar_feed_create"),
    path("calendar/revoke/", calendar_views.CalendarFeedRevoke.as_view(),
         name="calendar_feed_revoke"),
    # No session: the secret token in the address is the only key (calendar programs).
    path("calendar/<str:token>.ics", calendar_views.calendar_feed, name="calendar_feed_ics"),
]
