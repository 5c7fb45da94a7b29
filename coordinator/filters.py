"""django-filter base: a free-text search over named fields and choices scoped to one municipality."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ScopedFilterSet(django_filters.FilterSet):
    """Takes ``municipality``; every model choice is limited to it. ``search_fields`` lists the
    fields that ``q`` searches (never special-category fields such as ethnicity or faith)."""

    search_fields: tuple = ()
    q = django_filters.CharFilter(label=_("Search"), method="search")

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.municipality = municipality
        for flt in self.filters.values():
            queryset = flt.extra.get("queryset")
            if queryset is not None and hasattr(queryset.model, "municipality"):
                flt.extra["queryset"] = queryset.filter(municipality=municipality)

    def search(self, queryset, name, value):
        condition = Q()
        for field in self.search_fields:
            condition |= Q(**{f"{field}__icontains": value.strip()})
        return queryset.filter(condition).distinct() if value.strip() else queryset
