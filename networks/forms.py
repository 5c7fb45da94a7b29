from django import forms
from django.utils.translation import gettext_lazy as _

from coordinator.forms import ListTextField, ScopedModelForm

from .models import Community, GatheringPlace, Organisation, Person


class CommunityForm(ScopedModelForm):
    gathering_places = forms.MultipleChoiceField(
        label=_("Where members gather"), choices=GatheringPlace.choices, required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    languages = ListTextField(
        label=_("Languages"), required=False, help_text=_("Separate languages with commas.")
    )

    class Meta:
        model = Community
        fields = [
            "name", "kind", "description", "local_history", "estimated_size",
            "gathering_places", "gathering_notes", "found_through", "languages",
            "parents", "overlapping", "point_of_contact", "contact_outsourced_to",
            "engagement_step", "step_change_reason", "last_verified_on", "ethnicity", "faith",
        ]
        widgets = {
            "last_verified_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "description": forms.Textarea(attrs={"rows": 3}),
            "local_history": forms.Textarea(attrs={"rows": 3}),
            "parents": forms.CheckboxSelectMultiple,
            "overlapping": forms.CheckboxSelectMultiple,
        }

    step_change_reason = forms.CharField(
        label=_("Reason for going back a step"), required=False, max_length=100,
        help_text=_("Needed only when the engagement step goes back: kept in the history."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            del self.fields["step_change_reason"]  # a new community has no step to go back from

    def clean(self):
        cleaned = super().clean()
        # Read by Community.clean() (run next, in _post_clean), which refuses going back a
        # step without it, and kept by simple_history as the change's reason.
        reason = (cleaned.get("step_change_reason") or "").strip()
        self.instance._change_reason = reason or None
        return cleaned

    def _update_errors(self, errors):
        # The model keys its refusal to go back a step without a reason on the step; here the
        # reason has its own field, where the message belongs.
        error_dict = getattr(errors, "error_dict", None)
        if error_dict and "engagement_step" in error_dict and "step_change_reason" in self.fields:
            error_dict["step_change_reason"] = error_dict.pop("engagement_step")
        super()._update_errors(errors)


class OrganisationForm(ScopedModelForm):
    class Meta:
        model = Organisation
        fields = ["name", "kind", "mandate", "website", "communities", "engagement_level",
                  "quiet_after_days", "receives_municipal_funding"]
        widgets = {
            "mandate": forms.Textarea(attrs={"rows": 3}),
            "communities": forms.CheckboxSelectMultiple,
        }


class PersonForm(ScopedModelForm):
    languages = ListTextField(
        label=_("Languages"), required=False, help_text=_("Separate languages with commas.")
    )

    class Meta:
        model = Person
        fields = ["name", "role", "organisation", "partner_level", "communities",
                  "is_key_figure", "quiet_after_days", "preferred_channel", "email", "phone",
                  "languages"]
        widgets = {"communities": forms.CheckboxSelectMultiple}
