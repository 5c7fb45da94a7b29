"""The reminders' sweep and delivery (reminders.sweep, reminders.delivery, reminders.tasks):
each kind on constructed data, and exactly once under re-runs, retries, an interrupted
delivery, a held lock and a failing municipality."""

import smtplib
from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail
from django.core.cache import cache
from django.utils import timezone

from coordinator.models import Role
from engagement.models import Concern
from networks.models import Organisation
from reminders import delivery, sweep, tasks
from reminders.models import Digest, DigestState, Reminder, ReminderState
from reminders.registry import KINDS

from ..factories import (
    CommitmentFactory,
    CommunityFactory,
    InteractionFactory,
    MunicipalityFactory,
    OrganisationFactory,
    member,
)


def today():
    return timezone.localdate()


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()


def run(municipality, day=None):
    """Sweep ``municipality`` and deliver its pending digests as the tasks would."""
    result = sweep.sweep_municipality(municipality.pk, day, enqueue=False)
    for digest_id in result.digests:
        delivery.deliver(digest_id)
    return result


def kinds_for(municipality):
    return sorted(Reminder.objects.filter(municipality=municipality).values_list("kind", flat=True))


def test_commitment_due_soon_reminds_its_owner_once(municipality, coordinator):
    owner = member(municipality, Role.COORDINATOR)
    CommitmentFactory(municipality=municipality, owner=owner, due_on=today() + timedelta(days=3),
                      description="Ask housing about the lift")
    CommitmentFactory(municipality=municipality, due_on=today() + timedelta(days=30))

    run(municipality)
    run(municipality)

    assert Reminder.objects.filter(municipality=municipality).count() == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [owner.email]
    assert "Ask housing" not in message.body  # free text stays in the application
    assert "/reminders/" in message.body


def test_overdue_commitment_is_reminded_again_each_week(municipality, coordinator):
    CommitmentFactory(municipality=municipality, due_on=today() - timedelta(days=2))
    run(municipality)
    run(municipality, today() + timedelta(days=1))
    run(municipality, today() + timedelta(days=7))

    periods = Reminder.objects.filter(municipality=municipality).values_list("period", flat=True)
    assert len(set(periods)) == 2
    assert len(mail.outbox) == 2


def test_unverified_community_reminds_its_point_of_contact(municipality, coordinator):
    contact = member(municipality, Role.COORDINATOR)
    CommunityFactory(municipality=municipality, point_of_contact=contact,
                     last_verified_on=today() - timedelta(days=400))
    CommunityFactory(municipality=municipality, point_of_contact=contact,
                     last_verified_on=today() - timedelta(days=10))
    run(municipality)
    reminder = Reminder.objects.get(municipality=municipality)
    assert (reminder.kind, reminder.recipient) == ("community_unverified", contact)


def test_quiet_relationships_by_engagement_level(municipality, coordinator):
    quiet = OrganisationFactory(municipality=municipality, name="Neighbourhood association")
    lively = OrganisationFactory(municipality=municipality)
    dialogue = OrganisationFactory(municipality=municipality)
    # Raising the level directly: the vetting gate is not what this test is about.
    Organisation.objects.filter(pk__in=[quiet.pk, lively.pk]).update(
        engagement_level="partnership")
    Organisation.objects.filter(pk=dialogue.pk).update(engagement_level="dialogue")
    for organisation, days_ago in ((quiet, 45), (lively, 5), (dialogue, 45)):
        interaction = InteractionFactory(municipality=municipality,
                                         occurred_on=today() - timedelta(days=days_ago),
                                         community=None)
        interaction.organisations.add(organisation)
    run(municipality)
    reminder = Reminder.objects.get(municipality=municipality, kind="relationship_quiet")
    assert reminder.subject_id == quiet.pk
    assert reminder.recipient == coordinator
    assert "Neighbourhood association" in mail.outbox[0].body  # organisation names may be sent


