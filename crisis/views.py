"""The crisis pages: protocols and teams prepared before, the incident page where a crisis
night is run (timeline, check-ins, impact, hate incidents, statements, media, recovery), and
closing it. Thin views over the generic bases (``coordinator.generic``) and the services
(``crisis.services``); every record is reached through the access layer."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import generic

from coordinator.access import Action, can, get_for, visible
from coordinator.concurrency import EditConflict, conflict_message
from coordinator.generic import (
    CreateOnceMixin,
    ObjectMixin,
    ScopedCreateView,
    ScopedDetailView,
    ScopedListView,
    ScopedUpdateView,
    StaffMixin,
)

from . import reports, services
from .forms import (
    AnswerForm,
    BriefingForm,
    CloseForm,
    HateIncidentForm,
    ImpactForm,
    IncidentForm,
    IncidentUpdateForm,
    MediaRequestForm,
    ProtocolForm,
    RecoveryActionForm,
    StatementForm,
    TeamForm,
    TeamMemberForm,
    TimelineForm,
)
from .models import (
    CheckIn,
    CrisisProtocol,
    CrisisTeam,
    HateIncident,
    ImpactAssessment,
    Incident,
    MediaRequest,
    RecoveryAction,
    Statement,
    TeamMember,
)

# --------------------------------------------------------------------------- before a crisis


class ProtocolList(ScopedListView):
    model = CrisisProtocol


class ProtocolCreate(ScopedCreateView):
    model = CrisisProtocol
    form_class = ProtocolForm
    success_message = gettext_lazy("The protocol “%(name)s” was saved.")


class ProtocolDetail(ScopedDetailView):
    model = CrisisProtocol


class ProtocolUpdate(ScopedUpdateView):
    model = CrisisProtocol
    form_class = ProtocolForm
    success_message = gettext_lazy("The protocol “%(name)s” was saved.")


class TeamList(ScopedListView):
    model = CrisisTeam

    def base_queryset(self):
        return CrisisTeam.objects.select_related("organisation")


class TeamCreate(ScopedCreateView):
    model = CrisisTeam
    form_class = TeamForm
    success_message = gettext_lazy("The team “%(name)s” was saved.")


class TeamDetail(ScopedDetailView):
    model = CrisisTeam

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            members=visible(self.actor, self.object.members.all()), **kwargs)


class TeamUpdate(ScopedUpdateView):
    model = CrisisTeam
    form_class = TeamForm
    success_message = gettext_lazy("The team “%(name)s” was saved.")


class TeamMemberCreate(ScopedCreateView):
    model = TeamMember
    form_class = TeamMemberForm
    template_name = "crisis/child_form.html"

    def team(self):
        if not hasattr(self, "_team"):
            self._team = get_for(self.actor, CrisisTeam.objects.all(), self.kwargs["pk"],
                                 Action.CHANGE)
        return self._team

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = TeamMember(team=self.team())
        return kwargs

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=_("Add a member to %(team)s") % {
            "team": self.team()}, back=self.team().get_absolute_url(), **kwargs)

    def get_success_url(self):
        return self.team().get_absolute_url()


# --------------------------------------------------------------------------- incidents


class IncidentList(ScopedListView):
    model = Incident


class IncidentCreate(ScopedCreateView):
    model = Incident
    form_class = IncidentForm

    def form_valid(self, form):
        incident = form.save(commit=False)
        try:
            services.open_incident(self.actor, incident, form.cleaned_data["communities"])
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Incident opened. Check in with the network next."))
        return redirect(incident.get_absolute_url())


class IncidentUpdate(ScopedUpdateView):
    model = Incident
    form_class = IncidentUpdateForm
    success_message = gettext_lazy("The incident “%(name)s” was saved.")


class IncidentDetail(ScopedDetailView):
    """The incident page: everything of the response on one page, in the order of a crisis
    night."""

    model = Incident

    def get_context_data(self, **kwargs):
        incident, actor = self.object, self.actor
        check_ins = list(visible(actor, incident.check_ins.select_related(
            "organisation", "person", "community", "responsible")).order_by("status", "pk"))
        impacts = list(visible(actor, incident.impacts.select_related("community"))
                       .order_by("community__name", "assessed_on", "pk"))
        statements = list(visible(actor, incident.statements.prefetch_related("briefings")))
        days = services.hate_incidents_per_day(incident, actor)
        return super().get_context_data(
            timeline=visible(actor, incident.timeline.select_related("by")),
            communities=visible(actor, incident.communities.all()),
            check_ins=check_ins,
            answered=sum(1 for c in check_ins if c.is_answered),
            impacts=impacts,
            hate_days=days, hate_max=max((n for _day, n in days), default=0),
            hate_incidents=visible(actor, incident.hate_incidents.select_related("community")),
            statements=statements,
            media_requests=visible(actor, incident.media_requests.all()),
            recovery_actions=visible(actor, incident.recovery_actions.select_related("owner")),
            meetings=visible(actor, incident.meetings.all()),
            commitments=visible(actor, incident.commitments.all()),
            hate_chart=reports.hate_chart(actor, incident),
            reports=reports.reports_for(actor, incident),
            may_report=reports.can_request_report(actor, incident),
            entry_form=TimelineForm(), **kwargs)


class _IncidentAction(StaffMixin):
    """A page or POST acting on one incident (``self.incident()``, checked for "change")."""

    model = Incident
    object_page = True

    def incident(self) -> Incident:
        if not hasattr(self, "_incident"):
            self._incident = get_for(self.actor, Incident.objects.all(), self.kwargs["pk"],
                                     Action.CHANGE)
        return self._incident

    def back(self, anchor: str = "") -> str:
        return self.incident().get_absolute_url() + anchor


class AddEntry(_IncidentAction, generic.View):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        form = TimelineForm(request.POST)
        if form.is_valid():
            try:
                services.add_entry(self.actor, self.incident(), form.cleaned_data["text"])
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
        else:
            messages.error(request, _("Say what was done (2,000 characters at most)."))
        return redirect(self.back("#timeline"))


class CheckInWithNetwork(_IncidentAction, generic.View):
    """POST: check in with every organisation and key figure of the affected communities and
    their neighbours that has no check-in yet."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        made = services.check_in_with_network(self.actor, self.incident())
        if made:
            messages.success(request, _("%(n)s check-ins are waiting for an answer.") % {"n": made})
        else:
            messages.info(request, _("Everyone of the network has a check-in already. Add "
                                     "communities to the incident to reach more."))
        return redirect(self.back("#check-ins"))


