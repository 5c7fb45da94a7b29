"""The demo data (issue 2, "Demo data: the seed municipalities"): idempotent, complete per
municipality, faithful to the papers, and never crossing municipalities."""

from datetime import timedelta
from io import StringIO

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.utils import timezone

from coordinator.models import Membership, Municipality, Role
from demo import loader as demo
from demo import manchester
from demo.loader import DEMO_PASSWORD, MUNICIPALITY_MODULES, load_demo
from engagement.demo import FICTIONAL
from engagement.models import (
    Commitment,
    CommitmentStatus,
    Concern,
    ConcernState,
    Interaction,
    Preconditions,
)
from networks.models import Community, EngagementLevel, Organisation, Person
from vetting.models import ComplianceAlert
from vetting.services import current_clearance

SLUGS = [module.MUNICIPALITY["slug"] for module in MUNICIPALITY_MODULES]
MODELS = (Municipality, Preconditions, Community, Organisation, Person, Interaction, Commitment,
          Concern, Membership, get_user_model())


def _row_counts():
    return {model.__name__: model.objects.count() for model in MODELS}


def _history_count():
    return sum(
        model.objects.count() for model in apps.get_models()
        if model.__name__.startswith("Historical")
        and model._meta.app_label in ("coordinator", "networks", "engagement")
    )


@pytest.fixture
def loaded(db):
    return load_demo()


def test_loading_twice_gives_the_same_rows_and_no_new_history(loaded):
    rows, history = _row_counts(), _history_count()
    again = load_demo()
    assert again["counts"] == loaded["counts"]
    assert _row_counts() == rows
    assert _history_count() == history
    assert loaded["counts"]["municipalities"] == 4
    assert set(Municipality.objects.values_list("slug", flat=True)) >= {
        "sarcelles", "vilvoorde", "rotterdam", "manchester"
    }


@pytest.mark.parametrize("slug", SLUGS)
def test_each_municipality_has_its_demo_users(loaded, slug):
    municipality = Municipality.objects.get(slug=slug)
    for suffix, role in demo.USER_ROLES:
        membership = Membership.objects.get(user__username=f"{slug}-{suffix}")
        assert membership.municipality == municipality
        assert membership.role == role
        assert membership.user.check_password(DEMO_PASSWORD)
        assert not membership.user.is_staff
    portal = Membership.objects.get(user__username=f"{slug}-portal")
    assert portal.role == Role.COMMUNITY_REPRESENTATIVE
    assert portal.organisation.municipality == municipality
    coordinator = get_user_model().objects.get(username=f"{slug}-coordinator")
    communities = Community.objects.for_municipality(municipality)
    assert communities.count() >= 5
    assert all(c.point_of_contact == coordinator for c in communities)
    assert Preconditions.objects.get(municipality=municipality).is_complete


def test_superuser_for_the_admin_site(loaded):
    admin = get_user_model().objects.get(username="admin")
    assert admin.is_superuser and admin.is_staff
    assert admin.check_password(DEMO_PASSWORD)
    assert not admin.memberships.exists()


def test_sarcelles_facts_from_paper_003(loaded):
    sarcelles = Municipality.objects.get(slug="sarcelles")
    assert sarcelles.population == 60000
    communities = Community.objects.for_municipality(sarcelles)
    jewish = communities.get(name="Jewish community")
    assert jewish.estimated_size == 16000
    assert jewish.faith == "Judaism"
    assert communities.get(name="Assyro-Chaldean community").estimated_size == 5000
    assert communities.get(name="Recently arrived refugees").estimated_size == 350
    assert {"Maghreb community", "Sub-Saharan African communities"} <= set(
        communities.values_list("name", flat=True)
    )
    assert Municipality.objects.get(slug="vilvoorde").population == 42000
    assert Organisation.objects.filter(municipality__slug="rotterdam", name="SPIOR").exists()
    assert Organisation.objects.filter(
        municipality__slug="rotterdam", name="Safety House Rotterdam Region"
    ).exists()
    assert Organisation.objects.filter(
        municipality__slug="manchester", name="Hideaway Youth Project"
    ).exists()
    assert Community.objects.filter(municipality__slug="manchester", name="Libyan community",
                                    ethnicity="Libyan").exists()


