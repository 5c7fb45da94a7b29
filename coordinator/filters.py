"""django-filter base: a free-text search over named fields and choices scoped to one municipality."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from networks.models import Community

from .models import Commitment, CommitmentStatus, Interaction, InteractionKind


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


class InteractionFilter(ScopedFilterSet):
    search_fields = ("needs_heard", "interests_heard", "concerns_heard", "follow_up",
                     "community__name")
    kind = django_filters.ChoiceFilter(label=_("Kind of contact"), choices=InteractionKind.choices)
    community = django_filters.ModelChoiceFilter(
        label=_("Community"), queryset=Community.objects.all()
    )
    occurred_after = django_filters.DateFilter(
        label=_("From"), field_name="occurred_on", lookup_expr="gte"
    )
    o = django_filters.OrderingFilter(
        label=_("Sort by"), fields=(("occurred_on", "date"), ("community__name", "community")),
        field_labels={"occurred_on": _("Date"), "community__name": _("Community")},
    )

    class Meta:
        model = Interaction
        fields = ["q", "kind", "community"]


class CommitmentFilter(ScopedFilterSet):
    search_fields = ("description", "made_to", "community__name")
    status = django_filters.ChoiceFilter(label=_("Status"), choices=CommitmentStatus.choices)
    community = django_filters.ModelChoiceFilter(
        label=_("Community"), queryset=Community.objects.all()
    )
    o = django_filters.OrderingFilter(
        label=_("Sort by"), fields=(("due_on", "due"), ("status", "status")),
        field_labels={"due_on": _("Due by"), "status": _("Status")},
    )

    class Meta:
        model = Commitment
        fields = ["q", "status", "community"]
