"""Dialogue and collaboration (002 step 4): the safe spaces where the municipality meets its
partners and communities, the meetings held there with their agendas, who came and who did
not, what was taken away and sent back, and the promises made there. Layer 4 (beside
``actionplans``, ``crisis`` and ``sharing``): imports ``coordinator`` and refers to ``networks``
and ``engagement`` models by name; nothing below imports this module.

Sources: 002 "Step 4: Dialogue and collaboration" ("Setting the agenda", "Where? Safe spaces
and activities"); 000 lesson 1.3 (the three parts of a safe space); 001 "Safe spaces" and
"Rules for safe spaces: who, where, how, what"; 003 "How to create a local network in 3 steps".
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from coordinator.concurrency import Versioned
from coordinator.tenancy import MunicipalityScopedModel, ScopedQuerySet, scoped_manager

# --------------------------------------------------------------------------- safe spaces


class Ground(models.TextChoices):
    """Whose place it is (000 lesson 1.3; 002 "Where?"): a place that is no party's territory,
    or a party's own place chosen on purpose as a gesture to a community."""

    NEUTRAL = "neutral", _("Neutral ground")
    NOBODYS_TERRITORY = "nobodys_territory", _("Nobody's territory")
    GESTURE = "gesture", _("A party's own place, chosen as a gesture")


class PressRule(models.TextChoices):
    """Whether the press is involved (000 lesson 1.3, 002 "Where?": a rule of the space)."""

    NO_PRESS = "no_press", _("The press is not involved")
    AGREED_MESSAGE = "agreed_message", _("Only what everyone agrees on is told to the press")
    PRESS_WELCOME = "press_welcome", _("The press may attend")


