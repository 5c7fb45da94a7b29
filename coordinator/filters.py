"""django-filter base: a free-text search over named fields and choices scoped to one municipality."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .access import visible


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
            # django-filter builds the choice field from ``flt.queryset`` (a deep copy per
            # filterset), not from ``flt.extra``.
            # A declared queryset (``Model.objects.none()``) only names the model: the
            # choices are every record of it the actor may see.
            queryset = getattr(flt, "queryset", None)
            if queryset is not None:
                model = queryset(self.request).model if callable(queryset) else queryset.model
                flt.queryset = visible(actor, model._default_manager.all())

    def search(self, queryset, name, value):
        condition = Q()
        for field in self.search_fields:
            condition |= Q(**{f"{field}__icontains": value.strip()})
        return queryset.filter(condition).distinct() if value.strip() else queryset
