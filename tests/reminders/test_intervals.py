"""Per-municipality intervals before a relationship goes quiet (reminders.models.QuietIntervals,
the kind ``relationship_quiet``, the page /reminders/intervals/): the municipality's days win
over the defaults of the engagement levels, a relationship's own days win over both, and only
the municipal admin sets them, within bounds, with history."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from coordinator.access import actor_for
from coordinator.models import Role
from networks.models import Organisation
from reminders import services, sweep
from reminders.models import QuietIntervals, Reminder

from ..factories import InteractionFactory, OrganisationFactory, PersonFactory, member

URL = reverse("reminders:intervals")


def contacted(municipality, days_ago, organisation=None, person=None):
    interaction = InteractionFactory(municipality=municipality, community=None,
                                     occurred_on=timezone.localdate() - timedelta(days=days_ago))
    if organisation:
        interaction.organisations.add(organisation)
    if person:
        interaction.people.add(person)


def organisation(municipality, name, level, days_ago, **fields):
    record = OrganisationFactory(municipality=municipality, name=name)
    # Set directly: the vetting gate of the engagement level is not what this is about.
    Organisation.objects.filter(pk=record.pk).update(engagement_level=level, **fields)
    contacted(municipality, days_ago, organisation=record)
    return record


def quiet(municipality) -> set[str]:
    sweep.sweep_municipality(municipality.pk, enqueue=False)
    return set(Reminder.objects.filter(municipality=municipality, kind="relationship_quiet")
               .values_list("title", flat=True))


def set_intervals(municipality, **days):
    QuietIntervals.objects.create(municipality=municipality, **days)


def test_without_settings_the_engagement_level_defaults_apply(municipality, coordinator):
    organisation(municipality, "Cornerstone", "partnership", 45)  # default 30: quiet
    organisation(municipality, "Open door", "dialogue", 45)  # default 120: not yet
    assert quiet(municipality) == {"Cornerstone"}


def test_the_municipality_s_days_override_the_defaults(municipality, coordinator,
                                                      other_municipality):
    organisation(municipality, "Cornerstone", "partnership", 45)
    organisation(municipality, "Open door", "dialogue", 45)
    organisation(municipality, "Network member", "collaboration", 45)  # default 60: not yet
    set_intervals(municipality, partnership_days=60, dialogue_days=40)
    # Another municipality's days change nothing here.
    set_intervals(other_municipality, collaboration_days=10)
    assert quiet(municipality) == {"Open door"}


def test_a_relationship_s_own_days_override_the_municipality_s(municipality, coordinator):
    organisation(municipality, "Close partner", "partnership", 30, quiet_after_days=20)
    patient = PersonFactory(municipality=municipality, name="Patient chair",
                            is_key_figure=True, organisation=None, quiet_after_days=90)
    contacted(municipality, 30, person=patient)
    eager = PersonFactory(municipality=municipality, name="Imam", is_key_figure=True,
                          organisation=None)
    contacted(municipality, 30, person=eager)
    set_intervals(municipality, partnership_days=60, dialogue_days=10)
    # Close partner: its own 20 days, not the municipality's 60. The chair: own 90, not 10.
    # The imam (no organisation: dialogue): the municipality's 10 days.
    assert quiet(municipality) == {"Close partner", "Imam"}


def test_quiet_after_days_reads_the_municipality_s_days(municipality, settings):
    settings.LINCHPIN_QUIET_AFTER_DAYS = {"partnership": 30, "collaboration": 60,
                                          "dialogue": 120}
    assert services.quiet_after_days(municipality.pk)["collaboration"] == 60
    set_intervals(municipality, collaboration_days=45)
    assert services.quiet_after_days(municipality.pk) == {
        "partnership": 30, "collaboration": 45, "dialogue": 120}


@pytest.fixture
def admin(municipality):
    return member(municipality, Role.MUNICIPAL_ADMIN)


def test_the_admin_sets_the_days_and_the_history_keeps_who(municipality, admin, client_for):
    client = client_for(admin)
    page = client.get(URL)
    assert page.status_code == 200
    assert "Partnership (cornerstone partners)" in page.text
    assert "leave empty for the default, 30 days" in page.text

    response = client.post(URL, {"partnership_days": "21", "collaboration_days": "",
                                 "dialogue_days": "90"}, follow=True)
    assert "The intervals were saved." in response.text
    intervals = QuietIntervals.objects.get(municipality=municipality)
    assert (intervals.partnership_days, intervals.collaboration_days,
            intervals.dialogue_days) == (21, None, 90)
    assert intervals.updated_by == admin

    client.post(URL, {"partnership_days": "28", "collaboration_days": "",
                      "dialogue_days": "90"})
    record = intervals.history.first()
    assert (record.partnership_days, record.history_user) == (28, admin)
    page = client.get(URL)
    assert "History" in page.text and "<ins>28</ins>" in page.text

    response = client.post(URL, {"partnership_days": "28", "collaboration_days": "",
                                 "dialogue_days": "90"}, follow=True)
    assert "Nothing changed." in response.text
    assert intervals.history.count() == 2


@pytest.mark.parametrize("value", ["0", "6", "731", "-5", "12.5", "ten", "9" * 30])
def test_days_out_of_bounds_are_refused_with_a_message(municipality, admin, client_for, value):
    response = client_for(admin).post(URL, {"partnership_days": value})
    assert response.status_code == 200
    assert "nothing was saved yet" in response.text
    assert 'class="errorlist' in response.text
    assert not QuietIntervals.objects.filter(municipality=municipality).exists()


def test_the_model_refuses_days_out_of_bounds_whatever_calls_it(municipality, admin):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.save_quiet_intervals(actor_for(admin, municipality.pk),
                                      {"partnership_days": 3})


def test_only_the_municipal_admin_reaches_them(municipality, coordinator, client_for):
    set_intervals(municipality, dialogue_days=100)
    for role in (Role.COORDINATOR, Role.ASSESSOR, Role.PARTNER_PROFESSIONAL):
        kwargs = {}
        if role == Role.PARTNER_PROFESSIONAL:
            kwargs["organisation"] = OrganisationFactory(municipality=municipality)
        client = client_for(member(municipality, role, **kwargs))
        assert client.get(URL).status_code == 403, role
        assert client.post(URL, {"dialogue_days": "10"}).status_code == 403, role
        assert URL not in client.get(reverse("reminders:inbox")).text
    assert QuietIntervals.objects.get(municipality=municipality).dialogue_days == 100
    admin = client_for(member(municipality, Role.MUNICIPAL_ADMIN))
    assert URL in admin.get(reverse("reminders:inbox")).text
    assert "<td>100</td>" in admin.get(URL).text


def test_an_outsider_admin_sets_their_own_municipality_s(municipality, other_municipality,
                                                          client_for):
    set_intervals(municipality, dialogue_days=100)
    outsider = client_for(member(other_municipality, Role.MUNICIPAL_ADMIN))
    page = outsider.get(URL)
    assert page.status_code == 200 and "<td>100</td>" not in page.text
    outsider.post(URL, {"dialogue_days": "50"})
    assert QuietIntervals.objects.get(municipality=municipality).dialogue_days == 100
    assert QuietIntervals.objects.get(municipality=other_municipality).dialogue_days == 50