def test_a_relationship_sets_its_own_interval_and_key_figures_go_quiet_too(municipality,
                                                                           coordinator):
    from tests.factories import PersonFactory

    close = OrganisationFactory(municipality=municipality, name="Close partner")
    Organisation.objects.filter(pk=close.pk).update(engagement_level="dialogue",
                                                    quiet_after_days=20)
    figure = PersonFactory(municipality=municipality, name="Imam", is_key_figure=True,
                           quiet_after_days=10, organisation=None)
    patient = PersonFactory(municipality=municipality, name="Chair", is_key_figure=True,
                            organisation=None)  # the dialogue default: 120 days
    for days_ago, organisation, person in ((30, close, None), (15, None, figure),
                                           (30, None, patient)):
        interaction = InteractionFactory(municipality=municipality,
                                         occurred_on=today() - timedelta(days=days_ago),
                                         community=None)
        if organisation:
            interaction.organisations.add(organisation)
        if person:
            interaction.people.add(person)
    run(municipality)
    quiet = Reminder.objects.filter(kind="relationship_quiet")
    assert {r.title for r in quiet} == {"Close partner", "Imam"}


def test_unanswered_concern_reminds_its_owner(municipality, coordinator):
    Concern.objects.create(municipality=municipality, topic="Street lighting", owner=coordinator,
                           raised_on=today() - timedelta(days=20))
    Concern.objects.create(municipality=municipality, topic="Recent", owner=coordinator,
                           raised_on=today() - timedelta(days=2))
    run(municipality)
    assert kinds_for(municipality) == ["concern_unanswered"]


def test_unanswered_crisis_check_in_reminds_its_responsible(municipality, coordinator):
    from crisis.models import CheckIn, IncidentStatus
    from tests.crisis.factories import IncidentFactory
    from tests.factories import OrganisationFactory

    incident = IncidentFactory(municipality=municipality, chase_after_hours=4)
    asked = timezone.now() - timedelta(hours=5)
    late = CheckIn.objects.create(incident=incident, municipality=municipality,
                                  responsible=coordinator, asked_at=asked,
                                  organisation=OrganisationFactory(municipality=municipality))
    CheckIn.objects.create(incident=incident, municipality=municipality, responsible=coordinator,
                           asked_at=timezone.now() - timedelta(hours=1),
                           organisation=OrganisationFactory(municipality=municipality))
    closed = IncidentFactory(municipality=municipality, status=IncidentStatus.CLOSED)
    CheckIn.objects.create(incident=closed, municipality=municipality, responsible=coordinator,
                           asked_at=asked,
                           organisation=OrganisationFactory(municipality=municipality))
    run(municipality)
    reminders = Reminder.objects.filter(kind="check_in_unanswered")
    assert [r.subject_id for r in reminders] == [late.pk]
    assert reminders.get().recipient == coordinator


def test_registry_is_open_to_more_kinds():
    assert {"commitment", "community_unverified", "relationship_quiet", "assessment_review",
            "memorandum_review", "agreement_review", "concern_unanswered",
            "check_in_unanswered"} <= set(KINDS)


def test_done_when_no_longer_due_and_snooze_wakes(municipality, coordinator):
    commitment = CommitmentFactory(municipality=municipality, due_on=today() + timedelta(days=2))
    other = CommitmentFactory(municipality=municipality, due_on=today() + timedelta(days=3))
    sweep.sweep_municipality(municipality.pk, enqueue=False)
    snoozed = Reminder.objects.get(subject_id=other.pk)
    snoozed.state, snoozed.snoozed_until = ReminderState.SNOOZED, today() + timedelta(days=1)
    snoozed.save()
    commitment.status = "delivered"
    commitment.save()

    sweep.sweep_municipality(municipality.pk, today() + timedelta(days=1), enqueue=False)

    assert Reminder.objects.get(subject_id=commitment.pk).state == ReminderState.DONE
    woken = Reminder.objects.get(subject_id=other.pk)
    assert woken.state == ReminderState.DUE
    assert woken.digest.day == today() + timedelta(days=1)


def test_running_the_sweep_twice_sends_nothing_twice(municipality, coordinator):
    CommitmentFactory.create_batch(3, municipality=municipality, due_on=today())
    first = run(municipality)
    second = run(municipality)
    assert first.found == second.found == 3
    assert Reminder.objects.count() == 3
    assert Digest.objects.count() == 1
    assert len(mail.outbox) == 1


