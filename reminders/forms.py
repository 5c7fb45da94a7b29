from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coordinator.validation import HardenedFormMixin

#: How far ahead a reminder may be snoozed (days).
MAX_SNOOZE_DAYS = 365


class SnoozeForm(HardenedFormMixin, forms.Form):
    until = forms.DateField(label=_("Remind me again on"),
                            widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                            error_messages={"required": _("Enter the day to be reminded again")})

    def clean_until(self):
        until = self.cleaned_data["until"]
        today = timezone.localdate()
        if until <= today:
            raise forms.ValidationError(_("Choose a day after today."))
        if until > today + timedelta(days=MAX_SNOOZE_DAYS):
            raise forms.ValidationError(_("Choose a day within a year."))
        return until


class DismissForm(HardenedFormMixin, forms.Form):
    reason = forms.CharField(label=_("Why is it not needed?"), max_length=300,
                             error_messages={"required": _("Say why it is not needed")})

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(_("Say why, in a few words."))
        return reason
