"""Forms of the crisis response. Every choice of a record (community, protocol, meeting,
commitment, user) passes through the access layer (``ScopedModelForm``), so no record of
another municipality is ever offered."""

from django import forms
from django.utils.translation import gettext_lazy as _

from coordinator.forms import ScopedModelForm
from coordinator.validation import HardenedFormMixin

from .models import (
    Briefing,
    Channel,
    CheckIn,
    CrisisProtocol,
    CrisisTeam,
    HateIncident,
    ImpactAssessment,
    Incident,
    IncidentStatus,
    MediaRequest,
    RecoveryAction,
    Statement,
    TeamMember,
)


def _date():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _when():
    return forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def _text(rows=3):
    return forms.Textarea(attrs={"rows": rows})


class ProtocolForm(ScopedModelForm):
    class Meta:
        model = CrisisProtocol
        fields = ["title", "incident_kind", "call_order", "checks", "press_contact",
                  "review_interval_days", "last_reviewed_on"]
        widgets = {"call_order": _text(5), "checks": _text(), "last_reviewed_on": _date()}


class TeamForm(ScopedModelForm):
    class Meta:
        model = CrisisTeam
        fields = ["name", "kind", "organisation", "purpose", "review_interval_days",
                  "last_reviewed_on"]
        widgets = {"purpose": _text(), "last_reviewed_on": _date()}


class TeamMemberForm(ScopedModelForm):
    class Meta:
        model = TeamMember
        fields = ["name", "role", "phone", "email", "availability"]


class IncidentForm(ScopedModelForm):
    """Opening an incident: what happened, where and when, the communities that may be
    affected and the protocol followed."""

    class Meta:
        model = Incident
        fields = ["title", "kind", "scale", "occurred_at", "place", "description", "communities",
                  "protocol", "chase_after_hours"]
        widgets = {"occurred_at": _when(), "description": _text(4),
                   "communities": forms.CheckboxSelectMultiple}
        error_messages = {"occurred_at": {"required": _("Enter when it happened")}}


class IncidentUpdateForm(IncidentForm):
    """Editing an incident, and linking the dialogue events and commitments of recovery."""

    class Meta(IncidentForm.Meta):
        fields = [*IncidentForm.Meta.fields, "status", "meetings", "commitments"]
        widgets = {**IncidentForm.Meta.widgets, "meetings": forms.CheckboxSelectMultiple,
                   "commitments": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Closing takes the lessons learned: its own page.
        self.fields["status"].choices = [(s.value, s.label) for s in IncidentStatus
                                         if s != IncidentStatus.CLOSED]


class TimelineForm(HardenedFormMixin, forms.Form):
    text = forms.CharField(label=_("What was done"), max_length=2000, widget=_text(2))


class AnswerForm(HardenedFormMixin, forms.Form):
    """The answer to a check-in, with the version it was read at (a concurrent answer is
    detected, never overwritten)."""

    channel = forms.ChoiceField(label=_("How was it answered?"), choices=Channel.choices,
                                widget=forms.RadioSelect,
                                error_messages={"required": _("Select how it was answered")})
    concerns = forms.CharField(label=_("Concerns"), required=False, max_length=5000,
                               widget=_text())
    needs = forms.CharField(label=_("Needs"), required=False, max_length=5000, widget=_text())
    fears = forms.CharField(label=_("Fears"), required=False, max_length=5000, widget=_text())
    rumours = forms.CharField(label=_("Rumours heard"), required=False, max_length=5000,
                              widget=_text())
    support_asked = forms.CharField(label=_("Support asked"), required=False, max_length=5000,
                                    widget=_text())
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, max_value=2**31 - 1)

    def __init__(self, *args, check_in: CheckIn, portal: bool = False, **kwargs):
        kwargs.setdefault("label_suffix", "")
        initial = {name: getattr(check_in, name) for name in CheckIn.ANSWER_FIELDS}
        initial.update(version=check_in.lock_version,
                       channel=check_in.channel or (Channel.PORTAL if portal else Channel.PHONE))
        kwargs["initial"] = {**initial, **(kwargs.get("initial") or {})}
        super().__init__(*args, **kwargs)
        if portal:
            # In the portal, the channel is the portal itself; the words are the
            # representative's own.
            del self.fields["channel"]
            self.fields["concerns"].label = _("What worries you and your community?")
            self.fields["needs"].label = _("What do you need?")
            self.fields["fears"].label = _("What are people afraid of?")
            self.fields["rumours"].label = _("What are people saying (rumours)?")
            self.fields["support_asked"].label = _("What support would help?")


class ImpactForm(ScopedModelForm):
    class Meta:
        model = ImpactAssessment
        fields = ["community", "assessed_on", "people_affected", "fear", "hate_incidents_reported",
                  "media_pressure", "polarisation_risk", "note"]
        widgets = {"assessed_on": _date(), "note": _text(2)}

    def validate_unique(self):
        # One per community and day is checked on save (services.save_new): the incident is
        # set by the service, not by the form.
        pass


class HateIncidentForm(ScopedModelForm):
    class Meta:
        model = HateIncident
        fields = ["occurred_on", "community", "description", "reported_to_police"]
        widgets = {"occurred_on": _date(), "description": _text(2)}


class StatementForm(ScopedModelForm):
    class Meta:
        model = Statement
        fields = ["title", "text"]
        widgets = {"text": _text(8)}


class BriefingForm(ScopedModelForm):
    class Meta:
        model = Briefing
        fields = ["briefed_at", "who", "feedback"]
        widgets = {"briefed_at": _when(), "who": _text(2), "feedback": _text(3)}
        error_messages = {"briefed_at": {"required": _("Enter when they were briefed")}}


class MediaRequestForm(ScopedModelForm):
    class Meta:
        model = MediaRequest
        fields = ["outlet", "received_at", "request", "answer", "answered_at"]
        widgets = {"received_at": _when(), "answered_at": _when(), "request": _text(2),
                   "answer": _text(3)}
        error_messages = {"received_at": {"required": _("Enter when the request came in")}}


class RecoveryActionForm(ScopedModelForm):
    class Meta:
        model = RecoveryAction
        fields = ["description", "owner", "due_on", "done_on"]
        widgets = {"due_on": _date(), "done_on": _date()}


class CloseForm(HardenedFormMixin, forms.Form):
    lessons_learned = forms.CharField(
        label=_("Lessons learned"), max_length=10000, widget=_text(6),
        help_text=_("What worked, what did not, and what to prepare before the next crisis."))
