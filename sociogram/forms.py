from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from coordinator.forms import ScopedModelForm
from coordinator.validation import HardenedFormMixin
from networks.models import EngagementLevel, Network, OrganisationKind

from .models import Relationship


class RelationshipForm(ScopedModelForm):
    """A tie entered by hand. Each end is chosen among the people or among the organisations
    the user may see (``ScopedModelForm``: a record of another municipality, or one the user
    may not see, is no valid choice); the model checks that exactly one is chosen per end."""

    class Meta:
        model = Relationship
        fields = ["from_person", "from_organisation", "kind", "to_person", "to_organisation",
                  "strength", "note"]
        labels = {"from_organisation": _("or an organisation"),
                  "to_organisation": _("or an organisation")}
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}

    #: The fields of each end, shown together under one legend.
    ENDS = (("from", pgettext_lazy("end of a tie", "From"), ("from_person", "from_organisation")),
            ("to", pgettext_lazy("end of a tie", "To"), ("to_person", "to_organisation")))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("from_person", "from_organisation", "to_person", "to_organisation"):
            self.fields[name].empty_label = _("— none —")
        self.fields["from_person"].label = self.fields["to_person"].label = _("A person")

    def ends(self):
        """``(name, legend, [bound fields])`` of the two ends, for the template."""
        return [(name, legend, [self[field] for field in fields])
                for name, legend, fields in self.ENDS]


class SociogramFilterForm(HardenedFormMixin, forms.Form):
    """The filters of the sociogram (a GET form): layer, community, sector, engagement level.
    The community choices are the communities the viewer may see."""

    layer = forms.ChoiceField(label=_("Layer"), required=False,
                              choices=[("", _("Both layers"))] + Network.choices)
    community = forms.TypedChoiceField(label=_("Community"), required=False, coerce=int,
                                       empty_value=None)
    sector = forms.ChoiceField(label=_("Sector"), required=False,
                               choices=[("", _("Every sector"))] + OrganisationKind.choices)
    level = forms.ChoiceField(label=_("Engagement level"), required=False,
                              choices=[("", _("Every level"))] + EngagementLevel.choices)

    def __init__(self, *args, communities=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["community"].choices = [("", _("Every community")), *communities]
