"""List filters of the interactions, commitments and concerns (search, kind or status or state,
community, sort)."""

import django_filters
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from coordinator.filters import ScopedFilterSet, SortFilter, related_name_filters
from networks.models import Community, Organisation

from .models import (
    WAITING_STATES,
    Commitment,
    CommitmentStatus,
    Concern,
    ConcernState,
    Interaction,
    InteractionKind,
)


class InteractionFilter(ScopedFilterSet):
    search_fields = ("needs_heard", "interests_heard", "concerns_heard", "follow_up",
                     "community__name")
    kind = django_filters.ChoiceFilter(label=_("Kind of contact"), choices=InteractionKind.choices)
    community, community_name = related_name_filters(
        "community", _("Community"), Community.objects.none())
    occurred_after = django_filters.DateFilter(
        label=pgettext_lazy("start of a period", "From"), field_name="occurred_on", lookup_expr="gte"
    )
    o = SortFilter(
        label=_("Sort by"), fields=(("occurred_on", "date"), ("community__name", "community")),
        field_labels={"occurred_on": _("Date"), "community__name": _("Community")},
    )

    class Meta:
        model = Interaction
        fields = ["q", "kind", "community", "community_name"]


class CommitmentFilter(ScopedFilterSet):
    search_fields = ("description", "made_to", "community__name")
    status = django_filters.ChoiceFilter(label=_("Status"), choices=CommitmentStatus.choices)
    community, community_name = related_name_filters(
        "community", _("Community"), Community.objects.none())
    o = SortFilter(
        label=_("Sort by"), fields=(("due_on", "due"), ("status", "status")),
        field_labels={"due_on": _("Due by"), "status": _("Status")},
    )

    class Meta:
        model = Commitment
        fields = ["q", "status", "community", "community_name"]


#: The state filter's own choice: open or passed on (the dashboard's "See all").
WAITING = "waiting"


class ConcernFilter(ScopedFilterSet):
    search_fields = ("topic",)
    state = django_filters.ChoiceFilter(
        label=_("State"), method="filter_state",
        choices=[(WAITING, _("Waiting for an answer")), *ConcernState.choices])
    community, community_name = related_name_filters(
        "community", _("Community"), Community.objects.none())
    routed_to_organisation, routed_to_organisation_name = related_name_filters(
        "routed_to_organisation", _("Passed on to (organisation)"), Organisation.objects.none())
    routed_to_department = django_filters.CharFilter(
        label=_("Passed on to (department)"), method="search_related_name")
    o = SortFilter(
        label=_("Sort by"),
        fields=(("raised_on", "raised"), ("answered_on", "answered"), ("state", "state"),
                ("community__name", "community")),
        field_labels={"raised_on": _("Raised on"), "answered_on": _("Answered on"),
                      "state": _("State"), "community__name": _("Community")},
    )

    class Meta:
        model = Concern
        fields = ["q", "state", "community", "community_name", "routed_to_organisation",
                  "routed_to_organisation_name", "routed_to_department"]

    def filter_state(self, queryset, name, value):
        if value == WAITING:
            return queryset.filter(state__in=WAITING_STATES)
        return queryset.filter(state=value)
