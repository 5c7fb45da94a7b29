"""factory_boy factories for every domain model. Each record's municipality defaults to a new one;
pass ``municipality=`` to keep records together."""

import datetime

import factory
from django.contrib.auth import get_user_model

from coordinator.models import Membership, Municipality, Role
from engagement.models import (
    Commitment,
    GoalReview,
    Interaction,
    InteractionKind,
    PreconditionGoal,
    Preconditions,
)
from networks.models import Community, CommunityKind, Organisation, OrganisationKind, Person

PASSWORD = "correct horse battery staple"


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipality
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Municipality {n}")
    slug = factory.Sequence(lambda n: f"municipality-{n}")
    country = "Belgium"
    population = 42000
    languages = factory.LazyFunction(lambda: ["Dutch", "French"])


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    municipality = factory.SubFactory(MunicipalityFactory)
    role = Role.COORDINATOR


def member(municipality, role=Role.COORDINATOR, **kwargs):
    """A new user with ``role`` in ``municipality``; returns the user."""
    return MembershipFactory(municipality=municipality, role=role, **kwargs).user


class PreconditionsFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Preconditions

    municipality = factory.SubFactory(MunicipalityFactory)
    effects_wanted = "Communities trust the municipality enough to raise concerns early."


class PreconditionGoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PreconditionGoal

    preconditions = factory.SubFactory(PreconditionsFactory)
    municipality = factory.SelfAttribute("preconditions.municipality")
    term = "short"
    goal = factory.Sequence(lambda n: f"Goal {n}: every community mapped has a contact")
    target = "7 of 7 communities"
    review_interval_days = 90


class GoalReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GoalReview

    goal = factory.SubFactory(PreconditionGoalFactory)
    municipality = factory.SelfAttribute("goal.municipality")
    reviewed_on = factory.LazyFunction(datetime.date.today)
    progress = "Five of seven have a contact."
    percent_done = 70


class CommunityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Community

    municipality = factory.SubFactory(MunicipalityFactory)
    name = factory.Sequence(lambda n: f"Community {n}")
    kind = CommunityKind.LOCATION
    estimated_size = 500
    gathering_places = factory.LazyFunction(lambda: ["library"])
    languages = factory.LazyFunction(lambda: ["French"])


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    municipality = factory.SubFactory(MunicipalityFactory)
    name = factory.Sequence(lambda n: f"Organisation {n}")
    kind = OrganisationKind.YOUTH_WORK
    mandate = "Open youth work in the neighbourhood."


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    municipality = factory.SubFactory(MunicipalityFactory)
    name = factory.Sequence(lambda n: f"Contact {n}")
    role = "Youth worker"


class InteractionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Interaction

    municipality = factory.SubFactory(MunicipalityFactory)
    kind = InteractionKind.ONE_ON_ONE
    occurred_on = factory.LazyFunction(datetime.date.today)
    community = factory.SubFactory(
        CommunityFactory, municipality=factory.SelfAttribute("..municipality")
    )
    needs_heard = "A place for young people to meet in the evening."


class CommitmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Commitment

    municipality = factory.SubFactory(MunicipalityFactory)
    description = "Ask the housing department about the broken lift."
    made_to = "Residents' association"
    due_on = factory.LazyFunction(lambda: datetime.date.today() + datetime.timedelta(days=7))
