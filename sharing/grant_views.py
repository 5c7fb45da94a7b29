"""Per-record grants on screen: a coordinator shares one interaction note with one partner
organisation under an active agreement, sees whom it is shared with and revokes (after a
confirmation); a partner professional lists what is "Shared with you individually", apart from
the main lists. The rules are in ``sharing.grant_services``."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views import generic

from coordinator.access import Action, can, record_access
from coordinator.generic import ObjectMixin, StaffMixin
from coordinator.models import Role
from engagement.models import Interaction

from . import grant_services
from .models import InteractionGrant


class ShareForm(forms.Form):
    target = forms.ChoiceField(
        label=_("Partner organisation and agreement"),
        help_text=_("Only organisations that are party to an agreement in force today. The "
                    "note stays shared only while that agreement is in force."))

    def __init__(self, *args, targets, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].choices = [("", _("Choose…"))] + [(t.value, t.label) for t in targets]

    def ids(self) -> tuple[int, int]:
        agreement_id, organisation_id = self.cleaned_data["target"].split(":")
        return int(agreement_id), int(organisation_id)


class ShareInteraction(ObjectMixin, generic.FormView):
    """GET: whom the note is shared with, and the form; POST: share it. The note is found
    through the access layer (404 when not visible); sharing needs the "add" right on
    ``sharing.interactiongrant`` (403 otherwise)."""

    model = Interaction
    form_class = ShareForm
    template_name = "sharing/grants/share.html"

    def setup_page(self):
        self.object = self.get_object()
        if not can(self.actor, Action.ADD, InteractionGrant):
            raise PermissionDenied
        self.targets = grant_services.share_targets(self.actor, self.object)

    def get(self, request, *args, **kwargs):
        self.setup_page()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.setup_page()
        return super().post(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "targets": self.targets}

    def form_valid(self, form):
        agreement_id, organisation_id = form.ids()
        try:
            grant = grant_services.share_interaction(self.actor, self.object, agreement_id,
                                                     organisation_id)
        except ValidationError as error:
            form.add_error("target", error)
            return self.form_invalid(form)
        messages.success(self.request, _("The note is now shared with %(organisation)s.")
                         % {"organisation": grant.group.partner.organisation})
        return redirect(self.request.path)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(interaction=self.object,
                       grants=grant_services.grants_of(self.actor, self.object))
        return context


class RevokeGrant(ObjectMixin, generic.TemplateView):
    """GET: "Stop sharing this note with ...?"; POST: revoke and go back to the sharing page."""

    model = InteractionGrant
    action = Action.DELETE
    template_name = "sharing/grants/revoke.html"

    def base_queryset(self):
        return InteractionGrant.objects.select_related(
            "content_object", "agreement", "group__partner__organisation")

    def get_context_data(self, **kwargs):
        return super().get_context_data(grant=self.get_object(), **kwargs)

    def post(self, request, *args, **kwargs):
        grant = self.get_object()
        interaction_id = grant.content_object_id
        organisation = grant.group.partner.organisation
        grant_services.revoke(grant)
        messages.success(request, _("The note is no longer shared with %(organisation)s.")
                         % {"organisation": organisation})
        return redirect(reverse("sharing_grants:share_interaction", args=[interaction_id]))


class SharedWithYou(StaffMixin, generic.ListView):
    """"Shared with you individually": the notes shared with the partner's organisation one by
    one, under agreements in force today. Apart from the main lists; each page is logged."""

    template_name = "sharing/grants/shared_with_you.html"
    context_object_name = "grants"
    paginate_by = 25

    def get_queryset(self):
        if self.actor.role != Role.PARTNER_PROFESSIONAL or not self.actor.organisation_id:
            raise PermissionDenied
        return grant_services.shared_with(self.actor)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        grants = list(context["grants"])
        record_access(self.request, Interaction, [g.content_object_id for g in grants],
                      agreement_ids=[g.agreement_id for g in grants])
        return context
