"""Forms of the information-sharing agreements: the terms (``AgreementForm``) with their parties
(``PartyFormSet``), the confirmations of the state transitions, and the evaluation of the
sharing (``ReviewForm``). Every choice of a community or organisation passes through the access
layer (``ScopedModelForm`` / ``visible()``), so no record of another municipality is offered."""

from django import forms
from django.forms import BaseInlineFormSet, inlineformset_factory
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coordinator.access import InformationCategory, visible
from coordinator.forms import ScopedModelForm
from coordinator.validation import HardenedFormMixin
from networks.models import Organisation

from .models import Agreement, AgreementParty, AgreementReview

DATE = {"type": "date"}


def _date_widget():
    return forms.DateInput(attrs=DATE, format="%Y-%m-%d")


class AgreementForm(ScopedModelForm):
    """The terms of an agreement, with the elements of the ICO Data Sharing Code. The state is
    not a field: it changes only through the transitions (``sharing.services``).

    ``shares_special_category`` makes sharing ethnicity and faith (GDPR Art. 9 special-category
    data, held on community profiles) a deliberate act: ticked, it needs the community-profile
    category and an Article 9 condition; a condition without the tick is refused too, since
    the condition alone is what opens those fields to partners (``Grant.special_category``)."""

    categories = forms.MultipleChoiceField(
        label=_("Information categories"), choices=InformationCategory.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one information category.")},
        help_text=_("What the partners may see while the agreement is in force. Assessments "
                    "of partners are never shared."))
    shares_special_category = forms.BooleanField(
        label=_("Partners see ethnicity and faith in community profiles"), required=False,
        help_text=_("Special-category data (GDPR Art. 9): only with a condition below."))

    class Meta:
        model = Agreement
        fields = ["title", "purpose", "categories", "data_items", "communities",
                  "lawful_basis", "shares_special_category", "special_category_condition",
                  "controllers", "holdings", "rules", "after_sharing", "retention", "security",
                  "requests_and_complaints", "partners_may_add", "access_log_retention_days",
                  "signed_off_by", "signed_off_role", "signed_off_on", "starts_on",
                  "review_on", "ends_on"]
        widgets = {
            "communities": forms.CheckboxSelectMultiple,
            "signed_off_on": _date_widget(), "starts_on": _date_widget(),
            "review_on": _date_widget(), "ends_on": _date_widget(),
            **{name: forms.Textarea(attrs={"rows": 3}) for name in (
                "purpose", "data_items", "holdings", "rules", "after_sharing", "retention",
                "security", "requests_and_complaints")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["shares_special_category"].initial = bool(
            self.instance.special_category_condition)
        if not self.instance.pk:
            self.fields["starts_on"].initial = timezone.localdate()

    def clean_title(self):
        title = self.cleaned_data["title"].strip()
        others = Agreement.objects.filter(municipality=self.actor.municipality_id,
                                          title__iexact=title)
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        if others.exists():
            raise forms.ValidationError(_("Another agreement already has this title."))
        return title

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("The end cannot be before the start."))
        review = cleaned.get("review_on")
        if starts and review and review < starts:
            self.add_error("review_on", _("The review cannot be before the start."))
        ticked = cleaned.get("shares_special_category")
        condition = cleaned.get("special_category_condition")
        categories = cleaned.get("categories") or []
        if ticked and not condition:
            self.add_error("special_category_condition", _(
                "Choose the Article 9 condition that allows sharing ethnicity and faith."))
        if ticked and InformationCategory.COMMUNITY_PROFILE not in categories and categories:
            self.add_error("shares_special_category", _(
                "Ethnicity and faith are part of community profiles: add that category, or "
                "untick this box."))
        if condition and not ticked:
            self.add_error("shares_special_category", _(
                "An Article 9 condition opens ethnicity and faith to the partners: tick this "
                "box to confirm, or leave the condition empty."))
        return cleaned


class PartyForm(HardenedFormMixin, forms.ModelForm):
    """One partner organisation bound by the agreement, with its single point of contact. The
    organisation choices are set by ``PartyFormSet`` (``visible()``)."""

    class Meta:
        model = AgreementParty
        fields = ["organisation", "contact_name", "contact_role", "contact_email",
                  "contact_phone"]


#: New parties one save may add: the page offers two empty rows; more is a forged TOTAL_FORMS,
#: which would otherwise make the server build (and re-render) up to 2,000 forms (issue 8).
MAX_NEW_PARTIES = 20


class BasePartyFormSet(BaseInlineFormSet):
    """The parties of one agreement. Takes ``actor``: organisation choices are what
    ``visible(actor, Organisation)`` returns. Needs at least one party, each organisation
    once. At most ``MAX_NEW_PARTIES`` new rows per save: more is refused with "Please submit
    at most N forms" (``validate_max``), and no more than that many forms are ever built."""

    validate_max = True

    def __init__(self, *args, actor, **kwargs):
        self.actor = actor
        # The inline formset narrows this to the agreement's own parties.
        kwargs["queryset"] = visible(actor, AgreementParty.objects.all()).select_related(
            "organisation").order_by("organisation__name", "pk")
        super().__init__(*args, **kwargs)
        self.max_num = self.absolute_max = len(self.get_queryset()) + MAX_NEW_PARTIES

    def add_fields(self, form, index):
        super().add_fields(form, index)
        form.label_suffix = ""
        form.fields["organisation"].queryset = visible(
            self.actor, Organisation.objects.all()).order_by("name")
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = _("Remove this party")

    def clean(self):
        if any(self.errors):
            return
        # Before the formset's own unique check, whose message names no organisation.
        chosen = []
        for form in self.forms:
            if not form.cleaned_data or form.cleaned_data.get("DELETE"):
                continue
            organisation = form.cleaned_data.get("organisation")
            if organisation in chosen:
                raise forms.ValidationError(
                    _("%(name)s is listed twice: name each organisation once.")
                    % {"name": organisation})
            chosen.append(organisation)
        if not chosen:
            raise forms.ValidationError(_("Name at least one partner organisation, with its "
                                          "single point of contact."))
        super().clean()


PartyFormSet = inlineformset_factory(
    Agreement, AgreementParty, form=PartyForm, formset=BasePartyFormSet, extra=2,
    can_delete=True)


class ActivateForm(HardenedFormMixin, forms.Form):
    """Activation records the sign-off (ICO Data Sharing Code: who signed, in which role,
    when)."""

    signed_off_by = forms.CharField(
        label=_("Signed off by"), max_length=160,
        error_messages={"required": _("Enter the name of the person who signed off")})
    signed_off_role = forms.CharField(label=_("Role of the signatory"), max_length=160)
    signed_off_on = forms.DateField(
        label=_("Signed off on"), widget=_date_widget(),
        error_messages={"required": _("Enter the date of the sign-off")})

    def clean_signed_off_on(self):
        day = self.cleaned_data["signed_off_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("The sign-off cannot be in the future."))
        return day


class ReasonForm(HardenedFormMixin, forms.Form):
    """Suspending or ending: a reason, kept in the history."""

    reason = forms.CharField(label=_("Reason"), max_length=500,
                             widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=_("Kept in the agreement's history."))


class ConfirmForm(HardenedFormMixin, forms.Form):
    """A confirmation with nothing to fill in (resuming)."""


class ReviewForm(HardenedFormMixin, forms.ModelForm):
    """An evaluation of the sharing (004), and the date of the next one."""

    next_review_on = forms.DateField(
        label=_("Next review"), required=False, widget=_date_widget(),
        help_text=_("Leave empty to keep the current date."))

    class Meta:
        model = AgreementReview
        fields = ["reviewed_on", "shared_on_time", "handled_as_agreed", "notes", "follow_up"]
        widgets = {
            "reviewed_on": _date_widget(),
            "shared_on_time": forms.RadioSelect, "handled_as_agreed": forms.RadioSelect,
            "notes": forms.Textarea(attrs={"rows": 4}),
            "follow_up": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = {
            "shared_on_time": {"required": _(
                "Select whether the right information was shared on time")},
            "handled_as_agreed": {"required": _("Select whether it was handled as agreed")},
        }

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["reviewed_on"].initial = timezone.localdate()
