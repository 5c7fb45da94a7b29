"""The coordinator's side of the portal: inviting and revoking community representatives,
and deciding the profile corrections they propose (issue 10). Staff pages on the access
layer: ``Action.REPRESENTATIVES`` and ``Action.REVIEW`` are held by coordinators and
municipal admins (``coordinator.policies``)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views import generic

from coordinator.access import Action, can, visible
from coordinator.generic import ObjectMixin, StaffMixin
from coordinator.models import Invitation, Membership, Role
from coordinator.users import services as user_services
from coordinator.validation import parse_pk

from . import services
from .models import CorrectionStatus, ProfileCorrection
from .staff_forms import DecisionForm, RepresentativeForm

REPRESENTATIVE = Role.COMMUNITY_REPRESENTATIVE


class _Representatives(StaffMixin):
    model = Membership
    action = Action.REPRESENTATIVES

    def representatives(self):
        return visible(self.actor, Membership.objects.filter(role=REPRESENTATIVE),
                       Action.REPRESENTATIVES)

    def invitations(self):
        return visible(self.actor, Invitation.objects.open().filter(role=REPRESENTATIVE),
                       Action.REPRESENTATIVES)


class RepresentativeList(_Representatives, generic.ListView):
    """The municipality's community representatives and the invitations not yet accepted."""

    template_name = "portal/staff/representative_list.html"
    paginate_by = 50

    def get_queryset(self):
        return self.representatives().select_related("user", "organisation").order_by(
            "organisation__name", "user__last_name", "pk")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            invitations=self.invitations().select_related("organisation"), **kwargs)


class InviteRepresentative(_Representatives, generic.FormView):
    """Invite a representative of an organisation by e-mail: a one-time link that expires;
    inviting the address again replaces the open invitation."""

    template_name = "portal/staff/representative_form.html"
    form_class = RepresentativeForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "actor": self.actor,
                "instance": Invitation(municipality=self.municipality,
                                       role=REPRESENTATIVE)}

    def get_initial(self):
        pk = parse_pk(self.request.GET.get("organisation", ""))
        return {"organisation": pk} if pk else {}

    def get_context_data(self, **kwargs):
        hours = int(user_services.invitation_lifetime().total_seconds() // 3600)
        return super().get_context_data(hours=hours, **kwargs)

    def form_valid(self, form):
        try:
            invitation = user_services.invite(
                self.actor, email=form.cleaned_data["email"], role=REPRESENTATIVE,
                organisation=form.cleaned_data["organisation"])
        except user_services.UserAdminError as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, _("%(email)s is invited to the portal for "
                                         "%(organisation)s.") % {
            "email": invitation.email, "organisation": invitation.organisation})
        return redirect("representatives:list")


class _OneRepresentative(_Representatives):
    def get_object(self, queryset):
        pk = parse_pk(str(self.kwargs["pk"]))
        found = queryset.filter(pk=pk).first() if pk else None
        if found is None:
            raise Http404
        return found


class RevokeRepresentative(_OneRepresentative, generic.TemplateView):
    """GET: what revoking means. POST: the representative loses access at once (their
    account is deactivated when it was their only membership)."""

    template_name = "portal/staff/representative_revoke.html"

    def get_context_data(self, **kwargs):
        member = self.get_object(self.representatives().select_related("user", "organisation"))
        return super().get_context_data(member=member, **kwargs)

    def post(self, request, *args, **kwargs):
        member = self.get_object(self.representatives().select_related("user", "organisation"))
        user_services.deactivate(self.actor, member)
        messages.success(request, _("%(name)s no longer has access to the portal.") % {
            "name": member.user.get_full_name() or member.user.email})
        return redirect("representatives:list")


class WithdrawInvitation(_OneRepresentative, generic.View):
    """POST: withdraw an open invitation of a representative; its link stops working."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        invitation = self.get_object(self.invitations())
        if user_services.revoke(self.actor, invitation):
            messages.success(request, _("The invitation of %(email)s was withdrawn; its link no "
                                        "longer works.") % {"email": invitation.email})
        else:
            messages.info(request, _("This invitation was already accepted or withdrawn."))
        return redirect("representatives:list")


# --------------------------------------------------------------------------- corrections


class CorrectionList(StaffMixin, generic.ListView):
    """Corrections proposed in the portal: those waiting first, then the decided ones."""

    model = ProfileCorrection
    template_name = "portal/staff/correction_list.html"
    paginate_by = 25

    def get_queryset(self):
        self.show = self.request.GET.get("show", "waiting")
        queryset = visible(self.actor, ProfileCorrection.objects.select_related(
            "organisation", "proposed_by", "decided_by"))
        if self.show != "all":
            queryset = queryset.filter(status=CorrectionStatus.PENDING)
        return queryset.order_by("-proposed_at", "-pk")

    def get_context_data(self, **kwargs):
        return super().get_context_data(show=self.show, **kwargs)


class DecideCorrection(ObjectMixin, generic.FormView):
    """One correction: what it would change, and the coordinator's decision."""

    model = ProfileCorrection
    template_name = "portal/staff/correction_decide.html"
    form_class = DecisionForm

    def base_queryset(self):
        return ProfileCorrection.objects.select_related("organisation", "proposed_by",
                                                        "decided_by")

    def get_context_data(self, **kwargs):
        correction = self.get_object()
        return super().get_context_data(
            correction=correction,
            may_decide=correction.is_pending and can(self.actor, Action.REVIEW, correction),
            **kwargs)

    def form_valid(self, form):
        correction = self.get_object()
        try:
            services.decide_correction(
                self.actor, correction, accept=form.cleaned_data["decision"] == "accept",
                note=form.cleaned_data["note"])
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for name, errors in error.error_dict.items():
                    form.add_error(name if name in form.fields else None, errors)
            else:
                form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Decided. The representative sees your answer in the "
                                         "portal."))
        return redirect("representatives:corrections")
