"""The municipal admin's users pages: members (with open invitations), invite, change a
member's role and organisation (with a confirmation of what changes), deactivate (with a
confirmation page), revoke an invitation.

Only those who may "manage" ``coordinator.membership`` (municipal admins) reach them: others
get 403, community representatives are sent to the portal, and a membership or invitation of
another municipality is not found (404, through ``get_for``)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, OuterRef
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import generic
from django_otp.plugins.otp_totp.models import TOTPDevice

from ..access import Action, can, visible
from ..generic import ObjectMixin, ScopedListView, StaffMixin
from ..history import history_rows
from ..models import Invitation, Membership, Role
from . import services
from .forms import InvitationForm, MemberFilter, MembershipForm, TwoFactorPolicyForm

#: How many open invitations the members page lists (newest first).
OPEN_INVITATIONS_SHOWN = 50


class AdminsOnly(generic.View):
    """After ``StaffMixin``: 403 unless the actor manages users, before any record is looked
    up (so a coordinator gets 403, not 404, on a member's page)."""

    def dispatch(self, request, *args, **kwargs):
        if not can(self.actor, Action.MANAGE, "coordinator.membership"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class MemberList(ScopedListView, AdminsOnly):
    """The municipality's members: name, e-mail, role, organisation, state, last sign-in;
    search, role filter, pages of 25; the open invitations below, filtered alike."""

    model = Membership
    action = Action.MANAGE
    filterset_class = MemberFilter
    template_name = "coordinator/users/member_list.html"

    def get_queryset(self):
        queryset = (visible(self.actor, Membership.objects.select_related("user", "organisation"),
                            Action.MANAGE)
                    .annotate(has_authenticator=Exists(TOTPDevice.objects.filter(
                        user=OuterRef("user"), confirmed=True)))
                    .order_by("user__last_name", "user__first_name", "user__username", "pk"))
        self.filterset = self.filterset_class(self.request.GET or None, queryset=queryset,
                                              request=self.request, actor=self.actor)
        return self.filterset.qs

    def open_invitations(self):
        invitations = visible(self.actor, Invitation.objects.open().select_related(
            "organisation", "invited_by"), Action.MANAGE)
        form = self.filterset.form
        if form.is_valid():
            if form.cleaned_data.get("q", "").strip():
                invitations = invitations.filter(email__icontains=form.cleaned_data["q"].strip())
            if form.cleaned_data.get("role"):
                invitations = invitations.filter(role=form.cleaned_data["role"])
        return list(invitations.order_by("-created_at", "-pk")[:OPEN_INVITATIONS_SHOWN])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(invitations=self.open_invitations(),
                       can_invite=can(self.actor, Action.ADD, Invitation))
        return context


class TwoFactorPolicy(StaffMixin, AdminsOnly, generic.FormView):
    """Whether every staff member of the municipality must sign in in two steps (assessors
    and municipal admins always must); how many have not set up an app yet."""

    form_class = TwoFactorPolicyForm
    template_name = "coordinator/users/two_factor_policy.html"

    def get_initial(self):
        return {"require_two_factor": self.municipality.require_two_factor}

    def get_context_data(self, **kwargs):
        without, staff = services.staff_without_authenticator(self.actor)
        return super().get_context_data(without=without, staff=staff, **kwargs)

    def form_valid(self, form):
        required = form.cleaned_data["require_two_factor"]
        if not services.set_two_factor_requirement(self.actor, required):
            messages.info(self.request, _("Nothing changed."))
        elif required:
            messages.success(self.request, _(
                "Everyone who works in Linchpin for %(municipality)s now signs in in two steps; "
                "those without an app set one up at their next page.")
                % {"municipality": self.municipality.name})
        else:
            messages.success(self.request, _(
                "In %(municipality)s, two-step sign-in is now required of assessors and "
                "municipal admins only; everyone else may keep it.")
                % {"municipality": self.municipality.name})
        return redirect("users:list")


class InviteMember(StaffMixin, AdminsOnly, generic.FormView):
    """Invite an e-mail address with a role (and organisation). The e-mail leaves through a
    Celery task after the transaction commits, never in this request."""

    model = Invitation
    action = Action.ADD
    form_class = InvitationForm
    template_name = "coordinator/users/invitation_form.html"

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.update(actor=self.actor, instance=Invitation(municipality=self.municipality))
        return kwargs

    def get_context_data(self, **kwargs):
        hours = int(services.invitation_lifetime().total_seconds() // 3600)
        return super().get_context_data(hours=hours, **kwargs)

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            invitation = services.invite(self.actor, email=data["email"], role=data["role"],
                                         organisation=data.get("organisation"))
        except services.UserAdminError as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, _(
            "Invitation sent to %(email)s. The link works once, for %(hours)d hours.")
            % {"email": invitation.email,
               "hours": services.invitation_lifetime().total_seconds() // 3600})
        return redirect("users:list")


class RevokeInvitation(ObjectMixin, AdminsOnly):
    """POST: withdraw an open invitation; its link stops working at once."""

    model = Invitation
    action = Action.CHANGE
    http_method_names = ["post"]

    def base_queryset(self):
        return Invitation.objects.all()

    def post(self, request, *args, **kwargs):
        invitation = self.get_object()
        if services.revoke(self.actor, invitation):
            messages.success(request, _("The invitation of %(email)s was withdrawn; its link no "
                                        "longer works.") % {"email": invitation.email})
        else:
            messages.info(request, _("This invitation was already accepted or withdrawn."))
        return redirect("users:list")


class _MemberPage(ObjectMixin, AdminsOnly):
    model = Membership
    action = Action.MANAGE

    def base_queryset(self):
        return Membership.objects.select_related("user", "organisation")


def _name(membership) -> str:
    return membership.user.get_full_name() or membership.user.get_username()


class ChangeMember(_MemberPage, generic.FormView):
    """A member's role and organisation. A valid form first shows what changes (and the
    last-admin refusal, if any); only the confirmed second POST saves."""

    form_class = MembershipForm
    template_name = "coordinator/users/member_form.html"

    def get_form_kwargs(self):
        member = self.get_object()
        # The form gets a copy: binding it must not alter the record shown as "before".
        copy = Membership(pk=member.pk, user=member.user, municipality_id=member.municipality_id,
                          role=member.role, organisation=member.organisation)
        kwargs = super().get_form_kwargs()
        kwargs.update(actor=self.actor, instance=copy)
        return kwargs

    def get_context_data(self, **kwargs):
        member = self.get_object()
        return super().get_context_data(member=member, name=_name(member),
                                        history=history_rows(member), **kwargs)

    def changes(self, data) -> list[tuple[str, str, str]]:
        member = self.get_object()
        rows = []
        if data["role"] != member.role:
            rows.append((_("Role"), member.get_role_display(), Role(data["role"]).label))
        if data.get("organisation") != member.organisation:
            rows.append((_("Organisation"), str(member.organisation or "—"),
                         str(data.get("organisation") or "—")))
        return rows

    def form_valid(self, form):
        member = self.get_object()
        changes = self.changes(form.cleaned_data)
        if not changes:
            messages.info(self.request, _("Nothing changed."))
            return redirect("users:list")
        try:
            if form.cleaned_data["role"] != Role.MUNICIPAL_ADMIN:
                services.guard_last_admin(member, lock=False)
            if self.request.POST.get("confirm") != "yes":
                return self.render_to_response(self.get_context_data(
                    form=form, changes=changes, confirming=True))
            services.change_membership(self.actor, member, role=form.cleaned_data["role"],
                                       organisation=form.cleaned_data.get("organisation"))
        except services.UserAdminError as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)
        messages.success(self.request, _("%(name)s’s role and organisation were changed.")
                         % {"name": _name(member)})
        if member.user_id == self.actor.user.pk:
            return redirect("home")  # they may no longer manage users
        return redirect("users:list")



class DeactivateMember(_MemberPage, generic.TemplateView):
    """GET: what deactivating means for this member, or why it is refused. POST: end the
    membership at once (and deactivate the account when it was their only one)."""

    template_name = "coordinator/users/member_deactivate.html"

    def get_context_data(self, **kwargs):
        member = self.get_object()
        refusal = kwargs.pop("refusal", None)
        if refusal is None:
            try:
                services.guard_last_admin(member, lock=False)
            except services.UserAdminError as error:
                refusal = error.message
        only_membership = not member.user.memberships.exclude(pk=member.pk).exists()
        return super().get_context_data(member=member, name=_name(member), refusal=refusal,
                                        only_membership=only_membership,
                                        is_self=member.user_id == self.actor.user.pk, **kwargs)

    def post(self, request, *args, **kwargs):
        member = self.get_object()
        try:
            account_closed = services.deactivate(self.actor, member)
        except services.UserAdminError as error:
            return self.render_to_response(self.get_context_data(refusal=error.message),
                                           status=409)
        if account_closed:
            text = _("%(name)s no longer has access: their membership ended and, as it was "
                     "their only one, their account was deactivated.")
        else:
            text = _("%(name)s no longer has access to this municipality; their account stays "
                     "open for their other municipalities.")
        messages.success(request, text % {"name": _name(member)})
        if member.user_id == self.actor.user.pk:
            return redirect("home")
        return redirect(reverse("users:list"))
