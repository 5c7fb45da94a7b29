"""factory_boy factories of the dialogue app (safe spaces, meetings, invitations, concerns)."""

import datetime

import factory

from dialogue.models import Attendance, Meeting, MeetingKind, MeetingOrganisation, SafeSpace
from engagement.models import Concern
from tests.factories import MunicipalityFactory


class SafeSpaceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SafeSpace

    municipality = factory.SubFactory(MunicipalityFactory)
    name = factory.Sequence(lambda n: f"Community hall {n}")
    place = "Main street 1"
    notes_taken = True


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    municipality = factory.SubFactory(MunicipalityFactory)
    title = factory.Sequence(lambda n: f"Meeting {n}")
    kind = MeetingKind.HETEROGENEOUS
    held_on = factory.LazyFunction(lambda: datetime.date.today() + datetime.timedelta(days=7))
    starts_at = datetime.time(19, 0)
    ends_at = datetime.time(21, 0)


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MeetingOrganisation

    attendance = Attendance.CAME


class ConcernFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Concern

    municipality = factory.SubFactory(MunicipalityFactory)
    topic = factory.Sequence(lambda n: f"Parking on Fridays {n}")
    raised_on = factory.LazyFunction(datetime.date.today)
