"""The form of two-step sign-in: one code field (a code from the app or a backup code)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..validation import HardenedFormMixin


class CodeForm(HardenedFormMixin, forms.Form):
    """A code from the authenticator app (6 digits) or, when ``backup`` is allowed, a backup
    code (8 letters and digits, with or without the hyphen)."""

    code = forms.CharField(
        label=_("Code"), max_length=20, strip=True,
        error_messages={"required": _("Enter the code from your authenticator app.")},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autocapitalize": "none",
                                      "spellcheck": "false", "autofocus": True}))

    def __init__(self, *args, backup=True, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        field = self.fields["code"]
        if backup:
            field.help_text = _("The 6 digits your app shows now, or one of your backup codes.")
        else:
            field.help_text = _("The 6 digits your app shows now for Linchpin.")
            field.widget.attrs["inputmode"] = "numeric"

