"""Per-record grants (namespace ``sharing_grants``, at ``/sharing/grants/``)."""

from django.urls import path

from . import grant_views

app_name = "sharing_grants"

urlpatterns = [
    path("interaction/<int:pk>/", grant_views.ShareInteraction.as_view(),
         name="share_interaction"),
    path("<int:pk>/revoke/", grant_views.RevokeGrant.as_view(), name="revoke"),
    path("shared-with-you/", grant_views.SharedWithYou.as_view(), name="shared_with_you"),
]
