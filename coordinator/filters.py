"""django-filter base: a free-text search over named fields and choices scoped to one municipality."""

import django_filters
from django import forms
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .access import visible
from .search import contains_any


class AnyYesNo(forms.NullBooleanSelect):
    """A yes/no filter whose empty choice reads "Any" (Django's says "Unknown")."""

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.choices = (("unknown", _("Any")), ("true", _("Yes")), ("false", _("No")))


def _descending(label) -> str:
    return gettext("%(column)s (descending)") % {"column": label}


#: "Name (descending)" in the language of the page that shows it.
descending_label = lazy(_descending, str)


class SortFilter(django_filters.OrderingFilter):
    """django-filter's ``OrderingFilter`` whose "(descending)" choices are translated when a
    page shows them: django-filter writes ``descending_fmt % label`` when the filterset class
    is made, at import, so in English whatever the reader's language."""

    def build_choices(self, fields, labels):
        choices = super().build_choices(fields, labels)
        ascending = dict(choices)
        return [
            (value, labels.get(value, descending_label(ascending[value[1:]]))
             if value.startswith("-") else label)
            for value, label in choices
        ]


class ScopedFilterSet(django_filters.FilterSet):
    """Takes ``actor``; every model choice is what ``visible(actor, ...)`` returns for its model
    (declare it as ``Model.objects.none()``; a model with no access policy raises: choices are
    never open by default). ``search_fields`` lists the
    fields that ``q`` searches (never special-category fields such as ethnicity or faith)."""

    search_fields: tuple = ()
    q = django_filters.CharFilter(label=_("Search"), method="search")

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.actor = actor
        for flt in self.filters.values():
            # Choices read as a person would say them: "Any" (FILTERS_EMPTY_CHOICE_LABEL), not
            # "---------" or "Unknown"; a sort left empty is the list's usual order.
            if isinstance(flt, django_filters.BooleanFilter):
                flt.extra.setdefault("widget", AnyYesNo)
            elif isinstance(flt, django_filters.OrderingFilter):
                flt.extra["empty_label"] = _("Usual order")
            # django-filter builds the choice field from ``flt.queryset`` (a deep copy per
            # filterset), not from ``flt.extra``.
            # A declared queryset (``Model.objects.none()``) only names the model: the
            # choices are every record of it the actor may see.
            queryset = getattr(flt, "queryset", None)
            if queryset is not None:
                model = queryset(self.request).model if callable(queryset) else queryset.model
                flt.queryset = visible(actor, model._default_manager.all())

    def search(self, queryset, name, value):
        return contains_any(queryset, self.search_fields, value)

    def search_related_name(self, queryset, name, value):
        """For a ``CharFilter(field_name="<relation>__name", method="search_related_name")``:
        rows whose related record's name contains ``value``."""
        return contains_any(queryset, [name], value)


def related_name_filters(relation: str, label, queryset):
    """``(by_id, by_name)`` filters for a relation with too many records for a drop-down (a
    city has thousands of organisations): a name search shown in the form, and the record id
    as a hidden parameter, so links such as ``?community=12`` keep filtering (validated
    through ``visible()`` like every choice) without rendering every option. ``queryset``
    names the related model (``Model.objects.none()``)."""
    by_id = django_filters.ModelChoiceFilter(
        field_name=relation, label=label, widget=forms.HiddenInput,
        queryset=queryset,
    )
    by_name = django_filters.CharFilter(label=label, field_name=f"{relation}__name",
                                        method="search_related_name")
    return by_id, by_name