class SafeSpace(Versioned, MunicipalityScopedModel):
    """A safe space for dialogue and trust-building, in its three parts (000 lesson 1.3; 002
    step 4 "Where?"): the physical place and whose ground it is, the right people, and the rules
    (are notes taken, is the press involved, how sensitive information is handled). 001 "Rules
    for safe spaces" adds who (``right_people``), where (a local, informal setting), how (the
    language used, a moderator known to both sides) and what; 002 "Considerations" adds an eye
    for detail: language adjusted to the audience, accessibility.

    ``notes_taken`` False closes the notes of every meeting held here
    (``Meeting.notes_closed``)."""

    name = models.CharField(_("name"), max_length=160)
    place = models.CharField(_("place"), max_length=300,
                             help_text=_("Where it is: the address or how to find it."))
    ground = models.CharField(_("whose ground"), max_length=24, choices=Ground.choices,
                              default=Ground.NEUTRAL)
    ground_explanation = models.TextField(
        _("why this place"), blank=True,
        help_text=_("Whether people trust this place depends on whom it belongs to; say why it "
                    "was chosen."))
    right_people = models.TextField(
        _("the right people"), blank=True,
        help_text=_("Who takes part, who hosts, who is known and trusted on both sides."))
    notes_taken = models.BooleanField(
        _("notes are taken"), default=True,
        help_text=_("When notes are not taken, the notes of meetings here stay closed; only the "
                    "takeaways agreed with everyone are written down."))
    press = models.CharField(_("the press"), max_length=16, choices=PressRule.choices,
                             default=PressRule.NO_PRESS)
    sensitive_information = models.TextField(
        _("how sensitive information is handled"), blank=True,
        help_text=_("What may be repeated outside, by whom, and what stays in the room."))
    language = models.CharField(_("language used"), max_length=300, blank=True,
                                help_text=_("The languages spoken, interpreting, plain words."))
    accessibility = models.TextField(
        _("accessibility"), blank=True,
        help_text=_("Step-free access, public transport, times that suit people, childcare."))
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("safe space")
        verbose_name_plural = _("safe spaces")
        constraints = [
            # Also the list's index: (municipality, name).
            models.UniqueConstraint(fields=["municipality", "name"], name="unique_safe_space_name")
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("dialogue:safespace_detail", args=[self.pk])


# --------------------------------------------------------------------------- meetings


class MeetingKind(models.TextChoices):
    """The kinds of meeting of 003 "How to create a local network in 3 steps" (one-on-one,
    a group of one sector, formal and informal partners together) and of 002 step 4 (dialogue
    events, round tables); trainings as Vilvoorde gave its homogeneous groups (003)."""

    ONE_ON_ONE = "one_on_one", _("One-on-one")
    HOMOGENEOUS = "homogeneous", _("Group of one sector")
    HETEROGENEOUS = "heterogeneous", _("Formal and informal partners together")
    DIALOGUE_EVENT = "dialogue_event", _("Dialogue event")
    ROUND_TABLE = "round_table", _("Round table")
    TRAINING = "training", _("Training")


class Objective(models.TextChoices):
    """The rationale's objectives (002 step 4 "Setting the agenda": "building trust, creating
    awareness, information hub, dialogue, resilience-building")."""

    BUILDING_TRUST = "building_trust", _("Building trust")
    AWARENESS = "awareness", _("Raising awareness")
    INFORMATION_HUB = "information_hub", _("Information hub")
    DIALOGUE = "dialogue", _("Dialogue")
    RESILIENCE = "resilience", _("Resilience")


class Attendance(models.TextChoices):
    """Who came and who did not (001 "Rules for safe spaces": "transparency on who is there and
    who is not there")."""

    UNKNOWN = "unknown", _("Not recorded yet")
    CAME = "came", _("Came")
    DID_NOT_COME = "did_not_come", _("Did not come")


class MeetingQuerySet(ScopedQuerySet):
    def upcoming(self, today: datetime.date | None = None):
        """Meetings on or after ``today`` (default: the local date), soonest first."""
        from django.utils import timezone

        today = today or timezone.localdate()
        return self.filter(held_on__gte=today).order_by("held_on", "starts_at", "pk")


class Meeting(Versioned, MunicipalityScopedModel):
    """A meeting or dialogue event (002 step 4; 003 "3 steps"): what kind, why (rationale and
    objectives), when, where (a ``SafeSpace``), who moderates, the agenda (``AgendaItem``, the
    community's concerns first), whom it invites (organisations and people with their
    attendance: ``MeetingOrganisation``, ``MeetingPerson``; communities), the communities not at
    the table at all (002: "those who are not present are as important as those who are"),
    the takeaways and when and how they were sent back (003 step 2: "write down what your take
    aways from these meetings are and disseminate this within the groups").

    ``notes`` stay empty while the safe space's rules say notes are not taken: ``clean()`` and
    ``save()`` refuse them (``ValidationError`` keyed on ``notes``)."""

    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind of meeting"), max_length=24, choices=MeetingKind.choices)
    objectives = models.JSONField(_("objectives"), default=list, blank=True)
    rationale = models.TextField(_("rationale"), blank=True,
                                 help_text=_("Why this meeting, and why now."))
    held_on = models.DateField(_("date"))
    starts_at = models.TimeField(_("starts at"), null=True, blank=True)
    ends_at = models.TimeField(_("ends at"), null=True, blank=True)
    safe_space = models.ForeignKey(SafeSpace, verbose_name=_("safe space"), null=True,
                                   blank=True, on_delete=models.PROTECT, related_name="meetings")
    moderator = models.CharField(
        _("moderator"), max_length=200, blank=True,
        help_text=_("Someone both sides know and trust; for sensitive topics, perhaps someone "
                    "from outside the municipality."))
    organiser = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("organised by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
        help_text=_("The meeting appears in this person's calendar feed."))
    invited_organisations = models.ManyToManyField(
        "networks.Organisation", verbose_name=_("organisations invited"), blank=True,
        through="MeetingOrganisation", related_name="meetings")
    invited_people = models.ManyToManyField(
        "networks.Person", verbose_name=_("people invited"), blank=True,
        through="MeetingPerson", related_name="meetings")
    invited_communities = models.ManyToManyField(
        "networks.Community", verbose_name=_("communities invited"), blank=True,
        related_name="meetings")
    absent_communities = models.ManyToManyField(
        "networks.Community", verbose_name=_("communities not at the table"), blank=True,
        related_name="meetings_missed",
        help_text=_("Communities that were not represented at all: they matter as much as "
                    "those who came."))
    takeaways = models.TextField(_("takeaways"), blank=True)
    takeaways_sent_on = models.DateField(_("takeaways sent back on"), null=True, blank=True)
    takeaways_sent_how = models.CharField(_("takeaways sent back how"), max_length=200,
                                          blank=True)
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords(m2m_fields=[invited_communities, absent_communities])

    objects = scoped_manager(MeetingQuerySet)

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        indexes = [
            # The list's order inside a municipality.
            models.Index(fields=["municipality", "-held_on", "-id"],
                         name="meeting_municipality_date"),
            # A user's calendar feed and the dashboard's next meetings.
            models.Index(fields=["organiser", "held_on"], name="meeting_organiser_date"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("dialogue:meeting_detail", args=[self.pk])

    @property
    def notes_closed(self) -> bool:
        """True when the safe space's rules say notes are not taken."""
        return self.safe_space_id is not None and not self.safe_space.notes_taken

    def get_objectives_display(self) -> list[str]:
        labels = dict(Objective.choices)
        return [str(labels.get(value, value)) for value in self.objectives]

    def check_notes(self) -> None:
        """``ValidationError`` on ``notes`` when they are written although the safe space's
        rules say notes are not taken (000 lesson 1.3: "whether notes are being taken")."""
        if self.notes_closed and self.notes.strip():
            raise ValidationError({"notes": _(
                "Notes are not taken in %(space)s: its rules say so. Write down only the "
                "takeaways agreed with everyone.") % {"space": self.safe_space}})

    def clean(self):
        super().clean()
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("The end must come after the start.")})
        if self.ends_at and not self.starts_at:
            raise ValidationError({"starts_at": _("Give the start time too.")})
        if self.safe_space_id and self.safe_space.municipality_id != self.municipality_id:
            raise ValidationError({"safe_space": _("Choose a safe space of this municipality.")})
        self.check_notes()

    def save(self, *args, **kwargs):
        """Refuses notes the safe space's rules close (``check_notes``) on every save, not only
        in forms (admin, services, shell)."""
        self.check_notes()
        super().save(*args, **kwargs)


class _MeetingChild(models.Model):
    """A row that belongs to one meeting (its ``meeting``), and so to its municipality."""

    objects = scoped_manager(models.QuerySet, lookup="meeting__municipality")

    class Meta:
        abstract = True


class MeetingOrganisation(_MeetingChild):
    """An organisation invited to a meeting, and whether it came. The network-building stage
    of each organisation is derived from these rows (``dialogue.stages``)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="invitations")
    # An invitation of an organisation that is erased goes with it (coordinator.retention).
    organisation = models.ForeignKey("networks.Organisation", verbose_name=_("organisation"),
                                     on_delete=models.CASCADE, related_name="meeting_invitations")
    attendance = models.CharField(_("attendance"), max_length=16, choices=Attendance.choices,
                                  default=Attendance.UNKNOWN)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("organisation invited")
        verbose_name_plural = _("organisations invited")
        constraints = [models.UniqueConstraint(fields=["meeting", "organisation"],
                                               name="one_invitation_per_organisation")]
        indexes = [
            # The stage of an organisation: its meetings attended, one index range.
            models.Index(fields=["organisation", "attendance", "meeting"],
                         name="invitation_organisation"),
        ]

    def __str__(self):
        return f"{self.organisation} – {self.meeting}"


class MeetingPerson(_MeetingChild):
    """A person invited to a meeting, and whether they came."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="participants")
    # A contact deleted after the retention period loses their invitations with them.
    person = models.ForeignKey("networks.Person", verbose_name=_("person"),
                               on_delete=models.CASCADE, related_name="meeting_invitations")
    attendance = models.CharField(_("attendance"), max_length=16, choices=Attendance.choices,
                                  default=Attendance.UNKNOWN)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("person invited")
        verbose_name_plural = _("people invited")
        constraints = [models.UniqueConstraint(fields=["meeting", "person"],
                                               name="one_invitation_per_person")]
        indexes = [models.Index(fields=["person", "meeting"], name="participant_person")]

    def __str__(self):
        return f"{self.person} – {self.meeting}"


class AgendaItem(_MeetingChild):
    """One item of a meeting's agenda, in ``position`` order. An item raised by a community is
    linked to its ``engagement.Concern``: 002 "Setting the agenda": "The agenda should therefore
    first be shaped by the community: what are their concerns?" (``services.propose_agenda``)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    position = models.PositiveSmallIntegerField(_("position"), default=1)
    title = models.CharField(_("item"), max_length=200)
    concern = models.ForeignKey("engagement.Concern", verbose_name=_("concern it answers"),
                                null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="agenda_items")
    #: Set when a community representative proposed the item in the portal.
    proposed_by_organisation = models.ForeignKey(
        "networks.Organisation", verbose_name=_("proposed by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+", editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        indexes = [models.Index(fields=["meeting", "position", "id"], name="agenda_meeting_order")]

    def __str__(self):
        return self.title


class MeetingFollowUp(_MeetingChild):
    """A follow-up of a meeting, tracked as a commitment (002 step 4 "never overpromise"). The
    link lives here, a layer above ``engagement``, which knows nothing of meetings."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="follow_ups")
    commitment = models.OneToOneField("engagement.Commitment", verbose_name=_("commitment"),
                                      on_delete=models.CASCADE, related_name="meeting_follow_up")
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("follow-up of a meeting")
        verbose_name_plural = _("follow-ups of a meeting")

    def __str__(self):
        return f"{self.commitment} – {self.meeting}"


# --------------------------------------------------------------------------- calendar feeds


class CalendarFeed(MunicipalityScopedModel):
    """A personal calendar feed: the meetings a user organises and the commitments they are
    responsible for, in one municipality, at a secret address. Only the SHA-256 of the
    address's token is stored (``token_hash``): the address is shown once, when it is made.
    Revoking it (``revoked_at``) makes the address answer 404 at once."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="calendar_feeds")
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("made on"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked on"), null=True, blank=True, editable=False)
    last_used_at = models.DateTimeField(_("last read"), null=True, blank=True, editable=False)
    history = HistoricalRecords(excluded_fields=["token_hash", "last_used_at"])

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")
        constraints = [
            models.UniqueConstraint(fields=["user", "municipality"],
                                    condition=models.Q(revoked_at__isnull=True),
                                    name="one_open_calendar_feed")
        ]

    def __str__(self):
        return f"{self.user} – {self.municipality_id}"
