"""Forms of assessing partners. They collect input only: every rule lives in
``vetting.services`` (the views pass the cleaned data on and show the service's errors)."""

from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coordinator.concurrency import add_version_field
from coordinator.validation import HardenedFormMixin

from .models import (
    Assessment,
    AssessmentCriterion,
    AssessmentFinding,
    InformedHow,
    Memorandum,
    Outcome,
)
from .services import DEFAULT_VALIDITY_DAYS, validate_evidence_file

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class _Form(HardenedFormMixin, forms.Form):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class _ModelForm(HardenedFormMixin, forms.ModelForm):
    """The form of a saved criterion or finding carries its version (``checked_save``)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        add_version_field(self)


class OpenAssessmentForm(_ModelForm):
    class Meta:
        model = Assessment
        fields = ["level_envisaged", "funding_envisaged", "purpose"]
        widgets = {"purpose": forms.Textarea(attrs={"rows": 3})}


class FindingForm(_ModelForm):
    """One criterion. The criterion's wording is the fieldset legend (see the template)."""

    class Meta:
        model = AssessmentFinding
        fields = ["rating", "findings", "sources"]
        widgets = {
            "findings": forms.Textarea(attrs={"rows": 3}),
            "sources": forms.Textarea(attrs={"rows": 2}),
        }


FindingFormSet = forms.modelformset_factory(
    AssessmentFinding, form=FindingForm, extra=0, can_delete=False)


class InformedForm(_Form):
    """When and how the organisation was informed (transparency, 001)."""

    on = forms.DateField(label=_("Date"), widget=DATE)
    how = forms.ChoiceField(label=_("How"), choices=InformedHow.choices)
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What was explained: what the procedure entails and why it is needed."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["on"].initial = timezone.localdate()


class DecisionForm(_Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Outcome.choices,
                                widget=forms.RadioSelect)
    conditions = forms.CharField(
        label=_("Conditions"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Only for \"cleared with conditions\"."))
    reasons = forms.CharField(
        label=_("Reasons"), widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Critical voices are important: good cooperation skills outweigh different "
                    "opinions and backgrounds."))
    review_on = forms.DateField(
        label=_("Review date"), required=False, widget=DATE,
        help_text=_("A clearance is valid up to and including this date (at most three years)."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["review_on"].initial = timezone.localdate() + timedelta(
            days=DEFAULT_VALIDITY_DAYS)


class WithdrawForm(_Form):
    reason = forms.CharField(label=_("Reason for withdrawal"),
                             widget=forms.Textarea(attrs={"rows": 3}))


class ConfirmForm(_Form):
    confirm = forms.BooleanField(label=_("Yes, I am sure"), required=True)


class EvidenceForm(_Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_("PDF, PNG, JPG, DOCX, ODT or TXT, at most 10 MB."),
        widget=forms.ClearableFileInput(attrs={
            "accept": ".pdf,.png,.jpg,.jpeg,.docx,.odt,.txt"}),
    )
    description = forms.CharField(label=_("Description"), max_length=300, required=False)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        validate_evidence_file(upload)
        return upload


class CriterionForm(_ModelForm):
    class Meta:
        model = AssessmentCriterion
        fields = ["wording", "help", "order"]
        widgets = {"help": forms.Textarea(attrs={"rows": 3})}
        labels = {"order": _("Position in the list")}
        help_texts = {"order": _("Criteria are listed from the lowest number to the highest.")}


class MemorandumForm(_ModelForm):
    class Meta:
        model = Memorandum
        fields = ["parties", "purpose", "benefits", "municipality_commitments",
                  "organisation_commitments", "starts_on", "review_on", "signed_on"]
        widgets = {
            **{name: forms.Textarea(attrs={"rows": 3}) for name in (
                "parties", "purpose", "benefits", "municipality_commitments",
                "organisation_commitments")},
            "starts_on": DATE, "review_on": DATE, "signed_on": DATE,
        }

    def _post_clean(self):
        """Model validation (which needs the organisation and assessment) runs in the
        service, not here."""
