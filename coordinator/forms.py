"""Form building blocks shared by every app: choices scoped to the current municipality."""

from django import forms
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from .models import STAFF_ROLES, Commitment, CommitmentStatus, Interaction, Preconditions
from .validation import HardenedFormMixin, explain_unique_in_municipality, reject_control_characters


class ListTextField(forms.CharField):
    """A list of short strings typed as one comma-separated line (e.g. languages).

    Returns ``list[str]`` without blanks or duplicates, in the order typed."""

    # Checked on the parsed list: CharField's own NUL check sees only the list's repr (issue 8).
    default_validators = [reject_control_characters]

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
            memberships__municipality=municipality, memberships__role__in=STAFF_ROLES
        )
        .order_by("first_name", "last_name", "username")
        .distinct()
    )


class ScopedModelForm(HardenedFormMixin, forms.ModelForm):
    """A ModelForm bound to one municipality: every choice of a related domain record or user is
    limited to that municipality, and the instance is stamped with it on save.

    Takes ``municipality`` as a keyword argument (required). Input is hardened
    (``coordinator.validation``); constraints that include the municipality (a unique name per
    municipality) are validated as form errors, and a duplicate saved meanwhile by someone else
    is reported by ``save()`` (see there), never a server error."""

    def __init__(self, *args, municipality, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.municipality = municipality
        self.instance.municipality = municipality
        for field in self.fields.values():
            queryset = getattr(field, "queryset", None)
            if queryset is None:
                continue
            model = queryset.model
            if model is get_user_model():
                field.queryset = users_of(municipality)
                field.label_from_instance = lambda u: u.get_full_name() or u.get_username()
            elif hasattr(model, "municipality"):
                queryset = queryset.filter(municipality=municipality)
                if self.instance.pk and model is type(self.instance):
                    queryset = queryset.exclude(pk=self.instance.pk)
                field.queryset = queryset

    # Issue 8: unique per municipality, also under a race ------------------------------------

    def _get_validation_exclusions(self):
        # ``municipality`` is no form field, so Django would leave it out of validation and with
        # it every constraint that names it (a duplicate name became an IntegrityError). It is
        # stamped in __init__, so it can be checked.
        exclude = super()._get_validation_exclusions()
        exclude.discard("municipality")
        return exclude

    def _update_errors(self, errors):
        super()._update_errors(explain_unique_in_municipality(errors, self.fields))

    def save(self, commit=True):
        """Save as ``ModelForm.save``, in a savepoint. If the database refuses the row
        (``IntegrityError``: the same name saved by someone else between validation and save,
        e.g. a second click), nothing is saved, the reason is put on the form and
        ``ValidationError`` is raised: the view re-renders the form (``form_invalid``)."""
        if not commit:
            return super().save(commit=False)
        try:
            with transaction.atomic():
                return super().save(commit=True)
        except IntegrityError as error:
            self.validate_unique()
            self.validate_constraints()
            if not self.errors:
                self.add_error(None, _("This could not be saved: it conflicts with a record saved "
                                       "at the same moment. Check the form and save again."))
            raise forms.ValidationError(self.non_field_errors() or _("Please check the form.")) from error


class PreconditionsForm(HardenedFormMixin, forms.ModelForm):
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
