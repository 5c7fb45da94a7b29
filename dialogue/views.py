"""Staff screens of dialogue and collaboration (002 step 4): safe spaces, meetings (planning,
agenda, record of the meeting, follow-ups), the network overview (003 "3 steps") and the
personal calendar feed. Thin subclasses of ``coordinator.generic`` over ``dialogue.services``.

Access (``coordinator.policies``, category "meetings"): coordinators and municipal admins plan
and record; assessors read; partner professionals read what an agreement covering meetings
opens (with the communities a meeting invites). The rows of a meeting (agenda, invitations,
follow-ups) are reached through their meeting, and each related record (organisation, person,
community, concern, commitment) is shown only when ``visible()`` to the reader.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, F, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import generic

from coordinator import concurrency
from coordinator.access import Action, can, visible
from coordinator.generic import (
    CreateOnceMixin,
    ObjectMixin,
    ScopedCreateView,
    ScopedDetailView,
    ScopedListView,
    ScopedUpdateView,
)
from coordinator.pagination import BoundedPaginator
from engagement.models import Commitment, Concern
from networks.models import Organisation, Person

from . import ical, services
from .filters import MeetingFilter, NetworkFilter, SafeSpaceFilter
from .forms import (
    AgendaFormSet,
    AgendaVersionForm,
    FollowUpForm,
    MeetingForm,
    MeetingRecordForm,
    SafeSpaceForm,
)
from .models import Attendance, Meeting, MeetingOrganisation, SafeSpace
from .stages import NetworkStage, annotate_stages


def _count(model, parent: str, **conditions) -> Coalesce:
    """The number of ``model`` rows pointing at each listed row through ``parent`` (and
    matching ``conditions``), as a correlated ``COUNT`` over the children's own table: one
    index range per row of the page, never a join of every child row of the municipality (see
    ``networks.views._count_of``). The listed rows are already ``visible()``; children are
    counted, not read."""
    rows = (model._base_manager.filter(**{parent: OuterRef("pk")}, **conditions).order_by()
            .values(parent).annotate(n=Count("pk")).values("n"))
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


# --------------------------------------------------------------------------- safe spaces


class SafeSpaceList(ScopedListView):
    model = SafeSpace
    filterset_class = SafeSpaceFilter
    paginator_class = BoundedPaginator

    def get_queryset(self):
        return super().get_queryset().annotate(meeting_count=_count(Meeting, "safe_space"))


class SafeSpaceDetail(ScopedDetailView):
    model = SafeSpace

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["meetings"] = visible(self.actor, self.object.meetings.all())[:20]
        return context


class SafeSpaceCreate(ScopedCreateView):
    model = SafeSpace
    form_class = SafeSpaceForm
    success_message = gettext_lazy("Safe space “%(name)s” was added.")


class SafeSpaceUpdate(ScopedUpdateView):
    model = SafeSpace
    form_class = SafeSpaceForm
    success_message = gettext_lazy("Safe space “%(name)s” was saved.")


# --------------------------------------------------------------------------- meetings


class MeetingList(ScopedListView):
    model = Meeting
    filterset_class = MeetingFilter
    paginator_class = BoundedPaginator

    def get_queryset(self):
        return super().get_queryset().select_related("safe_space").annotate(
            invited_count=_count(MeetingOrganisation, "meeting"),
            came_count=_count(MeetingOrganisation, "meeting", attendance=Attendance.CAME),
        )


class MeetingDetail(ScopedDetailView):
    model = Meeting

    def base_queryset(self):
        return Meeting.objects.select_related("organiser")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        meeting, actor = self.object, self.actor
        may_follow_up = context["can_edit"] and can(actor, Action.ADD, Commitment)
        context.update(meeting_context(actor, meeting))
        context.update(
            follow_ups=services.follow_up_commitments(actor, meeting),
            follow_up_form=_follow_up_form(actor, meeting) if may_follow_up else None,
            concerns_to_propose=(services.open_concerns(actor, meeting).count()
                                 if context["can_edit"] else 0),
        )
        return context


def meeting_context(actor, meeting) -> dict:
    """What the meeting's pages show of its related records, each through ``visible()``: its
    safe space, agenda (with the ids of the concerns the actor may open), invitations and
    communities."""
    agenda = visible(actor, meeting.agenda_items.all())
    return {
        "safe_space": (visible(actor, SafeSpace.objects.filter(pk=meeting.safe_space_id)).first()
                       if meeting.safe_space_id else None),
        "agenda": agenda,
        "visible_concerns": set(visible(actor, Concern.objects.filter(
            pk__in=agenda.values("concern"))).values_list("pk", flat=True)),
        "organisation_rows": visible(actor, meeting.invitations.filter(
            organisation__in=visible(actor, Organisation.objects.all()))
            .select_related("organisation").order_by("organisation__name", "pk")),
        "person_rows": visible(actor, meeting.participants.filter(
            person__in=visible(actor, Person.objects.all()))
            .select_related("person").order_by("person__name", "pk")),
        "invited_communities": visible(actor, meeting.invited_communities.all()),
        "absent_communities": visible(actor, meeting.absent_communities.all()),
    }


def _follow_up_form(actor, meeting, data=None):
    form = FollowUpForm(data, actor=actor, meeting=meeting,
                        initial={"owner": actor.user.pk} if data is None else None,
                        prefix="follow_up")
    concurrency.add_token_field(form)
    return form


class MeetingCreate(ScopedCreateView):
    """Plan a meeting. The agenda opens with the open concerns of the invited communities;
    the coordinator's own items come after (``services.apply_proposal``)."""

    model = Meeting
    form_class = MeetingForm
    initial_from_query = ("safe_space",)
    success_message = gettext_lazy("The meeting “%(name)s” was planned.")

    def get_initial(self):
        initial = super().get_initial()
        initial.setdefault("organiser", self.request.user.pk)
        return initial

    def form_valid(self, form):
        response = super().form_valid(form)
        if not form.errors:
            added = services.apply_proposal(self.actor, self.object, form.own_items)
            if any(item.concern_id for item in added):
                messages.info(self.request, _("The agenda opens with the open concerns of the "
                                              "invited communities."))
        return response