def test_no_record_crosses_municipality(loaded):
    for interaction in Interaction.objects.all():
        m = interaction.municipality_id
        assert interaction.community is None or interaction.community.municipality_id == m
        assert {p.municipality_id for p in interaction.people.all()} <= {m}
        assert {o.municipality_id for o in interaction.organisations.all()} <= {m}
    for commitment in Commitment.objects.all():
        m = commitment.municipality_id
        assert commitment.community is None or commitment.community.municipality_id == m
        # A follow-up of a meeting (dialogue) is made during no interaction.
        assert commitment.interaction is None or commitment.interaction.municipality_id == m
        assert commitment.owner.memberships.get().municipality_id == m
    for person in Person.objects.all():
        assert person.organisation.municipality_id == person.municipality_id
        assert {c.municipality_id for c in person.communities.all()} <= {person.municipality_id}
    for organisation in Organisation.objects.all():
        communities = organisation.communities.all()
        assert {c.municipality_id for c in communities} <= {organisation.municipality_id}
    for community in Community.objects.all():
        m = community.municipality_id
        related = [*community.parents.all(), *community.overlapping.all()]
        assert {c.municipality_id for c in related} <= {m}
        outsourced = community.contact_outsourced_to
        assert outsourced is None or outsourced.municipality_id == m
        assert community.point_of_contact.memberships.get().municipality_id == m
    for membership in Membership.objects.exclude(organisation=None):
        assert membership.organisation.municipality_id == membership.municipality_id


@pytest.mark.parametrize("slug", SLUGS)
def test_each_municipality_fills_the_dashboard(loaded, slug, settings):
    """Communities over steps 1-4, some overdue for verification and some never contacted;
    commitments open (due soon and overdue), delivered and dropped with a reason."""
    today = timezone.localdate()
    municipality = Municipality.objects.get(slug=slug)
    communities = Community.objects.for_municipality(municipality)
    assert set(communities.values_list("engagement_step", flat=True)) >= {1, 2, 4}
    assert communities.not_verified_since(settings.LINCHPIN_VERIFY_AFTER_DAYS).exists()
    assert communities.never_contacted().exists()
    assert communities.filter(last_verified_on=None).exists()
    interactions = Interaction.objects.for_municipality(municipality)
    assert interactions.count() >= 4
    assert all(today - timedelta(days=120) <= i.occurred_on <= today for i in interactions)
    commitments = Commitment.objects.for_municipality(municipality)
    assert commitments.due_within(settings.LINCHPIN_COMMITMENT_DUE_SOON_DAYS).exists()
    assert any(c.is_overdue for c in commitments)
    assert commitments.filter(status=CommitmentStatus.DELIVERED).exists()
    dropped = commitments.filter(status=CommitmentStatus.DROPPED)
    assert dropped.exists()
    assert all(c.dropped_reason.strip() and c.closed_on for c in dropped)
    organisations = Organisation.objects.for_municipality(municipality)
    assert organisations.in_network("formal").exists()
    assert organisations.in_network("informal").exists()
    assert Person.objects.for_municipality(municipality).filter(is_key_figure=True).exists()


@pytest.mark.parametrize("slug", SLUGS)
def test_each_municipality_has_concerns_in_every_state(loaded, slug):
    """Issue 9 "Demo data": concerns in every state, several answered and reported back, some
    registered from an interaction; outcomes from outside the municipality come from a
    fictional organisation only; some interactions asked something of the community."""
    concerns = list(Concern.objects.filter(municipality__slug=slug).select_related("interaction"))
    assert {c.state for c in concerns} == set(ConcernState.values)
    assert sum(c.state == ConcernState.REPORTED_BACK for c in concerns) >= 2
    assert sum(c.answered_on is not None for c in concerns) >= 3
    for concern in concerns:
        concern.full_clean()
        if concern.interaction is not None:
            assert concern.description == concern.interaction.concerns_heard
    assert sum(c.interaction is not None for c in concerns) >= 2
    assert {c.routed_to_organisation.name for c in concerns if c.routed_to_organisation} == {
        FICTIONAL[slug][0]}
    assert Interaction.objects.filter(municipality__slug=slug, asked_of_community=True).exists()


