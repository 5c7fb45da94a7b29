"""The portal's forms: short, in plain words, hardened against hostile input like every form
(``coordinator.validation``). The services check access and save."""

from django import forms
from django.utils.translation import gettext_lazy as _

from coordinator.validation import HardenedFormMixin

from .models import CORRECTABLE_FIELDS


class CorrectionForm(HardenedFormMixin, forms.Form):
    """A correction of the organisation's profile: the fields as the municipality holds them,
    to be changed where they are wrong, and anything else in words."""

    name = forms.CharField(label=_("Name"), max_length=200)
    mandate = forms.CharField(label=_("What your organisation does"), required=False,
                              max_length=5000, widget=forms.Textarea(attrs={"rows": 4}))
    website = forms.URLField(label=_("Website"), required=False, max_length=200,
                             assume_scheme="https")
    message = forms.CharField(
        label=_("Anything else to correct"), required=False, max_length=2000,
        help_text=_("For example a contact person who left, or a new phone number."),
        widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, organisation, **kwargs):
        kwargs.setdefault("label_suffix", "")
        # FormView always passes ``initial`` (empty): start from the profile as held.
        kwargs["initial"] = {**{name: getattr(organisation, name) for name in CORRECTABLE_FIELDS},
                             **(kwargs.get("initial") or {})}
        super().__init__(*args, **kwargs)

    def changes(self) -> dict:
        return {name: self.cleaned_data.get(name) or "" for name in CORRECTABLE_FIELDS}


class ProposalForm(HardenedFormMixin, forms.Form):
    """Something the organisation would like to talk about at a meeting."""

    KIND_CHOICES = [
        ("concern", _("A concern: something that worries us, to be followed up")),
        ("item", _("A topic for the agenda")),
    ]
    kind = forms.ChoiceField(label=_("What is it?"), choices=KIND_CHOICES, initial="concern",
                             widget=forms.RadioSelect,
                             error_messages={"required": _("Select what it is")})
    title = forms.CharField(label=_("In a few words"), max_length=200,
                            error_messages={"required": _("Say in a few words what it is")})
    description = forms.CharField(label=_("More about it"), required=False,
                                  max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class ConcernForm(HardenedFormMixin, forms.Form):
    """A concern raised outside a meeting."""

    topic = forms.CharField(label=_("What is it about?"), max_length=200,
                            error_messages={"required": _("Say what it is about")})
    description = forms.CharField(label=_("Tell us more"), required=False,
                                  max_length=5000, widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class ResponseForm(HardenedFormMixin, forms.Form):
    """Was the promise delivered, from the organisation's side?"""

    delivered = forms.TypedChoiceField(
        label=_("From your side, was this done?"), coerce=lambda v: v == "yes",
        choices=[("yes", _("Yes, it was done")), ("no", _("No, not (yet)"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("Select whether it was done")})
    note = forms.CharField(label=_("Anything to add"), required=False,
                           max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class CommentForm(HardenedFormMixin, forms.Form):
    """A comment on an opened section of the action plan, or a reply in a thread."""

    body = forms.CharField(label=_("Your comment"), max_length=5000,
                           widget=forms.Textarea(attrs={"rows": 3}))
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1,
                                max_value=2**31 - 1)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
