"""URLs of the network health page (namespace "health")."""

from django.urls import path

from . import views

app_name = "health"

urlpatterns = [path("", views.NetworkHealth.as_view(), name="overview")]
