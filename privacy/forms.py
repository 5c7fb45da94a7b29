"""Forms of the data protection pages: retention periods, an erasure request, the search for a
person or organisation."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coordinator.retention import CLASSES
from coordinator.validation import HardenedFormMixin

from .models import AskedBy


class RetentionForm(HardenedFormMixin, forms.Form):
    """One whole number of days per retention class a municipality may set, each within the
    class's limits. ``periods``: the municipality's current periods (class key -> days)."""

    def __init__(self, *args, periods: dict[str, int], **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        for key, retention_class in CLASSES.items():
            if not retention_class.configurable:
                continue
            self.fields[key] = forms.IntegerField(
                label=_("%(label)s (days after %(start)s)") % {
                    "label": retention_class.label, "start": retention_class.runs_from},
                min_value=retention_class.min_days, max_value=retention_class.max_days,
                initial=periods[key],
                help_text=_("%(description)s Between %(low)s and %(high)s days; %(default)s "
                            "by default.") % {
                    "description": retention_class.description,
                    "low": retention_class.min_days, "high": retention_class.max_days,
                    "default": retention_class.default_days})


class ErasureForm(HardenedFormMixin, forms.Form):
    """What the erasure request covers, and the admin's confirmation."""

    asked_by = forms.ChoiceField(label=_("Who asked"), choices=AskedBy.choices,
                                 widget=forms.RadioSelect)
    received_on = forms.DateField(label=_("Request received on"),
                                  widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    include_notes = forms.BooleanField(
        label=_("Also erase the interaction notes they took part in and the concerns they "
                "raised"), required=False,
        help_text=_("Otherwise the notes stay, without the link to them."))
    redact_mentions = forms.BooleanField(
        label=_("Remove their name from the text of other records"), required=False,
        initial=True, help_text=_("Replaced by “[removed]”, in the history of those records "
                                  "too."))
    confirm = forms.BooleanField(
        label=_("I have checked the request: erase now. This cannot be undone."),
        required=True, error_messages={"required": _("Tick the box to confirm the erasure")})

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def clean_received_on(self):
        received = self.cleaned_data["received_on"]
        if received > timezone.localdate():
            raise forms.ValidationError(_("A request cannot be received in the future."))
        return received


class SubjectSearchForm(HardenedFormMixin, forms.Form):
    q = forms.CharField(label=_("Name"), max_length=100, required=False)
