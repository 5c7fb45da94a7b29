"""List filters of the interactions and commitments (search, kind or status, community, sort)."""

import django_filters
from django.utils.translation import gettext_lazy as _

from coordinator.filters import ScopedFilterSet, related_name_filters
from networks.models import Community

from .models import Commitment, CommitmentStatus, Interaction, InteractionKind


class InteractionFilter(ScopedFilterSet):
    search_fields = ("needs_heard", "interests_heard", "concerns_heard", "follow_up",
                     "community__name")
    kind = django_filters.ChoiceFilter(label=_("Kind of contact"), choices=InteractionKind.choices)
    community, community_name = related_name_filters(
        "community", _("Community"), Community.objects.none())
    occurred_after = django_filters.DateFilter(
        label=_("From"), field_name="occurred_on", lookup_expr="gte"
    )
    o = django_filters.OrderingFilter(
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
    o = django_filters.OrderingFilter(
        label=_("Sort by"), fields=(("due_on", "due"), ("status", "status")),
        field_labels={"due_on": _("Due by"), "status": _("Status")},
    )

    class Meta:
        model = Commitment
        fields = ["q", "status", "community", "community_name"]
