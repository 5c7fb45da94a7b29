"""Staff screens of the local network: communities (mapping, 002 step 1), organisations of the
formal and informal network and people (003)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import ManyToManyField, OuterRef, Subquery
from django.http import HttpResponseRedirect
from django.utils.translation import gettext_lazy as _
from django.views import generic

from coordinator import changes
from coordinator.access import Action, can, visible
from coordinator.counting import RowCount
from coordinator.generic import (
    ObjectMixin,
    ScopedCreateView,
    ScopedDetailView,
    ScopedListView,
    ScopedUpdateView,
)
from coordinator.http import NoStoreMixin
from coordinator.pagination import BoundedPaginator
from coordinator.sections import gather_sections

from . import services
from .filters import CommunityFilter, OrganisationFilter, PersonFilter
from .forms import CommunityForm, OrganisationForm, PersonForm
from .models import Community, EngagementStep, Organisation, Person, contact_levels
from .steps import proposed_steps


def _count_of(model, relation: str) -> Subquery:
    """The number of ``relation`` rows (a reverse foreign key or a many-to-many of ``model``,
    by name) of each listed row, as a correlated ``SELECT COUNT(*)`` over the children's own
    table: an index-only lookup per row of the page, instead of ``Count(relation)`` joining and
    grouping every child row of the municipality before the page is cut (issue 8: 0.9 s for
    the communities of a city with 100,000 interactions). Like that join, it counts through
    the foreign key, not through a manager: the listed rows are already ``visible()`` and no
    child row is read, only counted. ``count()`` leaves it out, so pagination does not pay."""
    field = model._meta.get_field(relation)
    if field.one_to_many:
        rows, parent = field.related_model, field.field.name
    elif isinstance(field, ManyToManyField):  # declared on model, not the reverse side
        rows, parent = field.remote_field.through, field.m2m_field_name()
    else:
        raise ValueError(f"{model.__name__}.{relation} is not a reverse foreign key or a many-to-many.")
    children = rows._base_manager.filter(**{parent: OuterRef("pk")}).order_by()
    return Subquery(children.annotate(n=RowCount()).values("n"))


class CommunityList(NoStoreMixin, ScopedListView):
    model = Community
    filterset_class = CommunityFilter
    paginator_class = BoundedPaginator

    def get_queryset(self):
        return (
            super().get_queryset().select_related("point_of_contact")
            # Never shown here: special-category data stays in the database (and long texts).
            .defer(*Community.SPECIAL_CATEGORY_FIELDS, "description", "local_history",
                   "gathering_notes")
            .annotate(interaction_count=_count_of(Community, "interactions"))
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rows = context["object_list"]
        # The step the records show, to those who may change the step: worked out for the rows
        # of the page only (an EXISTS per kind of evidence) and kept until the next write.
        steps = {}
        if can(self.actor, Action.CHANGE, Community):
            steps = changes.per_record(self.municipality.pk, "proposed-step",
                                       [community.pk for community in rows], proposed_steps)
        for community in rows:
            step = steps.get(community.pk, 0)
            community.proposed_step = (
                EngagementStep(step) if step > community.engagement_step else None)
        return context


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
            # What the apps above add (engagement: open concerns, reciprocity).
            sections=gather_sections("networks.community", self.request, community),
        )
        if context["can_edit"]:
            # Shown to those who may change the step: the evidence counts records (interactions,
            # meetings) some readers of the profile may not see.
            step = EngagementStep(proposed_steps([community.pk])[community.pk])
            context.update(proposed_step=step,
                           proposal_ahead=step > community.engagement_step)
        return context


class CommunityAcceptStep(NoStoreMixin, ObjectMixin, generic.View):
    """POST: set the community's step to the one its records show (``networks.services``)."""

    model = Community
    action = Action.CHANGE
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        community = self.get_object()
        expected = request.POST.get("step", "")
        try:
            step = services.accept_proposed_step(
                self.actor, community,
                expected=int(expected) if expected.isascii() and expected.isdigit() else None)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The engagement step is now “%(step)s”.")
                             % {"step": EngagementStep(step).label})
        return HttpResponseRedirect(community.get_absolute_url())


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
    paginator_class = BoundedPaginator

    def get_queryset(self):
        return super().get_queryset().annotate(
            community_count=_count_of(Organisation, "communities"),
            people_count=_count_of(Organisation, "people"),
        )


class OrganisationDetail(ScopedDetailView):
    model = Organisation

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        people = visible(self.actor, self.object.people.all())
        context.update(
            communities=visible(self.actor, self.object.communities.all()),
            people=people,
            interactions=visible(self.actor, self.object.interactions.select_related("community"))[:10],
            # From the people read above: no further query.
            contact_levels=contact_levels(self.object, people),
            # What the apps above add (portal: its representatives and their corrections).
            sections=gather_sections("networks.organisation", self.request, self.object),
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
    paginator_class = BoundedPaginator

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

