from django import forms
from django.utils.translation import gettext_lazy as _

from coordinator.validation import HardenedFormMixin

from .models import ApiToken


class TokenForm(HardenedFormMixin, forms.ModelForm):
    """The name of a new token (what it is for)."""

    class Meta:
        model = ApiToken
        fields = ["name"]
        error_messages = {"name": {"required": _("Enter a name for the token.")}}
