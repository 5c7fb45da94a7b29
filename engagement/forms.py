"""Forms of the engagement process: preconditions and their goals, interactions and
commitments."""

from django import forms
from django.utils.translation import gettext_lazy as _

from coordinator.autocomplete import SearchSelectMultiple
from coordinator.forms import ScopedModelForm
from coordinator.validation import HardenedFormMixin

from .models import (
    Commitment,
    CommitmentStatus,
    GoalReview,
    GoalStatus,
    Interaction,
    PreconditionGoal,
    Preconditions,
)


class PreconditionsForm(HardenedFormMixin, forms.ModelForm):
    class Meta:
        model = Preconditions
        fields = ["effects_wanted", "budget_eur", "staff_hours_per_month", "resources_notes"]
        widgets = {name: forms.Textarea(attrs={"rows": 3}) for name in
                   ("effects_wanted", "resources_notes")}


class PreconditionGoalForm(ScopedModelForm):
    """A goal of the preconditions; a measurable target is asked for (002 step 1.1)."""

    class Meta:
        model = PreconditionGoal
        fields = ["term", "goal", "target", "target_value", "due_on", "review_interval_days",
                  "next_review_on", "status"]
        widgets = {
            "goal": forms.Textarea(attrs={"rows": 2}),
            "due_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "next_review_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].required = True
        if not self.instance.pk:
            del self.fields["status"]  # a new goal is in progress


class GoalReviewForm(ScopedModelForm):
    """A review of one goal's progress, and where the goal stands after it."""

    status = forms.ChoiceField(label=_("The goal is now"), choices=GoalStatus.choices)

    class Meta:
        model = GoalReview
        fields = ["reviewed_on", "progress", "percent_done", "measured_value", "next_review_on"]
        widgets = {
            "reviewed_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "next_review_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "progress": forms.Textarea(attrs={"rows": 3}),
        }


class InteractionForm(ScopedModelForm):
    """A logged contact. Asking something of a key figure who was asked often lately needs a
    second look (``ask_anyway``): the network gets tired of being asked (003 "Don'ts"; issue 12
    "a warning before another is logged above a threshold")."""

    ask_anyway = forms.BooleanField(
        label=_("Ask anyway"), required=False,
        help_text=_("Tick only after the warning about a key figure who was asked often."))

    class Meta:
        model = Interaction
        fields = ["kind", "occurred_on", "community", "people", "organisations", "needs_heard",
                  "interests_heard", "concerns_heard", "follow_up", "asked_of_community"]
        widgets = {
            "occurred_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            # A city has thousands: an autocomplete, not a box per record (issue 13).
            "people": SearchSelectMultiple("networks.person"),
            "organisations": SearchSelectMultiple("networks.organisation"),
            **{name: forms.Textarea(attrs={"rows": 3}) for name in
               ("needs_heard", "interests_heard", "concerns_heard", "follow_up")},
        }

    def clean(self):
        cleaned = super().clean()
        if not (cleaned.get("community") or cleaned.get("people") or cleaned.get("organisations")):
            raise forms.ValidationError(
                _("Say whom the contact was with: a community, people or organisations.")
            )
        if cleaned.get("asked_of_community") and not cleaned.get("ask_anyway"):
            self._warn_about_asks(cleaned.get("people") or [])
        return cleaned

    def _warn_about_asks(self, people):
        from .asks import OVERUSE_ASKS_30_DAYS, overused

        chosen = {p.pk for p in people}
        tired = [p for p in overused(self.actor) if p.pk in chosen
                 and not (self.instance.pk and self.instance.asked_of_community)]
        if tired:
            names = ", ".join(f"{p.name} ({p.asks_30})" for p in tired)
            self.add_error("asked_of_community", _(
                "Already asked %(n)s times or more in 30 days: %(names)s. Could someone else "
                "help, or could it wait? Tick “Ask anyway” to log it.")
                % {"n": OVERUSE_ASKS_30_DAYS, "names": names})


class CommitmentForm(ScopedModelForm):
    class Meta:
        model = Commitment
        fields = ["description", "made_to", "organisation", "community", "interaction", "owner",
                  "due_on", "status", "dropped_reason"]
        widgets = {
            "due_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "dropped_reason": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            self.fields["status"].choices = [
                (CommitmentStatus.OPEN.value, CommitmentStatus.OPEN.label)
            ]
        self.fields["interaction"].queryset = self.fields["interaction"].queryset.select_related(
            "community"
        )
