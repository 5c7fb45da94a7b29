"""Staff screens of the local network: communities (mapping, 002 step 1), organisations of the
formal and informal network and people (003)."""

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from coordinator.access import visible
from coordinator.generic import (
    ScopedCreateView,
    ScopedDetailView,
    ScopedListView,
    ScopedUpdateView,
)
from coordinator.http import NoStoreMixin

from .filters import CommunityFilter, OrganisationFilter, PersonFilter
from .forms import CommunityForm, OrganisationForm, PersonForm
from .models import Community, Organisation, Person


class CommunityList(NoStoreMixin, ScopedListView):
    model = Community
    filterset_class = CommunityFilter

    def get_queryset(self):
        return (
            super().get_queryset().select_related("point_of_contact")
            .annotate(interaction_count=Count("interactions", distinct=True))
        )


class CommunityDetail(NoStoreMixin, ScopedDetailView):
    model = Community

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        community = self.object
        actor = self.actor
        context.update(
            organisations=visible(actor, community.organisations.all()),
            people=visible(actor, community.people.select_related("organisation")),
            parents=visible(actor, community.parents.all()),
            children=visible(actor, community.children.all()),
            overlapping=visible(actor, community.overlapping.all()),
            interactions=visible(actor, community.interactions.all())[:10],
            commitments=visible(actor, community.commitments.open()),
        )
        return context


class CommunityCreate(NoStoreMixin, ScopedCreateView):
    model = Community
    form_class = CommunityForm
    success_message = _("Community “%(name)s” was mapped.")


class CommunityUpdate(NoStoreMixin, ScopedUpdateView):
    model = Community
    form_class = CommunityForm
    success_message = _("Community “%(name)s” was saved.")


class OrganisationList(ScopedListView):
    model = Organisation
    filterset_class = OrganisationFilter

    def get_queryset(self):
        return super().get_queryset().annotate(
            community_count=Count("communities", distinct=True),
            people_count=Count("people", distinct=True),
        )


class OrganisationDetail(ScopedDetailView):
    model = Organisation

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            communities=visible(self.actor, self.object.communities.all()),
            people=visible(self.actor, self.object.people.all()),
            interactions=visible(self.actor, self.object.interactions.select_related("community"))[:10],
        )
        return context


class OrganisationCreate(ScopedCreateView):
    model = Organisation
    form_class = OrganisationForm
    success_message = _("Organisation “%(name)s” was added.")


class OrganisationUpdate(ScopedUpdateView):
    model = Organisation
    form_class = OrganisationForm
    success_message = _("Organisation “%(name)s” was saved.")


class PersonList(ScopedListView):
    model = Person
    filterset_class = PersonFilter

    def get_queryset(self):
        return super().get_queryset().select_related("organisation")


class PersonDetail(ScopedDetailView):
    model = Person

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            communities=visible(self.actor, self.object.communities.all()),
            interactions=visible(self.actor, self.object.interactions.select_related("community"))[:10],
        )
        return context


class PersonCreate(ScopedCreateView):
    model = Person
    form_class = PersonForm
    initial_from_query = ("organisation",)
    success_message = _("Contact “%(name)s” was added.")


class PersonUpdate(ScopedUpdateView):
    model = Person
    form_class = PersonForm
    success_message = _("Contact “%(name)s” was saved.")