def test_smtp_error_is_retried_and_sent_once(municipality, coordinator):
    CommitmentFactory(municipality=municipality, due_on=today())
    result = sweep.sweep_municipality(municipality.pk, enqueue=False)
    digest_id = result.digests[0]
    real_send = delivery.EmailMultiAlternatives.send
    calls = []

    def flaky(self, *args, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise smtplib.SMTPServerDisconnected("gone")
        return real_send(self, *args, **kwargs)

    with mock.patch.object(delivery.EmailMultiAlternatives, "send", flaky):
        # Eager apply runs Celery's autoretry eagerly: the first attempt fails, the retry sends.
        result = tasks.deliver_digest.apply(args=[digest_id])
    assert result.successful(), result.traceback
    assert len(calls) == 2
    assert len(mail.outbox) == 1
    digest = Digest.objects.get(pk=digest_id)
    assert (digest.state, digest.attempts) == (DigestState.SENT, 2)
    assert tasks.deliver_digest.apply(args=[digest_id]).get() == "already"
    assert len(mail.outbox) == 1


def test_smtp_error_leaves_the_digest_pending(municipality, coordinator):
    CommitmentFactory(municipality=municipality, due_on=today())
    digest_id = sweep.sweep_municipality(municipality.pk, enqueue=False).digests[0]
    with mock.patch.object(delivery.EmailMultiAlternatives, "send",
                           side_effect=smtplib.SMTPDataError(451, "try later")):
        with pytest.raises(smtplib.SMTPDataError):
            delivery.deliver(digest_id)
    assert Digest.objects.get(pk=digest_id).state == DigestState.PENDING
    assert delivery.deliver(digest_id) == "sent"


def test_interrupted_after_send_resends_with_the_same_message_id(municipality, coordinator):
    CommitmentFactory(municipality=municipality, due_on=today())
    digest_id = sweep.sweep_municipality(municipality.pk, enqueue=False).digests[0]
    real_save = Digest.save

    def killed(self, *args, **kwargs):
        raise SystemExit("worker killed between the send and the commit")

    with mock.patch.object(Digest, "save", killed), pytest.raises(SystemExit):
        delivery.deliver(digest_id)
    assert Digest.objects.get(pk=digest_id).state == DigestState.PENDING  # rolled back
    with mock.patch.object(Digest, "save", real_save):
        assert delivery.deliver(digest_id) == "sent"
        assert delivery.deliver(digest_id) == "already"

    assert len(mail.outbox) == 2
    ids = {message.extra_headers["Message-ID"] for message in mail.outbox}
    assert len(ids) == 1
    assert Digest.objects.filter(state=DigestState.SENT).count() == 1


def test_a_held_lock_makes_the_second_sweep_do_nothing(municipality, coordinator):
    CommitmentFactory(municipality=municipality, due_on=today())
    cache.add(sweep.lock_key(municipality.pk), "another beat", 60)
    assert sweep.sweep_municipality(municipality.pk, enqueue=False) is None
    assert Reminder.objects.count() == 0
    cache.delete(sweep.lock_key(municipality.pk))
    run(municipality)
    assert len(mail.outbox) == 1


def test_a_redelivered_sweep_takes_over_its_own_lock(municipality, coordinator):
    """A worker killed mid-sweep leaves the key with its task id; the same task, redelivered,
    goes on (and frees the key), where another sweep would do nothing."""
    CommitmentFactory(municipality=municipality, due_on=today())
    cache.add(sweep.lock_key(municipality.pk), "task-of-the-killed-worker", 60)
    assert sweep.sweep_municipality(municipality.pk, enqueue=False, token="another") is None
    result = sweep.sweep_municipality(municipality.pk, enqueue=False,
                                      token="task-of-the-killed-worker")
    assert result is not None and len(result.digests) == 1
    assert cache.get(sweep.lock_key(municipality.pk)) is None


def test_one_failing_municipality_does_not_stop_the_others(municipality, coordinator,
                                                           other_municipality):
    member(other_municipality, Role.COORDINATOR)
    CommitmentFactory(municipality=municipality, due_on=today())
    CommitmentFactory(municipality=other_municipality, due_on=today())
    real = sweep._sweep

    def failing(m, day):
        if m.pk == municipality.pk:
            raise RuntimeError("broken")
        return real(m, day)

    with mock.patch.object(sweep, "_sweep", failing):
        results = sweep.sweep_all(enqueue=False)
    assert [r.municipality_id for r in results] == [other_municipality.pk]
    assert Reminder.objects.filter(municipality=municipality).count() == 0
    assert Reminder.objects.filter(municipality=other_municipality).count() == 1


def test_one_failing_kind_does_not_stop_the_others(municipality, coordinator):
    CommitmentFactory(municipality=municipality, due_on=today())
    Concern.objects.create(municipality=municipality, topic="Lighting", owner=coordinator,
                           raised_on=today() - timedelta(days=30))
    broken = mock.Mock(side_effect=RuntimeError("broken"))
    with mock.patch.dict(KINDS, {"commitment": KINDS["commitment"]._replace(find=broken)
                                 if hasattr(KINDS["commitment"], "_replace") else
                                 type(KINDS["commitment"])("commitment", "x", broken)}):
        result = sweep.sweep_municipality(municipality.pk, enqueue=False)
    assert result.failed == ["commitment"]
    assert kinds_for(municipality) == ["concern_unanswered"]


def test_fan_out_enqueues_one_task_per_municipality_on_commit(municipality, other_municipality,
                                                              django_capture_on_commit_callbacks):
    MunicipalityFactory()
    with mock.patch.object(tasks.sweep_municipality, "delay") as delay:
        with django_capture_on_commit_callbacks(execute=True):
            count = tasks.sweep_reminders()
    assert delay.call_count == count == 3


def test_sweep_enqueues_delivery_on_commit(municipality, coordinator,
                                           django_capture_on_commit_callbacks):
    CommitmentFactory(municipality=municipality, due_on=today())
    with mock.patch.object(tasks.deliver_digest, "delay") as delay:
        with django_capture_on_commit_callbacks(execute=True):
            tasks.sweep_municipality(municipality.pk)
    digest = Digest.objects.get()
    delay.assert_called_once_with(digest.pk)


def test_the_digest_is_written_in_each_recipients_language(municipality, translations):
    """Issue 12: one digest per user per day, in their language (their own, else their
    municipality's default)."""
    translations("fr", {"Hello %(name)s,": "Bonjour %(name)s,",
                        "Commitments coming due or overdue": "Engagements à échéance"})
    translations("nl", {"Hello %(name)s,": "Hallo %(name)s,"})
    municipality.default_language = "fr"
    municipality.save()
    french = member(municipality, Role.COORDINATOR, user__first_name="Amina",
                    user__last_name="Diallo")
    dutch = member(municipality, Role.COORDINATOR, user__first_name="Joost",
                   user__last_name="Peeters")
    dutch.memberships.update(language="nl")
    due = today() + timedelta(days=3)
    for owner in (french, dutch):
        CommitmentFactory(municipality=municipality, owner=owner, due_on=due)

    run(municipality)

    by_recipient = {message.to[0]: message for message in mail.outbox}
    letter = by_recipient[french.email]
    assert letter.extra_headers["Content-Language"] == "fr"
    assert letter.body.startswith("Bonjour Amina Diallo,")
    assert "Engagements à échéance (1)" in letter.body
    months = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
              "septembre", "octobre", "novembre", "décembre")
    assert f"{due.day} {months[due.month - 1]} {due.year}" in letter.body  # Django's French
    html = letter.alternatives[0].content
    assert '<html lang="fr">' in html and "Bonjour Amina Diallo," in html

    letter = by_recipient[dutch.email]
    assert letter.extra_headers["Content-Language"] == "nl"
    assert letter.body.startswith("Hallo Joost Peeters,")
    assert '<html lang="nl">' in letter.alternatives[0].content