class _ShowsRules:
    """An edit page of a meeting shows the rules of its safe space (as saved)."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["safe_space"] = (visible(self.actor, SafeSpace.objects.filter(
            pk=self.object.safe_space_id)).first() if self.object.safe_space_id else None)
        return context


class MeetingUpdate(_ShowsRules, ScopedUpdateView):
    model = Meeting
    form_class = MeetingForm
    success_message = gettext_lazy("The meeting “%(name)s” was saved.")


class MeetingRecord(_ShowsRules, ScopedUpdateView):
    """After the meeting: who came and who did not, the communities not at the table, the
    takeaways and how they were sent back, the notes (closed by the safe space's rules)."""

    model = Meeting
    form_class = MeetingRecordForm
    template_name = "dialogue/meeting_record_form.html"
    success_message = gettext_lazy("The record of “%(name)s” was saved.")


class MeetingAgenda(ObjectMixin, generic.TemplateView):
    """The agenda as a list of items: reorder by position, edit, remove, add. The page carries
    the meeting's version: a save from a page opened before someone else's is refused."""

    model = Meeting
    action = Action.CHANGE
    template_name = "dialogue/agenda_form.html"

    def _forms(self, data=None):
        meeting = self.get_object()
        version = AgendaVersionForm(data, instance=meeting, actor=self.actor)
        formset = AgendaFormSet(data, actor=self.actor, meeting=meeting, prefix="agenda")
        return version, formset

    def get(self, request, *args, **kwargs):
        version, formset = self._forms()
        return self.render_to_response(self.get_context_data(version=version, formset=formset))

    def post(self, request, *args, **kwargs):
        version, formset = self._forms(request.POST)
        if version.is_valid() & formset.is_valid():
            rows = formset.rows()
            if not any(form.errors for form in formset.forms):
                try:
                    with concurrency.checked_save(version):
                        services.save_agenda(self.actor, self.get_object(), rows)
                except concurrency.EditConflict:
                    concurrency.conflict_message(request)
                    del self._object
                    version, formset = self._forms(
                        concurrency.refreshed_data(request.POST, [version]))
                    return self.render_to_response(self.get_context_data(
                        version=version, formset=formset, agenda_conflict=True))
                messages.success(request, _("The agenda was saved."))
                return redirect(self.get_object().get_absolute_url() + "#agenda")
        return self.render_to_response(self.get_context_data(version=version, formset=formset))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        meeting = self.get_object()
        context.update(meeting=meeting,
                       concerns_to_propose=services.open_concerns(self.actor, meeting).count())
        return context


class ProposeConcerns(ObjectMixin, generic.View):
    """POST: put the open concerns of the invited communities not yet on the agenda at its
    head, after the items already linked to a concern (``services.apply_proposal``)."""

    model = Meeting
    action = Action.CHANGE
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        meeting = self.get_object()
        added = services.apply_proposal(self.actor, meeting)
        if added:
            # Agenda pages opened before this must not overwrite it.
            Meeting._base_manager.filter(pk=meeting.pk).update(lock_version=F("lock_version") + 1)
            messages.success(request, _("%(n)d open concern(s) were put at the head of the "
                                        "agenda.") % {"n": len(added)})
        else:
            messages.info(request, _("No open concern of the invited communities is missing "
                                     "from the agenda."))
        return redirect(reverse("dialogue:meeting_agenda", args=[meeting.pk]))


class FollowUpCreate(CreateOnceMixin, ObjectMixin, generic.FormView):
    """A follow-up of the meeting becomes a commitment, linked back to the meeting, in one step
    (also posted from the meeting's page)."""

    model = Meeting
    action = Action.CHANGE
    template_name = "dialogue/follow_up_form.html"

    def get_form(self, form_class=None):
        meeting = self.get_object()
        if not can(self.actor, Action.ADD, Commitment):
            raise PermissionDenied
        data = self.request.POST if self.request.method == "POST" else None
        form = FollowUpForm(data, actor=self.actor, meeting=meeting, prefix="follow_up",
                            initial=None if data else {"owner": self.request.user.pk})
        concurrency.add_token_field(form)
        return form

    def form_valid(self, form):
        meeting = self.get_object()
        try:
            commitment = services.add_follow_up(self.actor, meeting, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc.messages)
            return self.form_invalid(form)
        messages.success(self.request, _("The follow-up “%(name)s” is now a commitment.")
                         % {"name": commitment})
        return HttpResponseRedirect(meeting.get_absolute_url() + "#follow-ups")


    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["meeting"] = self.get_object()
        return context


class MeetingInvitation(ObjectMixin, generic.View):
    """The meeting as an ``.ics`` file, to put it in one's calendar."""

    model = Meeting
    http_method_names = ["get", "head"]

    def get(self, request, *args, **kwargs):
        meeting = self.get_object()
        response = HttpResponse(ical.meeting_invitation(self.actor, meeting),
                                content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="meeting-{meeting.pk}.ics"'
        response["Cache-Control"] = "no-store, private"
        return response


# --------------------------------------------------------------------------- the network


class NetworkOverview(ScopedListView):
    """Each organisation and the stage of network building reached with it (003 "3 steps"),
    derived from the meetings it came to (``stages.annotate_stages``)."""

    model = Organisation
    filterset_class = NetworkFilter
    paginator_class = BoundedPaginator
    template_name = "dialogue/network_overview.html"
    export_key = "dialogue.network_overview"

    def has_model_access(self) -> bool:
        return super().has_model_access() and can(self.actor, Action.VIEW, Meeting)

    def base_queryset(self):
        return annotate_stages(self.actor, Organisation.objects.all())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        per_stage = dict(visible(self.actor, self.base_queryset()).order_by()
                         .values_list("network_stage").annotate(n=Count("pk")))
        context["stages"] = [(0, _("No meeting yet"), per_stage.get(0, 0))] + [
            (stage.value, stage.label, per_stage.get(stage.value, 0)) for stage in NetworkStage]
        return context
