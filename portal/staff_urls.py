"""The coordinator's pages of the portal (namespace "representatives", under
/representatives/)."""

from django.urls import path

from . import staff_views as views

app_name = "representatives"

urlpatterns = [
    path("", views.RepresentativeList.as_view(), name="list"),
    path("invite/", views.InviteRepresentative.as_view(), name="invite"),
    path("<int:pk>/revoke/", views.RevokeRepresentative.as_view(), name="revoke"),
    path("invitations/<int:pk>/withdraw/", views.WithdrawInvitation.as_view(),
         name="withdraw"),
    path("corrections/", views.CorrectionList.as_view(), name="corrections"),
    path("corrections/<int:pk>/", views.DecideCorrection.as_view(), name="correction"),
]
