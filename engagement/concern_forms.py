"""Forms of the concerns: the whole record (register, edit) and one small form per step of its
way to an answer (pass on, answer, report back, close). Every form is a ``ScopedModelForm``:
choices through the access layer, the edit version checked on save. The rules of each state
are the model's (``Concern.clean``)."""

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coordinator.access import Action, can
from coordinator.forms import ScopedModelForm
from coordinator.validation import HardenedFormMixin

from .concerns import SOURCES
from .models import ANSWERED_STATES, WAITING_STATES, Concern, ConcernState

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

#: Fields of the follow-up, which only those who may change concerns fill in: a partner
#: professional whose agreement lets them add concerns registers what was heard, the
#: municipality answers.
FOLLOW_UP_FIELDS = ("owner", "state", "routed_to_department", "routed_to_organisation", "answer",
                    "answered_on", "reported_back_on", "reported_back_how")


class _FieldlessErrorsMixin:
    """Model errors about a field the form does not show go to the form's own errors, rather
    than raising ``ValueError`` in ``add_error`` (a step's form shows a few fields; the model
    checks them all)."""

    def _update_errors(self, errors):
        if hasattr(errors, "error_dict"):
            folded: dict = {}
            for name, messages in errors.error_dict.items():
                key = name if name in self.fields else NON_FIELD_ERRORS
                folded.setdefault(key, []).extend(messages)
            errors = ValidationError(folded)
        super()._update_errors(errors)


class ConcernForm(_FieldlessErrorsMixin, ScopedModelForm):
    """Register or edit a concern. Without the right to change concerns, only what was heard."""

    class Meta:
        model = Concern
        fields = ["topic", "community", "description", "raised_on", "raised_by_organisation",
                  "raised_by_person", "interaction", *FOLLOW_UP_FIELDS]
        widgets = {
            "raised_on": DATE, "answered_on": DATE, "reported_back_on": DATE,
            "description": forms.Textarea(attrs={"rows": 3}),
            "answer": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not can(self.actor, Action.CHANGE, Concern):
            for name in FOLLOW_UP_FIELDS:
                self.fields.pop(name, None)
        if "interaction" in self.fields:
            self.fields["interaction"].queryset = (
                self.fields["interaction"].queryset.select_related("community"))


class _StepForm(_FieldlessErrorsMixin, ScopedModelForm):
    """One step of a concern's way: allowed from the states ``allowed_from``; saving puts the
    concern in ``target`` (checked by ``Concern.clean`` with the form's values)."""

    target: str = ""
    allowed_from: tuple = ()

    def clean(self):
        cleaned = super().clean()
        if self.instance.state not in self.allowed_from:
            raise ValidationError(
                _("This cannot be done while the concern is “%(state)s”."),
                params={"state": self.instance.get_state_display()}, code="state")
        return cleaned

    def _post_clean(self):
        previous = self.instance.state
        self.instance.state = self.target
        super()._post_clean()
        if self.errors:
            self.instance.state = previous


class RouteForm(_StepForm):
    target = ConcernState.ROUTED
    allowed_from = WAITING_STATES

    class Meta:
        model = Concern
        fields = ["routed_to_department", "routed_to_organisation", "owner"]


class AnswerForm(_StepForm):
    target = ConcernState.ANSWERED
    allowed_from = (*WAITING_STATES, ConcernState.ANSWERED)

    class Meta:
        model = Concern
        fields = ["answer", "answered_on"]
        widgets = {"answer": forms.Textarea(attrs={"rows": 4}), "answered_on": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["answer"].required = True
        self.fields["answered_on"].required = True
        # The instance's None is in ``initial`` already: today is the likely day.
        self.initial["answered_on"] = self.instance.answered_on or timezone.localdate()


class ReportBackForm(_StepForm):
    target = ConcernState.REPORTED_BACK
    allowed_from = ANSWERED_STATES

    class Meta:
        model = Concern
        fields = ["reported_back_on", "reported_back_how"]
        widgets = {"reported_back_on": DATE}
        help_texts = {"reported_back_how": _("At the next meeting, by letter, by phone, through "
                                             "the community's own newsletter…")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reported_back_on"].required = True
        self.fields["reported_back_how"].required = True
        self.initial["reported_back_on"] = self.instance.reported_back_on or timezone.localdate()


class CloseForm(_StepForm):
    """Close; a concern never answered needs the reason, kept as its ``answer``."""

    target = ConcernState.CLOSED
    allowed_from = tuple(s for s in ConcernState.values if s != ConcernState.CLOSED)

    class Meta:
        model = Concern
        fields = ["answer"]
        widgets = {"answer": forms.Textarea(attrs={"rows": 3})}
        labels = {"answer": _("Why it is closed without an answer")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.answered_on:
            del self.fields["answer"]
        else:
            self.fields["answer"].required = True


class FromInteractionForm(HardenedFormMixin, forms.Form):
    """The one-click button of an interaction's page: which text to register."""

    source = forms.ChoiceField(choices=[(key, key) for key in SOURCES], widget=forms.HiddenInput)
