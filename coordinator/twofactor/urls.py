"""URLs of two-step sign-in (namespace "two_factor"), under /accounts/two-factor/."""

from django.urls import path

from . import views

app_name = "two_factor"

urlpatterns = [
    path("", views.Status.as_view(), name="status"),
    path("code/", views.Verify.as_view(), name="verify"),
    path("set-up/", views.Setup.as_view(), name="setup"),
    path("backup-codes/", views.BackupCodes.as_view(), name="backup_codes"),
    path("remove/", views.Remove.as_view(), name="remove"),
]