class IncidentChildCreate(CreateOnceMixin, _IncidentAction, generic.FormView):
    """Add a record of ``child`` to the incident through ``form_class``."""

    template_name = "crisis/child_form.html"
    child = None
    heading = ""
    anchor = ""
    done = gettext_lazy("Saved.")
    # A page over the child model first (403 without the right to add it, like every create
    # page), then the incident is found (404): _IncidentAction's object_page skipped the check.
    object_page = False

    def has_model_access(self):
        return can(self.actor, Action.ADD, self.child)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.update(actor=self.actor, instance=self.child(incident=self.incident()))
        return kwargs

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=self.heading, incident=self.incident(),
                                        back=self.back(self.anchor), **kwargs)

    def form_valid(self, form):
        record = form.save(commit=False)
        try:
            self.save(record)
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, self.done)
        return redirect(self.back(self.anchor))

    def save(self, record):
        services.save_new(self.actor, record, self.incident())


class ImpactCreate(IncidentChildCreate):
    child, form_class, anchor = ImpactAssessment, ImpactForm, "#impact"
    heading = gettext_lazy("Assess the impact on a community")


class HateIncidentCreate(IncidentChildCreate):
    child, form_class, anchor = HateIncident, HateIncidentForm, "#hate-incidents"
    heading = gettext_lazy("Record a hate incident")

    def save(self, record):
        record.recorded_by = self.actor.user
        super().save(record)


class StatementCreate(IncidentChildCreate):
    child, form_class, anchor = Statement, StatementForm, "#statements"
    heading = gettext_lazy("Draft a statement")
    done = gettext_lazy("Statement drafted. Brief the network with it before the press.")

    def save(self, record):
        record.drafted_by = self.actor.user
        super().save(record)


class MediaRequestCreate(IncidentChildCreate):
    child, form_class, anchor = MediaRequest, MediaRequestForm, "#media"
    heading = gettext_lazy("Record a media request")


class RecoveryActionCreate(IncidentChildCreate):
    child, form_class, anchor = RecoveryAction, RecoveryActionForm, "#recovery"
    heading = gettext_lazy("Add a recovery action")


