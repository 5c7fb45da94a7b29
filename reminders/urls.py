from django.urls import path

from . import views

app_name = "reminders"
urlpatterns = [
    path("", views.Inbox.as_view(), name="inbox"),
    path("intervals/", views.QuietIntervalsView.as_view(), name="intervals"),
    path("<int:pk>/snooze/", views.Snooze.as_view(), name="snooze"),
    path("<int:pk>/dismiss/", views.Dismiss.as_view(), name="dismiss"),
]
