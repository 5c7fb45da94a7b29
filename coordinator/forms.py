"""Form building blocks shared by every app: choices scoped to the current municipality."""

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from .access import STAFF, visible
from .concurrency import add_version_field
from .validation import HardenedFormMixin, explain_unique_in_municipality, reject_control_characters


class ListTextField(forms.CharField):
    """A list of short strings typed as one comma-separated line (e.g. languages).

    Returns ``list[str]`` without blanks or duplicates, in the order typed."""

    # Checked on the parsed list: CharField's own NUL check sees only the list's repr (issue 8).
    default_validators = [reject_control_characters]

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return ", ".join(value)
        return value

    def to_python(self, value):
        text = super().to_python(value)
        items = [item.strip() for item in text.split(",")]
        return list(dict.fromkeys(item for item in items if item))


def users_of(municipality):
    """Users with a staff membership of ``municipality``: the only valid points of contact."""
    return (
        get_user_model().objects.filter(
            memberships__municipality=municipality, memberships__role__in=STAFF
        )
        .order_by("first_name", "last_name", "username")
        .distinct()
    )


def restrict_choices(form, actor, exclude_instance=True):
    """Pass every model choice of ``form`` through the access layer: users are limited to the
    staff of the actor's municipality, every other model to ``visible(actor, queryset)``.
    A model with no access policy raises ``NoPolicy``: choices are never open by default
    (NetBox ``restrict_form_fields``)."""
    for field in form.fields.values():
        queryset = getattr(field, "queryset", None)
        if queryset is None:
            continue
        model = queryset.model
        if model is get_user_model():
            field.queryset = users_of(actor.municipality_id)
            field.label_from_instance = lambda u: u.get_full_name() or u.get_username()
            continue
        # Declared at import time, outside any scope: rebuild from the model, then narrow.
        queryset = visible(actor, model._default_manager.all())
        instance = getattr(form, "instance", None)
        if exclude_instance and instance is not None and instance.pk and model is type(instance):
            queryset = queryset.exclude(pk=instance.pk)
        field.queryset = queryset


class ScopedModelForm(HardenedFormMixin, forms.ModelForm):
    """A ModelForm for one actor: every choice of a related record or user passes through the
    access layer (``restrict_choices``), and the instance is stamped with the actor's
    municipality. The form of a saved ``Versioned`` record carries the version it was opened at
    (``concurrency.add_version_field``), checked on save by ``ScopedUpdateView``.

    Takes ``actor`` (a ``coordinator.access.Actor``) as a keyword argument (required). Input is
    hardened (``coordinator.validation``); constraints that include the municipality (a unique
    name per municipality) are validated as form errors, and a duplicate saved meanwhile by
    someone else is reported by ``save()`` (see there), never a server error."""

    def __init__(self, *args, actor, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.actor = actor
        self.municipality = actor.municipality
        self.instance.municipality = actor.municipality
        restrict_choices(self, actor)
        add_version_field(self)

    # Issue 8: unique per municipality, also under a race ------------------------------------

    def _get_validation_exclusions(self):
        # ``municipality`` is no form field, so Django would leave it out of validation and with
        # it every constraint that names it (a duplicate name became an IntegrityError). It is
        # stamped in __init__, so it can be checked.
        exclude = super()._get_validation_exclusions()
        exclude.discard("municipality")
        return exclude

    def _update_errors(self, errors):
        super()._update_errors(explain_unique_in_municipality(errors, self.fields))

    def save(self, commit=True):
        """Save as ``ModelForm.save``, in a savepoint. If the database refuses the row
        (``IntegrityError``: the same name saved by someone else between validation and save,
        e.g. a second click), nothing is saved, the reason is put on the form and
        ``ValidationError`` is raised: the view re-renders the form (``form_invalid``)."""
        if not commit:
            return super().save(commit=False)
        try:
            with transaction.atomic():
                return super().save(commit=True)
        except IntegrityError as error:
            self.validate_unique()
            self.validate_constraints()
            if not self.errors:
                self.add_error(None, _("This could not be saved: it conflicts with a record saved "
                                       "at the same moment. Check the form and save again."))
            raise forms.ValidationError(self.non_field_errors() or _("Please check the form.")) from error


def language_choices() -> list[tuple[str, str]]:
    """``LANGUAGES`` each named in its own language ("Français", "Nederlands"), so that a
    reader finds theirs whatever the page's language."""
    return [(code, get_language_info(code)["name_local"].capitalize())
            for code, _name in settings.LANGUAGES]


class LanguageSelect(forms.Select):
    """A select whose options carry their language (``lang``), for screen readers."""

    def create_option(self, name, value, *args, **kwargs):
        option = super().create_option(name, value, *args, **kwargs)
        if value:
            option["attrs"]["lang"] = str(value)
        return option
