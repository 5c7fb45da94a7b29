"""List filters of meetings, safe spaces and the network overview."""

import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coordinator.filters import ScopedFilterSet, SortFilter, related_name_filters
from networks.models import Community, Network, Organisation

from .models import Ground, Meeting, MeetingKind, SafeSpace
from .stages import NetworkStage

WHEN = (("upcoming", _("Coming up")), ("past", _("Held")))


class MeetingFilter(ScopedFilterSet):
    search_fields = ("title", "rationale", "moderator")
    kind = django_filters.ChoiceFilter(label=_("Kind of meeting"), choices=MeetingKind.choices)
    when = django_filters.ChoiceFilter(label=_("When"), choices=WHEN, method="filter_when")
    safe_space = django_filters.ModelChoiceFilter(label=_("Safe space"),
                                                  queryset=SafeSpace.objects.none())
    community, community_name = related_name_filters(
        "invited_communities", _("Community invited"), Community.objects.none())
    o = SortFilter(
        label=_("Sort by"), fields=(("held_on", "date"), ("title", "title")),
        field_labels={"held_on": _("Date"), "title": _("Title")},
    )

    class Meta:
        model = Meeting
        fields = ["q", "kind", "when", "safe_space", "community", "community_name"]

    def filter_when(self, queryset, name, value):
        today = timezone.localdate()
        if value == "upcoming":
            return queryset.filter(held_on__gte=today)
        return queryset.filter(held_on__lt=today)

    @property
    def qs(self):
        # A filter on a many-to-many can repeat a meeting.
        queryset = super().qs
        return queryset.distinct() if self.form.is_bound and (
            self.form.cleaned_data.get("community") or self.form.cleaned_data.get("community_name")
        ) else queryset


class SafeSpaceFilter(ScopedFilterSet):
    search_fields = ("name", "place")
    ground = django_filters.ChoiceFilter(label=_("Whose ground"), choices=Ground.choices)
    notes_taken = django_filters.BooleanFilter(label=_("Notes are taken"))

    class Meta:
        model = SafeSpace
        fields = ["q", "ground", "notes_taken"]


STAGE_CHOICES = [(0, _("No meeting yet")), *NetworkStage.choices]


class NetworkFilter(ScopedFilterSet):
    """Over organisations annotated by ``stages.annotate_stages``."""

    search_fields = ("name",)
    network = django_filters.ChoiceFilter(label=_("Network"), choices=Network.choices,
                                          method="filter_network")
    stage = django_filters.TypedChoiceFilter(label=_("Stage reached"), choices=STAGE_CHOICES,
                                             coerce=int, field_name="network_stage")

    class Meta:
        model = Organisation
        fields = ["q", "network", "stage"]

    def filter_network(self, queryset, name, value):
        return queryset.in_network(value)
