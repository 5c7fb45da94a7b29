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
            "engagement_step", "last_verified_on", "ethnicity", "faith",
        ]
        widgets = {
            "last_verified_on": forms.DateInput(attrs={"type": "date"}),
            "description": forms.Textarea(attrs={"rows": 3}),
            "local_history": forms.Textarea(attrs={"rows": 3}),
            "parents": forms.CheckboxSelectMultiple,
            "overlapping": forms.CheckboxSelectMultiple,
        }


class OrganisationForm(ScopedModelForm):
    class Meta:
        model = Organisation
        fields = ["name", "kind", "mandate", "website", "communities", "engagement_level",
                  "receives_municipal_funding"]
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
        fields = ["name", "role", "organisation", "communities", "is_key_figure",
                  "preferred_channel", "email", "phone", "languages"]
        widgets = {"communities": forms.CheckboxSelectMultiple}