class _ChildUpdate(ScopedUpdateView):
    """Edit a record of an incident; back to the incident page."""

    template_name = "crisis/child_form.html"
    anchor = ""

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            title=str(self.object), incident=self.object.incident,
            back=self.object.incident.get_absolute_url() + self.anchor, **kwargs)

    def get_success_url(self):
        return self.object.incident.get_absolute_url() + self.anchor


class StatementUpdate(_ChildUpdate):
    model, form_class, anchor = Statement, StatementForm, "#statements"

    def form_valid(self, form):
        if self.get_object().is_released:
            form.add_error(None, _("This statement was released: it is no longer changed."))
            return self.form_invalid(form)
        return super().form_valid(form)


class MediaRequestUpdate(_ChildUpdate):
    model, form_class, anchor = MediaRequest, MediaRequestForm, "#media"


class RecoveryActionUpdate(_ChildUpdate):
    model, form_class, anchor = RecoveryAction, RecoveryActionForm, "#recovery"


class BriefingCreate(CreateOnceMixin, ObjectMixin, generic.FormView):
    """Record that the network was briefed with a statement, and its feedback."""

    model = Statement
    action = Action.CHANGE
    form_class = BriefingForm
    template_name = "crisis/child_form.html"

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.update(actor=self.actor, instance=self.child_instance())
        return kwargs

    def child_instance(self):
        from .models import Briefing

        statement = self.get_object()
        return Briefing(statement=statement, incident=statement.incident)

    def get_context_data(self, **kwargs):
        statement = self.get_object()
        return super().get_context_data(
            title=_("Brief the network with “%(title)s”") % {"title": statement.title},
            incident=statement.incident, statement=statement,
            back=statement.incident.get_absolute_url() + "#statements", **kwargs)

    def form_valid(self, form):
        statement = self.get_object()
        data = form.cleaned_data
        try:
            services.record_briefing(self.actor, statement, who=data["who"],
                                     feedback=data["feedback"], briefed_at=data["briefed_at"])
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The briefing is recorded: the statement may now be "
                                         "released."))
        return redirect(statement.incident.get_absolute_url() + "#statements")


class ReleaseStatement(ObjectMixin, generic.View):
    """POST: mark a statement released; refused, with the reason, before a briefing."""

    model = Statement
    action = Action.CHANGE
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        statement = self.get_object()
        try:
            services.release_statement(self.actor, statement)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The statement is marked released to the press."))
        return redirect(statement.incident.get_absolute_url() + "#statements")


class CheckInAnswer(ObjectMixin, generic.FormView):
    """One check-in: who, and the answer given by phone or in person (staff). The answer is
    saved with the version it was read at: a concurrent answer is shown, never overwritten."""

    model = CheckIn
    action = Action.CHANGE
    form_class = AnswerForm
    template_name = "crisis/checkin_form.html"

    def base_queryset(self):
        return CheckIn.objects.select_related("incident", "organisation", "person", "community")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "check_in": self.get_object()}

    def get_context_data(self, **kwargs):
        check_in = self.get_object()
        return super().get_context_data(check_in=check_in, incident=check_in.incident, **kwargs)

    def form_valid(self, form):
        check_in = self.get_object()
        data = form.cleaned_data
        try:
            services.answer_check_in(
                self.actor, check_in, version=data["version"], channel=data["channel"],
                **{name: data[name] for name in CheckIn.ANSWER_FIELDS})
        except EditConflict:
            conflict_message(self.request)
            fresh = CheckIn.objects.get(pk=check_in.pk)
            return self.render_to_response(self.get_context_data(
                form=AnswerForm(check_in=fresh), answer_conflict=True))
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The answer of %(who)s is recorded.") % {
            "who": check_in})
        return redirect(check_in.incident.get_absolute_url() + "#check-ins")


class CloseIncident(_IncidentAction, generic.FormView):
    form_class = CloseForm
    template_name = "crisis/incident_close.html"

    def get_initial(self):
        return {"lessons_learned": self.incident().lessons_learned}

    def get_context_data(self, **kwargs):
        return super().get_context_data(incident=self.incident(), **kwargs)

    def form_valid(self, form):
        try:
            services.close_incident(self.actor, self.incident(),
                                    form.cleaned_data["lessons_learned"])
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The incident is closed, with its lessons learned."))
        return redirect(self.back())
