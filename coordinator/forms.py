"""Form building blocks shared by every app: choices scoped to the current municipality."""

from django import forms
from django.contrib.auth import get_user_model

from .access import STAFF, visible
from .concurrency import add_version_field


class ListTextField(forms.CharField):
    """A list of short strings typed as one comma-separated line (e.g. languages).

    Returns ``list[str]`` without blanks or duplicates, in the order typed."""

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


class ScopedModelForm(forms.ModelForm):
    """A ModelForm for one actor: every choice of a related record or user passes through the
    access layer (``restrict_choices``), and the instance is stamped with the actor's
    municipality. The form of a saved ``Versioned`` record carries the version it was opened at
    (``concurrency.add_version_field``), checked on save by ``ScopedUpdateView``.

    Takes ``actor`` (a ``coordinator.access.Actor``) as a keyword argument (required)."""

    def __init__(self, *args, actor, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.actor = actor
        self.municipality = actor.municipality
        self.instance.municipality = actor.municipality
        restrict_choices(self, actor)
        add_version_field(self)
