"""Forms of safe spaces and meetings. Every choice of a record (organisation, person, community,
safe space, concern, user) passes through the access layer (``ScopedModelForm`` /
``visible()``), so no record of another municipality is ever offered."""

from django import forms
from django.db.models import Q
from django.forms import BaseModelFormSet, modelformset_factory
from django.utils.translation import gettext_lazy as _

from coordinator.access import visible
from coordinator.autocomplete import SearchSelectMultiple
from coordinator.forms import ScopedModelForm
from coordinator.validation import HardenedFormMixin
from engagement.models import Commitment, Concern
from networks.models import Community, Organisation, Person

from . import services
from .models import AgendaItem, Attendance, Meeting, MeetingOrganisation, MeetingPerson, Objective, SafeSpace


def _date():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _time():
    return forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class SafeSpaceForm(ScopedModelForm):
    class Meta:
        model = SafeSpace
        fields = ["name", "place", "ground", "ground_explanation", "right_people", "notes_taken",
                  "press", "sensitive_information", "language", "accessibility"]
        widgets = {
            "ground": forms.RadioSelect, "press": forms.RadioSelect,
            **{name: forms.Textarea(attrs={"rows": 3}) for name in (
                "ground_explanation", "right_people", "sensitive_information", "accessibility")},
        }


