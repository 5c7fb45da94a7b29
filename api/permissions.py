"""Who may use the API: a signed-in staff member of a municipality (coordinator, assessor,
municipal admin, partner professional). Community representatives have the portal, not the
API; a user without a membership has nothing to read."""

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import BasePermission

from coordinator.access import actor_of


class StaffMember(BasePermission):
    message = _("The API is for the staff of a municipality.")

    def has_permission(self, request, view):
        if not (request.user and request.user.is_authenticated):
            return False
        actor = getattr(view, "actor", None) or actor_of(request)
        return actor.membership is not None and actor.is_staff_member
