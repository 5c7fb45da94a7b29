"""Spreadsheet resources of the engagement process (issue 13): interactions (exported and
imported), commitments and concerns (exported from their lists)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from coordinator.spreadsheets.registry import register_resource
from coordinator.spreadsheets.resources import ScopedResource

from .models import Commitment, Concern, Interaction


class InteractionResource(ScopedResource):
    """A logged contact, as the form logs it: with a community, people or organisations, never
    in the future, logged by the importing user."""

    import_columns = ("occurred_on", "kind", "community", "people", "organisations",
                      "needs_heard", "interests_heard", "concerns_heard", "follow_up",
                      "asked_of_community")
    required_columns = ("occurred_on", "kind")
    example = {"occurred_on": "2026-02-03", "kind": "Visit to a community event",
               "community": "Neighbourhood of Les Flanades",
               "people": "Youth worker, De Schakel", "organisations": "Youth club De Schakel",
               "needs_heard": "A place for the youth to meet in the evening",
               "asked_of_community": "no"}

    class Meta(ScopedResource.Meta):
        model = Interaction
        fields = ("id", "occurred_on", "kind", "community", "people", "organisations",
                  "needs_heard", "interests_heard", "concerns_heard", "follow_up",
                  "asked_of_community", "logged_by")
        export_order = fields

    def init_instance(self, row=None):
        instance = super().init_instance(row)
        instance.logged_by = self.actor.user
        return instance

    def check_row(self, instance, related, errors):
        people = related.get("people", None)
        organisations = related.get("organisations", None)
        if people is None and instance.pk:
            people = list(instance.people.all())
        if organisations is None and instance.pk:
            organisations = list(instance.organisations.all())
        if not (instance.community_id or people or organisations):
            errors.setdefault("__all__", ValidationError(_(
                "Say whom the contact was with: a community, people or organisations.")))


class CommitmentResource(ScopedResource):
    class Meta(ScopedResource.Meta):
        model = Commitment
        fields = ("id", "description", "made_to", "organisation", "community", "due_on",
                  "status", "owner", "closed_on", "dropped_reason")
        export_order = fields


class ConcernResource(ScopedResource):
    class Meta(ScopedResource.Meta):
        model = Concern
        fields = ("id", "topic", "community", "raised_on", "state", "raised_by_organisation",
                  "raised_by_person", "description", "routed_to_department",
                  "routed_to_organisation", "answer", "answered_on", "reported_back_on",
                  "reported_back_how", "owner")
        export_order = fields


def register() -> None:
    register_resource("engagement.interaction", InteractionResource, import_slug="interactions")
    register_resource("engagement.commitment", CommitmentResource)
    register_resource("engagement.concern", ConcernResource)
