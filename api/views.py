"""The read API's resources: communities, organisations, people, interactions, commitments,
meetings and the action plan. Each is a thin ``ScopedViewSet`` (``api.base``): what to read,
with which of the HTML list's filters, and which related records (each through ``visible()``)
its serializer names. What a reader is told of each (browsable API, OPTIONS, schema) is its
``described`` texts (``api.descriptions``), never its docstring."""

from django.db.models import Exists, OuterRef, Prefetch
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework.response import Response
from rest_framework.routers import APIRootView

from actionplans.models import ITEM_MODELS, ActionPlan, ActionPlanVersion, PartnerRole
from coordinator.access import Action, can, logs_access, visible
from coordinator.generic import record_related
from dialogue.filters import MeetingFilter
from dialogue.models import Meeting
from dialogue.views import meeting_context
from engagement.filters import CommitmentFilter, InteractionFilter
from engagement.models import Commitment, Interaction
from networks.filters import CommunityFilter, OrganisationFilter, PersonFilter
from networks.models import Community, Organisation, Person

from . import plan_serializers, serializers
from .base import ActorMixin, ScopedViewSet
from .descriptions import Described
from .filters import VersionFilter


class RootView(ActorMixin, APIRootView):
    """The API's resources, by name and address."""

    described = Described(
        _("Linchpin API"),
        _("The API's resources. Send a personal token as “Authorization: Bearer <token>” (make "
          "one under “API tokens” in your account), or browse here while signed in."))


def _described(described: Described):
    """Give a viewset ``described`` (its pages, ``api.descriptions``) and the same texts as
    the descriptions of its two operations in the schema."""
    def decorate(viewset):
        viewset.described = described
        return extend_schema_view(
            list=extend_schema(description=described.description),
            retrieve=extend_schema(description=described.detail_description))(viewset)
    return decorate


# --------------------------------------------------------------------------- networks


@_described(Described(
    _("Communities"), _("The communities you may see, a page at a time."),
    _("Community"), _("One of the communities; 404 when you may not see it.")))
class CommunityViewSet(ScopedViewSet):
    """Communities (002 step 1). A community's ethnicity and faith are in its detail only for
    those who see them on its page: staff with the role, a partner only under an agreement
    that records an Article 9 condition."""

    model = Community
    serializer_class = serializers.CommunitySerializer
    detail_serializer_class = serializers.CommunityDetailSerializer
    filterset_class = CommunityFilter

    def base_queryset(self):
        queryset = Community.objects.select_related("point_of_contact")
        if self.action != "retrieve":
            return queryset
        return queryset.select_related("contact_outsourced_to").prefetch_related(*(
            self.visible_prefetch(relation, Community.objects.all())
            for relation in ("parents", "children", "overlapping")))

    def get_serializer_context(self):
        return {**super().get_serializer_context(),
                "sees_special_category": self.actor.sees_special_category()}


@_described(Described(
    _("Organisations"), _("The organisations you may see, a page at a time."),
    _("Organisation"), _("One of the organisations; 404 when you may not see it.")))
class OrganisationViewSet(ScopedViewSet):
    model = Organisation
    serializer_class = serializers.OrganisationSerializer
    detail_serializer_class = serializers.OrganisationDetailSerializer
    filterset_class = OrganisationFilter

    def base_queryset(self):
        queryset = Organisation.objects.prefetch_related(
            self.visible_prefetch("communities", Community.objects.all()))
        if self.action == "retrieve":
            queryset = queryset.prefetch_related(
                self.visible_prefetch("people", Person.objects.all()))
        return queryset


@_described(Described(
    _("People"), _("The people (contacts) you may see, a page at a time."),
    _("Person"), _("One of the people (contacts); 404 when you may not see it.")))
class PersonViewSet(ScopedViewSet):
    model = Person
    serializer_class = serializers.PersonSerializer
    detail_serializer_class = serializers.PersonDetailSerializer
    filterset_class = PersonFilter

    def base_queryset(self):
        return Person.objects.select_related("organisation").prefetch_related(
            self.visible_prefetch("communities", Community.objects.all()))


# --------------------------------------------------------------------------- engagement


@_described(Described(
    _("Interactions"), _("The interactions you may see, a page at a time."),
    _("Interaction"), _("One of the interactions; 404 when you may not see it.")))
