"""The coordinator's forms for the portal: inviting a representative, deciding a correction."""

from django import forms
from django.utils.translation import gettext_lazy as _

from coordinator.models import Role
from coordinator.users.forms import InvitationForm
from coordinator.validation import HardenedFormMixin


class RepresentativeForm(InvitationForm):
    """E-mail address and organisation of a community representative (the role is fixed:
    a coordinator invites no other role). The organisation's choices pass through the access
    layer, so another municipality's organisation is an invalid choice."""

    class Meta(InvitationForm.Meta):
        fields = ["email", "organisation"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.role = Role.COMMUNITY_REPRESENTATIVE
        self.fields["organisation"].required = True
        self.fields["organisation"].help_text = _(
            "The representative sees this organisation's profile, meetings, concerns and the "
            "promises made to it, and nothing else.")


class DecisionForm(HardenedFormMixin, forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"), widget=forms.RadioSelect,
        choices=[("accept", _("Accept: change the profile")),
                 ("decline", _("Decline"))])
    note = forms.CharField(
        label=_("Answer to the representative"), required=False, max_length=2000,
        help_text=_("Required when you decline: say why, in plain words."),
        widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
