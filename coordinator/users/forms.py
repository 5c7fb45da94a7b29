"""Forms of the users pages. Organisation choices pass through the access layer
(``ScopedModelForm``/``restrict_choices``: the "networks.organisation" policy), so an id of
another municipality's organisation is refused as an invalid choice."""

import django_filters
from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import SetPasswordMixin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ..filters import ScopedFilterSet
from ..forms import LanguageSelect, ScopedModelForm, language_choices
from ..models import Invitation, Membership, Municipality, Role, check_role_organisation
from ..validation import HardenedFormMixin
from .services import is_member, normalise_email


class MemberFilter(ScopedFilterSet):
    """Search by name, user name or e-mail; filter by role."""

    search_fields = ("user__first_name", "user__last_name", "user__email", "user__username")
    q = django_filters.CharFilter(label=_("Name or e-mail"), method="search")
    role = django_filters.ChoiceFilter(label=_("Role"), choices=Role.choices,
                                       empty_label=_("Every role"))

    class Meta:
        model = Membership
        fields = ["role"]


class _RoleOrganisationMixin:
    """The organisation must fit the role (``check_role_organisation``)."""

    def clean(self):
        cleaned = super().clean()
        role = cleaned.get("role")
        if role and "organisation" not in self.errors:
            try:
                check_role_organisation(role, cleaned.get("organisation"), self.municipality.pk)
            except ValidationError as error:
                self.add_error(None, error)
        return cleaned


class InvitationForm(_RoleOrganisationMixin, ScopedModelForm):
    """E-mail address, role and, for partner professionals and community representatives, the
    organisation. Refuses an address that already belongs to a member."""

    class Meta:
        model = Invitation
        fields = ["email", "role", "organisation"]

    def clean_email(self):
        email = normalise_email(self.cleaned_data["email"])
        if len(email) > 140:
            raise ValidationError(_("This address is too long for a user name (140 characters "
                                    "at most)."))
        if is_member(self.municipality.pk, email):
            raise ValidationError(_("This address already belongs to a member of this "
                                    "municipality: change their role on the members page."))
        return email

    def validate_constraints(self, *args, **kwargs):
        """Re-inviting replaces the open invitation (``services.invite``): not an error."""


class MembershipForm(_RoleOrganisationMixin, ScopedModelForm):
    """A member's role and organisation."""

    class Meta:
        model = Membership
        fields = ["role", "organisation"]


class ConfirmForm(forms.Form):
    """An explicit "yes" on a confirmation page."""

    confirm = forms.BooleanField(widget=forms.HiddenInput, initial=True)


class NewAccountForm(SetPasswordMixin, forms.Form):
    """Name and password of the account an invitation creates or reactivates. The password
    goes through ``AUTH_PASSWORD_VALIDATORS`` (coordinator/passwords.py), compared with the
    name and address given."""

    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    password1, password2 = SetPasswordMixin.create_password_fields(
        label1=_("Password"), label2=_("Password again"))

    def __init__(self, *args, email, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.email = email

    def clean(self):
        cleaned = super().clean()
        self.validate_passwords()
        provisional = get_user_model()(
            username=self.email, email=self.email,
            first_name=cleaned.get("first_name", ""), last_name=cleaned.get("last_name", ""))
        self.validate_password_for_user(provisional)
        return cleaned


class AccountForm(HardenedFormMixin, forms.Form):
    """The user's own settings: the language of their screens and e-mails ("" follows the
    municipality's default, offered only to members of a municipality)."""

    language = forms.ChoiceField(label=_("Language"), widget=LanguageSelect,
                                 help_text=_("The language of your screens and e-mails."))

    def __init__(self, *args, municipality=None, **kwargs):
        super().__init__(*args, **kwargs)
        choices = language_choices()
        if municipality is not None:
            default = dict(choices).get(municipality.default_language, "")
            choices = [("", _("The municipality's default (%(language)s)")
                        % {"language": default}), *choices]
        else:
            self.fields["language"].help_text = _("The language of your screens.")
        self.fields["language"].choices = choices
        self.fields["language"].required = municipality is None


class MunicipalitySettingsForm(HardenedFormMixin, forms.ModelForm):
    """What a municipal admin sets for the whole municipality: the default language."""

    class Meta:
        model = Municipality
        fields = ["default_language"]
        widgets = {"default_language": LanguageSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["default_language"].choices = language_choices()


class TwoFactorPolicyForm(HardenedFormMixin, forms.Form):
    """Whether the municipality asks two-step sign-in of all its staff (a plain form: the
    service compares with the municipality as it is, which a model form would change)."""

    require_two_factor = forms.BooleanField(
        label=_("Two-step sign-in for all staff"), required=False,
        help_text=_("Everyone who works in Linchpin for this municipality then signs in with a "
                    "code from an authenticator app as well as their password."))