class MeetingForm(ScopedModelForm):
    """Planning a meeting: what, why, when, where and whom it invites. A new meeting also takes
    the coordinator's own agenda items (``own_agenda``): the agenda then opens with the open
    concerns of the invited communities (``services.propose_agenda``), the coordinator's items
    after them."""

    objectives = forms.MultipleChoiceField(
        label=_("Objectives"), choices=Objective.choices, required=False,
        widget=forms.CheckboxSelectMultiple)
    invited_organisations = forms.ModelMultipleChoiceField(
        label=_("Organisations invited"), queryset=Organisation.objects.none(), required=False,
        widget=SearchSelectMultiple("networks.organisation"))
    invited_people = forms.ModelMultipleChoiceField(
        label=_("People invited"), queryset=Person.objects.none(), required=False,
        widget=SearchSelectMultiple("networks.person"))
    own_agenda = forms.CharField(
        label=_("Your own agenda items"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One item per line. They come after the open concerns of the invited "
                    "communities, which open the agenda."))

    class Meta:
        model = Meeting
        fields = ["title", "kind", "objectives", "rationale", "held_on", "starts_at", "ends_at",
                  "safe_space", "moderator", "organiser", "invited_communities",
                  "invited_organisations", "invited_people"]
        widgets = {
            "held_on": _date(), "starts_at": _time(), "ends_at": _time(),
            "rationale": forms.Textarea(attrs={"rows": 3}),
            "invited_communities": forms.CheckboxSelectMultiple,
        }
        error_messages = {"held_on": {"required": _("Enter the date of the meeting")}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["own_agenda"]
            self.fields["invited_organisations"].initial = list(
                self.instance.invitations.values_list("organisation", flat=True))
            self.fields["invited_people"].initial = list(
                self.instance.participants.values_list("person", flat=True))
        self.fields["invited_people"].queryset = (
            self.fields["invited_people"].queryset.select_related("organisation"))

    def values_of(self, meeting) -> dict:
        """The invitations as saved, for the edit-conflict panel (``concurrency.describe``)."""
        return {"invited_organisations": [row.organisation for row in meeting.invitations.all()],
                "invited_people": [row.person for row in meeting.participants.all()]}

    def _update_errors(self, errors):
        # The model refuses notes in a place where notes are not taken; this form has no notes
        # field, so the reason is shown on the choice of place.
        if hasattr(errors, "error_dict") and "notes" in errors.error_dict:
            errors.error_dict.setdefault("safe_space", []).extend(errors.error_dict.pop("notes"))
        super()._update_errors(errors)

    @property
    def own_items(self) -> list[str]:
        return (self.cleaned_data.get("own_agenda") or "").splitlines()

    def save(self, commit=True):
        meeting = super().save(commit=commit)
        if commit:
            services.set_invitations(meeting, self.cleaned_data["invited_organisations"],
                                     self.cleaned_data["invited_people"])
        return meeting


class MeetingRecordForm(ScopedModelForm):
    """After the meeting: who came (one choice per invited organisation and person), the
    communities not at the table at all, the takeaways and when and how they were sent back,
    and the notes, closed when the safe space's rules say notes are not taken."""

    class Meta:
        model = Meeting
        fields = ["absent_communities", "takeaways", "takeaways_sent_on", "takeaways_sent_how",
                  "notes"]
        widgets = {
            "takeaways_sent_on": _date(),
            "takeaways": forms.Textarea(attrs={"rows": 4}),
            "notes": forms.Textarea(attrs={"rows": 6}),
            "absent_communities": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        meeting = self.instance
        self.organisation_rows = list(
            meeting.invitations.filter(organisation__in=visible(
                self.actor, Organisation.objects.all())).select_related("organisation")
            .order_by("organisation__name", "pk"))
        self.person_rows = list(
            meeting.participants.filter(person__in=visible(self.actor, Person.objects.all()))
            .select_related("person").order_by("person__name", "pk"))
        for prefix, rows, attribute in (("organisation", self.organisation_rows, "organisation"),
                                        ("person", self.person_rows, "person")):
            for row in rows:
                self.fields[f"{prefix}_{row.pk}"] = forms.ChoiceField(
                    label=str(getattr(row, attribute)), choices=Attendance.choices,
                    initial=row.attendance, widget=forms.RadioSelect)
        if meeting.notes_closed:
            notes = self.fields["notes"]
            notes.disabled = True
            notes.help_text = _(
                "Closed: the rules of %(space)s say notes are not taken. Write down only the "
                "takeaways agreed with everyone.") % {"space": meeting.safe_space}

    def attendance_fields(self):
        """The bound attendance choices, organisations first."""
        return [self[name] for name in self.fields if name.startswith(("organisation_", "person_"))]

    def other_fields(self):
        return [self[name] for name in self.Meta.fields]

    def _answers(self, prefix, rows) -> dict:
        return {row.pk: self.cleaned_data[f"{prefix}_{row.pk}"] for row in rows
                if f"{prefix}_{row.pk}" in self.cleaned_data}

    def values_of(self, meeting) -> dict:
        rows = {f"organisation_{r.pk}": r.attendance for r in
                MeetingOrganisation._base_manager.filter(meeting=meeting)}
        rows.update({f"person_{r.pk}": r.attendance for r in
                     MeetingPerson._base_manager.filter(meeting=meeting)})
        return rows

    def save(self, commit=True):
        meeting = super().save(commit=commit)
        if commit:
            services.record_attendance(self.actor, meeting,
                                       self._answers("organisation", self.organisation_rows),
                                       self._answers("person", self.person_rows))
        return meeting


class AgendaVersionForm(ScopedModelForm):
    """No field of its own: carries the version of the meeting the agenda page was opened at,
    so two people editing one agenda cannot overwrite each other (``checked_save``)."""

    class Meta:
        model = Meeting
        fields: list = []


class AgendaItemForm(HardenedFormMixin, forms.ModelForm):
    class Meta:
        model = AgendaItem
        fields = ["position", "title", "concern"]
        widgets = {"position": forms.NumberInput(attrs={"min": 1, "max": 999})}

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["position"].required = False
        self.fields["position"].label = _("Position on the agenda")
        self.fields["position"].max_value = 999
        self.fields["title"].required = False  # an empty new row is skipped


#: New items one save may add: the page offers three empty rows; more is a forged TOTAL_FORMS.
MAX_NEW_ITEMS = 20


class BaseAgendaFormSet(BaseModelFormSet):
    """The agenda of one meeting. Takes ``actor`` and ``meeting``: the concern choices are the
    concerns ``actor`` may see of the communities the meeting invites (and those already on its
    agenda)."""

    validate_max = True

    def __init__(self, *args, actor, meeting, **kwargs):
        self.actor, self.meeting = actor, meeting
        kwargs["queryset"] = visible(actor, AgendaItem.objects.filter(meeting=meeting)).order_by(
            "position", "pk")
        super().__init__(*args, **kwargs)
        self.max_num = self.absolute_max = len(self.get_queryset()) + MAX_NEW_ITEMS
        communities = meeting.invited_communities.values("pk")
        linked = AgendaItem._base_manager.filter(meeting=meeting).values("concern")
        self.concerns = visible(actor, Concern.objects.all()).filter(
            Q(community__in=communities) | Q(pk__in=linked)).order_by("topic", "pk")

    def add_fields(self, form, index):
        super().add_fields(form, index)
        form.fields["concern"].queryset = self.concerns
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = _("Remove this item from the agenda")

    def rows(self):
        """``(item or None, title, concern, position, delete)`` per filled row, for
        ``services.save_agenda``."""
        result = []
        for form in self.forms:
            data = form.cleaned_data
            if not data:
                continue
            item = form.instance if form.instance.pk else None
            title = (data.get("title") or "").strip()
            delete = bool(data.get("DELETE"))
            if not title and item is None:
                continue
            if not title and not delete:
                form.add_error("title", _("Give the item a title, or tick “Remove this item "
                                          "from the agenda”."))
                continue
            result.append((item, title, data.get("concern"), data.get("position"), delete))
        return result


AgendaFormSet = modelformset_factory(AgendaItem, form=AgendaItemForm, formset=BaseAgendaFormSet,
                                     extra=3, can_delete=True)


class FollowUpForm(ScopedModelForm):
    """A follow-up of a meeting, recorded as a commitment in one step
    (``services.add_follow_up``). The community choices are the communities the meeting invites
    (those the actor may see)."""

    class Meta:
        model = Commitment
        fields = ["description", "made_to", "community", "owner", "due_on"]
        widgets = {"due_on": _date()}

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        invited = visible(self.actor, Community.objects.filter(
            pk__in=meeting.invited_communities.values("pk")))
        self.fields["community"].queryset = invited.order_by("name")
        self.fields["description"].label = _("Follow-up: what was promised")
