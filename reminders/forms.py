from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coordinator.validation import HardenedFormMixin

from .models import QUIET_MAX_DAYS, QUIET_MIN_DAYS, QuietIntervals

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


class QuietIntervalsForm(HardenedFormMixin, forms.Form):
    """Days without contact before a relationship of each engagement level is going quiet,
    each empty (the default) or within ``QUIET_MIN_DAYS``..``QUIET_MAX_DAYS``. ``defaults``:
    level -> the default days, for the help texts."""

    LABELS = {
        "partnership": _("Partnership (cornerstone partners)"),
        "collaboration": _("Collaboration (the local network)"),
        "dialogue": _("Dialogue (open to all)"),
    }

    def __init__(self, *args, defaults: dict[str, int], **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        for level, label in self.LABELS.items():
            self.fields[QuietIntervals.field_for(level)] = forms.IntegerField(
                label=label, required=False, min_value=QUIET_MIN_DAYS, max_value=QUIET_MAX_DAYS,
                help_text=_("Days without contact. Between %(low)s and %(high)s; leave empty "
                            "for the default, %(default)s days.") % {
                    "low": QUIET_MIN_DAYS, "high": QUIET_MAX_DAYS, "default": defaults[level]})