def test_steps_one_to_four_are_all_used(loaded):
    assert set(Community.objects.values_list("engagement_step", flat=True)) == {1, 2, 3, 4}


def test_no_partnership_or_funding_without_an_assessment(loaded):
    raised = Organisation.objects.exclude(engagement_level=EngagementLevel.DIALOGUE) | (
        Organisation.objects.filter(receives_municipal_funding=True)
    )
    assert raised.exists()
    for organisation in raised:
        assert current_clearance(organisation) or ComplianceAlert.objects.filter(
            organisation=organisation
        ).exists(), organisation


def test_people_are_roles_not_private_persons(loaded):
    for person in Person.objects.all():
        assert person.name == f"{person.role}, {person.organisation.name}"
        assert not person.email or person.email.endswith("@example.org")


def test_command_prints_the_logins_table(db):
    out = StringIO()
    call_command("load_demo", stdout=out)
    output = out.getvalue()
    for slug in SLUGS:
        assert f"{slug}-coordinator" in output
        assert f"{slug}-portal" in output
    assert "admin " in output
    assert DEMO_PASSWORD in output
    assert output.splitlines()[3].split() == ["username", "role", "municipality", "password"]


def test_command_refuses_the_production_settings(db):
    with override_settings(SETTINGS_MODULE="coordinator.settings.production"):
        with pytest.raises(CommandError):
            call_command("load_demo", stdout=StringIO())
    assert not Municipality.objects.exists()


def test_a_data_error_loads_nothing(db, monkeypatch):
    bad = {**manchester.INTERACTIONS[0], "days_ago": -3, "commitments": []}
    monkeypatch.setattr(manchester, "INTERACTIONS", [*manchester.INTERACTIONS, bad])
    with pytest.raises(ValidationError):
        load_demo()
    assert not Municipality.objects.exists()
    assert not get_user_model().objects.filter(username="admin").exists()


def test_the_first_sweep_reminds_of_every_kind(loaded):
    """Issue 12 "Done when": the demo coordinators (and admins, for the kinds that are theirs)
    find a reminder of each kind in their inbox on the first run."""
    from reminders.models import Reminder
    from reminders.registry import KINDS

    assert set(Reminder.objects.values_list("kind", flat=True)) == set(KINDS)


def test_demo_users_who_must_sign_in_in_two_steps_have_the_published_key(loaded):
    """README "Demo logins": the key and the backup codes work; a second load restores a used
    backup code and leaves the others' accounts without an app."""
    from base64 import b32decode

    from django.test import Client
    from django.urls import reverse
    from django_otp.oath import TOTP
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from coordinator.twofactor.services import backup_codes_left

    must = {"admin", *(f"{slug}-{suffix}" for slug in SLUGS for suffix in ("assessor", "admin"))}
    with_app = set(TOTPDevice.objects.filter(confirmed=True).values_list("user__username",
                                                                         flat=True))
    assert with_app == must

    def sign_in(code):
        client = Client()
        client.post(reverse("login"), {"username": "sarcelles-admin", "password": DEMO_PASSWORD})
        return client, client.post(reverse("two_factor:verify"), {"code": code})

    _, response = sign_in(f"{TOTP(b32decode(demo.DEMO_TOTP_KEY)).token():06d}")
    assert response.status_code == 302 and response["Location"] == "/"
    client, response = sign_in(demo.DEMO_BACKUP_CODES[0])
    assert response.status_code == 302
    assert client.get(reverse("dashboard")).status_code == 200
    admin = get_user_model().objects.get(username="sarcelles-admin")
    assert backup_codes_left(admin) == 9
    load_demo()
    assert backup_codes_left(admin) == 10