class InteractionViewSet(ScopedViewSet):
    model = Interaction
    serializer_class = serializers.InteractionSerializer
    detail_serializer_class = serializers.InteractionDetailSerializer
    filterset_class = InteractionFilter

    def base_queryset(self):
        queryset = Interaction.objects.select_related("community", "logged_by")
        if self.action != "retrieve":
            return queryset
        return queryset.prefetch_related(
            self.visible_prefetch("people", Person.objects.all()),
            self.visible_prefetch("organisations", Organisation.objects.all()),
            self.visible_prefetch("commitments", Commitment.objects.all()))


@_described(Described(
    _("Commitments"), _("The commitments you may see, a page at a time."),
    _("Commitment"), _("One of the commitments; 404 when you may not see it.")))
class CommitmentViewSet(ScopedViewSet):
    model = Commitment
    serializer_class = serializers.CommitmentSerializer
    filterset_class = CommitmentFilter

    def base_queryset(self):
        # The organisation a promise was made to is named only to those who may see it, as
        # on the commitment's page: one EXISTS per row, not a query per row.
        organisation = visible(self.actor, Organisation.objects.filter(pk=OuterRef("organisation")))
        return (Commitment.objects.select_related("community", "owner", "organisation")
                .annotate(organisation_visible=Exists(organisation)))


# --------------------------------------------------------------------------- dialogue


@_described(Described(
    _("Meetings"), _("The meetings you may see, a page at a time."),
    _("Meeting"), _("One of the meetings; 404 when you may not see it.")))
class MeetingViewSet(ScopedViewSet):
    """Meetings and dialogue events (002 step 4). The detail adds the agenda, the invitations
    and the people invited, each through ``visible()`` as on the meeting's page; its notes only
    for those who may change the meeting (and never where the safe space takes none)."""

    model = Meeting
    serializer_class = serializers.MeetingSerializer
    detail_serializer_class = serializers.MeetingDetailSerializer
    filterset_class = MeetingFilter

    def base_queryset(self):
        # The safe space of a meeting is open to whoever sees the meeting (same category, no
        # community limit: coordinator.policies), so it is selected, not checked per row.
        return Meeting.objects.select_related("safe_space", "organiser").prefetch_related(
            self.visible_prefetch("invited_communities", Community.objects.all()),
            self.visible_prefetch("absent_communities", Community.objects.all()))

    def retrieve(self, request, *args, **kwargs):
        meeting = self.get_object()
        related = meeting_context(self.actor, meeting)
        if logs_access(self.actor):
            record_related(self.request, related)
        context = {**self.get_serializer_context(), "related": related,
                   "visible_concerns": related["visible_concerns"],
                   "may_read_notes": (can(self.actor, Action.CHANGE, meeting)
                                      and not meeting.notes_closed)}
        return Response(self.detail_serializer_class(meeting, context=context).data)


# --------------------------------------------------------------------------- the action plan


@_described(Described(
    _("Action plans"), _("The action plans you may see, a page at a time."),
    _("Action plan"), _("One of the action plans; 404 when you may not see it.")))
class ActionPlanViewSet(ScopedViewSet):
    model = ActionPlan
    serializer_class = plan_serializers.ActionPlanSerializer

    def base_queryset(self):
        return ActionPlan.objects.prefetch_related(Prefetch(
            "versions", to_attr="visible_versions",
            queryset=visible(self.actor, ActionPlanVersion.objects.order_by("-number"))))


@_described(Described(
    _("Action plan versions"),
    _("The versions of the action plans you may see, a page at a time."),
    _("Action plan version"),
    _("One of the versions of the action plans; 404 when you may not see it.")))
class VersionViewSet(ScopedViewSet):
    """Versions of the action plans; a version's detail has its seven elements (004), each
    with its answers and its lists, as the version's page shows them."""

    model = ActionPlanVersion
    serializer_class = plan_serializers.VersionSerializer
    detail_serializer_class = plan_serializers.VersionDetailSerializer
    filterset_class = VersionFilter

    def base_queryset(self):
        return ActionPlanVersion.objects.select_related("plan", "approved_by",
                                                         "coordinator_organisation")

    def retrieve(self, request, *args, **kwargs):
        version = self.get_object()
        context = {**self.get_serializer_context(), "rows": self.rows(version)}
        return Response(self.detail_serializer_class(version, context=context).data)

    @staticmethod
    def rows(version) -> dict:
        """Every row of ``version``, by kind (one query each). The rows are reached through
        their version, which the reader may see, as its page and PDF reach them
        (``actionplans.pdf.plan_context``)."""
        rows = {}
        for model in ITEM_MODELS:
            queryset = model.objects.filter(version=version)
            if model is PartnerRole:
                queryset = queryset.prefetch_related("people")
            rows[model] = list(queryset)
        return rows
