import django_filters
from django.utils.translation import gettext_lazy as _

from coordinator.filters import ScopedFilterSet, SortFilter, related_name_filters

from .models import (
    Community,
    CommunityKind,
    EngagementLevel,
    EngagementStep,
    Network,
    Organisation,
    OrganisationKind,
    PartnerLevel,
    Person,
)


class CommunityFilter(ScopedFilterSet):
    search_fields = ("name", "description", "gathering_notes")
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=CommunityKind.choices)
    engagement_step = django_filters.ChoiceFilter(
        label=_("Engagement step"), choices=EngagementStep.choices
    )
    o = SortFilter(
        label=_("Sort by"),
        fields=(("name", "name"), ("engagement_step", "step"), ("last_verified_on", "verified"),
                ("estimated_size", "size")),
        field_labels={"name": _("Name"), "engagement_step": _("Engagement step"),
                      "last_verified_on": _("Last verified"), "estimated_size": _("Estimated size")},
    )

    class Meta:
        model = Community
        fields = ["q", "kind", "engagement_step"]


class OrganisationFilter(ScopedFilterSet):
    search_fields = ("name", "mandate")
    network = django_filters.ChoiceFilter(
        label=_("Network"), choices=Network.choices, method="filter_network"
    )
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=OrganisationKind.choices)
    engagement_level = django_filters.ChoiceFilter(
        label=_("Engagement level"), choices=EngagementLevel.choices
    )
    contacts = django_filters.ChoiceFilter(
        label=_("Contacts"), method="filter_contacts",
        choices=[("missing", _("Key partners missing a contact level"))],
    )
    o = SortFilter(
        label=_("Sort by"),
        fields=(("name", "name"), ("kind", "kind"), ("engagement_level", "level")),
        field_labels={"name": _("Name"), "kind": _("Kind"), "engagement_level": _("Engagement level")},
    )

    class Meta:
        model = Organisation
        fields = ["q", "network", "kind", "engagement_level", "contacts"]

    def filter_network(self, queryset, name, value):
        return queryset.in_network(value)

    def filter_contacts(self, queryset, name, value):
        return queryset.missing_contact_levels() if value == "missing" else queryset


class PersonFilter(ScopedFilterSet):
    search_fields = ("name", "role", "organisation__name")
    organisation, organisation_name = related_name_filters(
        "organisation", _("Organisation"), Organisation.objects.none())
    is_key_figure = django_filters.BooleanFilter(label=_("Key figure"))
    partner_level = django_filters.ChoiceFilter(label=_("Contact level"),
                                                choices=PartnerLevel.choices)
    o = SortFilter(
        label=_("Sort by"), fields=(("name", "name"), ("organisation__name", "organisation")),
        field_labels={"name": _("Name"), "organisation__name": _("Organisation")},
    )

    class Meta:
        model = Person
        fields = ["q", "organisation", "organisation_name", "is_key_figure", "partner_level"]
