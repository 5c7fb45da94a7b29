"""What the API shows of each record: what its HTML page shows the same reader, no more.

The view gives each serializer the querysets of related records already narrowed by
``visible()`` (prefetched into ``visible_<relation>`` attributes, or annotated), so a list costs
the same number of queries whatever its length, and a related record the reader may not see is
never named. Special-category fields (a community's ethnicity and faith) are left out of every
list, and out of a community's detail unless the reader may see them
(``Actor.sees_special_category``), as on the community's page."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from dialogue.models import AgendaItem, Meeting, MeetingOrganisation, MeetingPerson
from engagement.models import Commitment, Interaction
from networks.models import Community, Organisation, Person

# --------------------------------------------------------------------------- building blocks


@extend_schema_field(OpenApiTypes.STR)
class UserNameField(serializers.Field):
    """A user (point of contact, author, owner) by full name, as the pages name them."""

    def __init__(self, **kwargs):
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, user):
        return user.get_full_name() or user.get_username()


@extend_schema_field({"type": "array", "items": {"type": "integer"}})
class VisibleIdsField(serializers.Field):
    """The ids of the related records the reader may see, prefetched by the view into
    ``visible_<relation>`` (``ScopedViewSet.visible_prefetch``)."""

    def __init__(self, relation: str, **kwargs):
        super().__init__(source=f"visible_{relation}", read_only=True, **kwargs)

    def to_representation(self, records):
        return [record.pk for record in records]


def _visible_ids(relation: str, help_text: str) -> VisibleIdsField:
    return VisibleIdsField(relation, help_text=help_text)


class CommunityRef(serializers.ModelSerializer):
    class Meta:
        model = Community
        fields = ["id", "name"]


class OrganisationRef(serializers.ModelSerializer):
    class Meta:
        model = Organisation
        fields = ["id", "name"]


# --------------------------------------------------------------------------- networks


class CommunitySerializer(serializers.ModelSerializer):
    point_of_contact = UserNameField(allow_null=True)
    verification_due = serializers.BooleanField(read_only=True)

    class Meta:
        model = Community
        fields = ["id", "name", "kind", "engagement_step", "estimated_size", "last_verified_on",
                  "verification_due", "last_contacted_on", "point_of_contact"]


class CommunityDetailSerializer(CommunitySerializer):
    contact_outsourced_to = OrganisationRef(read_only=True, allow_null=True)
    parents = _visible_ids("parents", _("The communities it is part of."))
    children = _visible_ids("children", _("The communities it includes."))
    overlapping = _visible_ids("overlapping", _("The communities it overlaps with."))
    # Not read-only, so the schema marks them optional: they are left out for a reader who may
    # not see special-category data. The API has no writes.
    ethnicity = serializers.CharField(
        required=False, help_text=_("Special-category data: only for readers who may see it."))
    faith = serializers.CharField(
        required=False, help_text=_("Special-category data: only for readers who may see it."))

    class Meta(CommunitySerializer.Meta):
        fields = [*CommunitySerializer.Meta.fields, "description", "local_history",
                  "gathering_places", "gathering_notes", "found_through", "languages",
                  "contact_outsourced_to", "parents", "children", "overlapping", "created_at",
                  *Community.SPECIAL_CATEGORY_FIELDS]

    def to_representation(self, instance):
        data = super().to_representation(instance)
        if not self.context.get("sees_special_category"):
            for name in Community.SPECIAL_CATEGORY_FIELDS:
                data.pop(name, None)
        return data


class OrganisationSerializer(serializers.ModelSerializer):
    network = serializers.CharField(read_only=True)
    communities = _visible_ids("communities", _("The communities it is part of or represents."))

    class Meta:
        model = Organisation
        fields = ["id", "name", "kind", "network", "engagement_level", "quiet_after_days",
                  "receives_municipal_funding", "website", "communities"]


class OrganisationDetailSerializer(OrganisationSerializer):
    people = _visible_ids("people", _("Its people (contacts)."))

    class Meta(OrganisationSerializer.Meta):
        fields = [*OrganisationSerializer.Meta.fields, "mandate", "people", "created_at"]


class PersonSerializer(serializers.ModelSerializer):
    organisation = OrganisationRef(read_only=True, allow_null=True)
    communities = _visible_ids("communities", _("The communities of the person."))

    class Meta:
        model = Person
        fields = ["id", "name", "role", "organisation", "is_key_figure", "partner_level",
                  "communities"]


class PersonDetailSerializer(PersonSerializer):
    class Meta(PersonSerializer.Meta):
        fields = [*PersonSerializer.Meta.fields, "preferred_channel", "email", "phone",
                  "languages", "quiet_after_days", "created_at"]


# --------------------------------------------------------------------------- engagement


class InteractionSerializer(serializers.ModelSerializer):
    community = CommunityRef(read_only=True, allow_null=True)
    logged_by = UserNameField(allow_null=True)

    class Meta:
        model = Interaction
        fields = ["id", "kind", "occurred_on", "community", "needs_heard", "interests_heard",
                  "concerns_heard", "follow_up", "asked_of_community", "logged_by"]


class InteractionDetailSerializer(InteractionSerializer):
    people = _visible_ids("people", _("The people involved."))
    organisations = _visible_ids("organisations", _("The organisations involved."))
    commitments = _visible_ids("commitments", _("The commitments made during it."))

    class Meta(InteractionSerializer.Meta):
        fields = [*InteractionSerializer.Meta.fields, "people", "organisations", "commitments",
                  "created_at"]


class CommitmentSerializer(serializers.ModelSerializer):
    community = CommunityRef(read_only=True, allow_null=True)
    organisation = serializers.SerializerMethodField(
        help_text=_("The organisation the promise was made to, when the reader may see it."))
    owner = UserNameField(allow_null=True)
    is_overdue = serializers.BooleanField(read_only=True)

    class Meta:
        model = Commitment
        fields = ["id", "description", "made_to", "community", "organisation", "interaction",
                  "owner", "due_on", "status", "is_overdue", "closed_on", "dropped_reason"]

    @extend_schema_field(OrganisationRef(allow_null=True))
    def get_organisation(self, commitment):
        # ``organisation_visible`` is annotated by the view (one EXISTS per row, no query).
        if commitment.organisation_id is None or not commitment.organisation_visible:
            return None
        return OrganisationRef(commitment.organisation).data


# --------------------------------------------------------------------------- dialogue


class MeetingSerializer(serializers.ModelSerializer):
    safe_space = serializers.SerializerMethodField()
    organiser = UserNameField(allow_null=True)
    invited_communities = _visible_ids("invited_communities", _("The communities invited."))
    absent_communities = _visible_ids("absent_communities",
                                      _("The communities not at the table at all."))

    class Meta:
        model = Meeting
        fields = ["id", "title", "kind", "objectives", "held_on", "starts_at", "ends_at",
                  "safe_space", "moderator", "organiser", "invited_communities",
                  "absent_communities", "takeaways", "takeaways_sent_on", "takeaways_sent_how"]

    @extend_schema_field({"type": "object", "nullable": True,
                          "properties": {"id": {"type": "integer"}, "name": {"type": "string"}}})
    def get_safe_space(self, meeting):
        space = meeting.safe_space
        return None if space is None else {"id": space.pk, "name": space.name}


class AgendaItemSerializer(serializers.ModelSerializer):
    concern = serializers.SerializerMethodField(
        help_text=_("The concern the item answers, when the reader may see it."))

    class Meta:
        model = AgendaItem
        fields = ["position", "title", "concern"]

    @extend_schema_field(OpenApiTypes.INT)
    def get_concern(self, item):
        visible = self.context.get("visible_concerns", set())
        return item.concern_id if item.concern_id in visible else None


class InvitedOrganisationSerializer(serializers.ModelSerializer):
    organisation = OrganisationRef(read_only=True)

    class Meta:
        model = MeetingOrganisation
        fields = ["organisation", "attendance"]


class InvitedPersonSerializer(serializers.ModelSerializer):
    person = serializers.SerializerMethodField()

    class Meta:
        model = MeetingPerson
        fields = ["person", "attendance"]

    @extend_schema_field({"type": "object",
                          "properties": {"id": {"type": "integer"}, "name": {"type": "string"}}})
    def get_person(self, row):
        return {"id": row.person_id, "name": row.person.name}


class MeetingDetailSerializer(MeetingSerializer):
    agenda = serializers.SerializerMethodField()
    organisations = serializers.SerializerMethodField()
    people = serializers.SerializerMethodField()
    # Not read-only, so the schema marks it optional: only those who may change the meeting
    # read its notes, as on the meeting's page. The API has no writes.
    notes = serializers.CharField(required=False,
                                  help_text=_("Only for those who may change the meeting."))

    class Meta(MeetingSerializer.Meta):
        fields = [*MeetingSerializer.Meta.fields, "rationale", "agenda", "organisations",
                  "people", "notes", "created_at"]

    @extend_schema_field(AgendaItemSerializer(many=True))
    def get_agenda(self, meeting):
        return AgendaItemSerializer(self.context["related"]["agenda"], many=True,
                                    context=self.context).data

    @extend_schema_field(InvitedOrganisationSerializer(many=True))
    def get_organisations(self, meeting):
        return InvitedOrganisationSerializer(self.context["related"]["organisation_rows"],
                                             many=True).data

    @extend_schema_field(InvitedPersonSerializer(many=True))
    def get_people(self, meeting):
        return InvitedPersonSerializer(self.context["related"]["person_rows"], many=True).data

    def to_representation(self, instance):
        data = super().to_representation(instance)
        if not self.context.get("may_read_notes"):
            data.pop("notes", None)
        return data
