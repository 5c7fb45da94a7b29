"""Form building blocks shared by every app: choices scoped to the current municipality."""

from django import forms
from django.contrib.auth import get_user_model

from .models import STAFF_ROLES


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
            memberships__municipality=municipality, memberships__role__in=STAFF_ROLES
        )
        .order_by("first_name", "last_name", "username")
        .distinct()
    )


class ScopedModelForm(forms.ModelForm):
    """A ModelForm bound to one municipality: every choice of a related domain record or user is
    limited to that municipality, and the instance is stamped with it on save.

    Takes ``municipality`` as a keyword argument (required)."""

    def __init__(self, *args, municipality, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.municipality = municipality
        self.instance.municipality = municipality
        for field in self.fields.values():
            queryset = getattr(field, "queryset", None)
            if queryset is None:
                continue
            model = queryset.model
            if model is get_user_model():
                field.queryset = users_of(municipality)
                field.label_from_instance = lambda u: u.get_full_name() or u.get_username()
            elif hasattr(model, "municipality"):
                queryset = queryset.filter(municipality=municipality)
                if self.instance.pk and model is type(self.instance):
                    queryset = queryset.exclude(pk=self.instance.pk)
                field.queryset = queryset
