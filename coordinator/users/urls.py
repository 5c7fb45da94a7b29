"""URLs of the users pages (namespace "users") and of accepting an invitation (public)."""

from django.urls import path

from . import invitations, views

app_name = "users"

urlpatterns = [
    path("", views.MemberList.as_view(), name="list"),
    path("invite/", views.InviteMember.as_view(), name="invite"),
    path("two-step-sign-in/", views.TwoFactorPolicy.as_view(), name="two_factor"),
    path("<int:pk>/", views.ChangeMember.as_view(), name="change"),
    path("<int:pk>/deactivate/", views.DeactivateMember.as_view(), name="deactivate"),
    path("invitations/<int:pk>/revoke/", views.RevokeInvitation.as_view(), name="revoke"),
]

#: Public: included at the top level of coordinator/urls.py, outside the "users" namespace.
invitation_patterns = [
    # Before the token pattern: "accept" is never a token (tokens have 43 characters).
    path("invitation/accept/", invitations.AcceptInvitation.as_view(), name="invitation_accept"),
    path("invitation/<str:token>/", invitations.invitation_link, name="invitation"),
]
