"""Form building blocks shared by every app: choices scoped to the current municipality."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from .access import STAFF, visible
from .models import Commitment, CommitmentStatus, Interaction, Preconditions


class ListTextField(forms.CharField):
    """A list of short strings typed as one comma-separated line (e.g. languages).

    Returns ``list[str]`` without blanks or duplicates, in the order typed."""

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return ", ".join(value)
        return value

    def to_python(self, value):
        text = super().to_python(value)
        items = [item.strip() for item in text.split(",")]
        return list(dict.fromkeys(item for item in items if item))


def users_of(municipality):
    """Users with a staff membership of ``municipality``: the only valid points of contact."""
    return (
        get_user_model().objects.filter(
            memberships__municipality=municipality, memberships__role__in=STAFF
        )
        .order_by("first_name", "last_name", "username")
        .distinct()
    )


def restrict_choices(form, actor, exclude_instance=True):
    """Pass every model choice of ``form`` through the access layer: users are limited to the
    staff of the actor's municipality, every other model to ``visible(actor, queryset)``.
    A model with no access policy raises ``NoPolicy``: choices are never open by default
    (NetBox ``restrict_form_fields``)."""
    for field in form.fields.values():
        queryset = getattr(field, "queryset", None)
        if queryset is None:
            continue
        model = queryset.model
        if model is get_user_model():
            field.queryset = users_of(actor.municipality_id)
            field.label_from_instance = lambda u: u.get_full_name() or u.get_username()
            continue
        # Declared at import time, outside any scope: rebuild from the model, then narrow.
        queryset = visible(actor, model._default_manager.all())
        instance = getattr(form, "instance", None)
        if exclude_instance and instance is not None and instance.pk and model is type(instance):
            queryset = queryset.exclude(pk=instance.pk)
        field.queryset = queryset


class ScopedModelForm(forms.ModelForm):
    """A ModelForm for one actor: every choice of a related record or user passes through the
    access layer (``restrict_choices``), and the instance is stamped with the actor's
    municipality.

    Takes ``actor`` (a ``coordinator.access.Actor``) as a keyword argument (required)."""

    def __init__(self, *args, actor, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.actor = actor
        self.municipality = actor.municipality
        self.instance.municipality = actor.municipality
        restrict_choices(self, actor)


class PreconditionsForm(forms.ModelForm):
    class Meta:
        model = Preconditions
        fields = ["effects_wanted", "short_term_goals", "long_term_goals", "budget_eur",
                  "staff_hours_per_month", "resources_notes"]
        widgets = {name: forms.Textarea(attrs={"rows": 3}) for name in
                   ("effects_wanted", "short_term_goals", "long_term_goals", "resources_notes")}


class InteractionForm(ScopedModelForm):
    class Meta:
        model = Interaction
        fields = ["kind", "occurred_on", "community", "people", "organisations", "needs_heard",
                  "interests_heard", "concerns_heard", "follow_up"]
        widgets = {
            "occurred_on": forms.DateInput(attrs={"type": "date"}),
            "people": forms.CheckboxSelectMultiple,
            "organisations": forms.CheckboxSelectMultiple,
            **{name: forms.Textarea(attrs={"rows": 3}) for name in
               ("needs_heard", "interests_heard", "concerns_heard", "follow_up")},
        }

    def clean(self):
        cleaned = super().clean()
        if not (cleaned.get("community") or cleaned.get("people") or cleaned.get("organisations")):
            raise forms.ValidationError(
                _("Say whom the contact was with: a community, people or organisations.")
            )
        return cleaned


class CommitmentForm(ScopedModelForm):
    class Meta:
        model = Commitment
        fields = ["description", "made_to", "community", "interaction", "owner", "due_on",
                  "status", "dropped_reason"]
        widgets = {
            "due_on": forms.DateInput(attrs={"type": "date"}),
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
