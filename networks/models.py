"""The formal and informal local network (003, "How to create local networks?") and the
communities mapped in step 1 of the engagement process (002 "Preparations: mapping")."""

from datetime import timedelta
from functools import cache

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Max, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from coordinator.concurrency import Versioned
from coordinator.counting import RowCount
from coordinator.tenancy import MunicipalityScopedModel, ScopedQuerySet, scoped_manager

from .gates import check_engagement_gates


class EngagementStep(models.IntegerChoices):
    """The five steps of community engagement (002, "Five steps"; 001 figure 1). Not a wizard:
    a community may go back a step."""

    PREPARATIONS = 1, _("1. Preparations and mapping")
    ESTABLISHING_CONTACT = 2, _("2. Establishing contact")
    SELECTING_PARTNERS = 3, _("3. Selecting partners")
    DIALOGUE_AND_COLLABORATION = 4, _("4. Dialogue and collaboration")
    RESPONDING_TO_A_CRISIS = 5, _("5. Responding to a crisis")


STEP_BACK_NEEDS_A_REASON = _(
    "Going back a step is possible, but say why: the reason is kept in the history."
)


class CommunityKind(models.TextChoices):
    """Delanty's kinds of community, as used in 002 step 1 "Mapping and research"."""

    LOCATION = "location", _("Location-based")
    IDENTITY_MORAL = "identity_moral", _("Identity-based: moral")
    IDENTITY_INTEREST = "identity_interest", _("Identity-based: interest")
    IDENTITY_ETHNICITY = "identity_ethnicity", _("Identity-based: ethnicity")
    IDENTITY_FAITH = "identity_faith", _("Identity-based: faith")
    ORGANISATIONAL = "organisational", _("Organisational")


class GatheringPlace(models.TextChoices):
    LIBRARY = "library", _("Libraries")
    SUPERMARKET = "supermarket", _("Supermarkets and shops")
    YOUTH_CENTRE = "youth_centre", _("Youth centres")
    PLACE_OF_WORSHIP = "place_of_worship", _("Places of worship")
    SPORTS_CLUB = "sports_club", _("Sports clubs")
    SCHOOL = "school", _("Schools")
    COMMUNITY_CENTRE = "community_centre", _("Community centres")
    ONLINE = "online", _("Online")
    OTHER = "other", _("Other")


class DiscoveryChannel(models.TextChoices):
    EXISTING_NETWORKS = "existing_networks", _("Existing networks of the authority")
    ONLINE = "online", _("Online")
    VISITS = "visits", _("Visits")
    FLYERS = "flyers", _("Flyers")
    OTHER = "other", _("Other")


class CommunityQuerySet(ScopedQuerySet):
    def not_verified_since(self, days: int):
        """Communities never verified, or last verified more than ``days`` days ago."""
        return self.filter(self.not_verified_condition(days))

    @staticmethod
    def not_verified_condition(days: int) -> models.Q:
        """The condition of ``not_verified_since(days)``, to filter or count with."""
        cutoff = timezone.localdate() - timedelta(days=days)
        return models.Q(last_verified_on__isnull=True) | models.Q(last_verified_on__lt=cutoff)

    def never_contacted(self):
        """Mapped communities with no logged interaction yet (002 step 2 not begun): those
        whose ``last_contacted_on`` is empty, a column read, not a probe of the interactions
        (issue 8: the probe cost the dashboard 9 ms in a city of 100,000 interactions)."""
        return self.filter(last_contacted_on__isnull=True)

    def refresh_last_contacted(self) -> int:
        """Set ``last_contacted_on`` of these communities to the date of their latest
        interaction (empty without one), in one ``UPDATE``; returns the number of communities.

        Interactions live a layer up (``engagement``, which keeps the column true on every save
        and delete), and this module must not import them: they are reached through the
        reverse relation ``Community.interactions``, by the base manager (the communities are
        already chosen; their interactions are theirs)."""
        interaction = self.model._meta.get_field("interactions").related_model
        latest = (interaction._base_manager.filter(community=OuterRef("pk")).order_by()
                  .values("community").annotate(latest=Max("occurred_on")).values("latest"))
        return self.update(last_contacted_on=Subquery(latest))


class Community(Versioned, MunicipalityScopedModel):
    """A community mapped by the authority. Communities nest (parents) and intersect
    (overlapping) (002 step 1, after James); the smaller, less organised ones matter as much as
    the largest. ``ethnicity`` and ``faith`` are special-category data (GDPR art. 9): they are
    listed in ``SPECIAL_CATEGORY_FIELDS`` and kept out of URLs, logs, search and list exports."""

    SPECIAL_CATEGORY_FIELDS = ("ethnicity", "faith")

    name = models.CharField(_("name"), max_length=160)
    kind = models.CharField(_("kind"), max_length=32, choices=CommunityKind.choices)
    ethnicity = models.CharField(
        _("ethnicity"), max_length=160, blank=True,
        help_text=_("Special-category data: record only where needed for engagement."),
    )
    faith = models.CharField(
        _("faith"), max_length=160, blank=True,
        help_text=_("Special-category data: record only where needed for engagement."),
    )
    parents = models.ManyToManyField(
        "self", verbose_name=_("part of"), symmetrical=False, blank=True, related_name="children"
    )
    overlapping = models.ManyToManyField(
        "self", verbose_name=_("overlaps with"), symmetrical=True, blank=True
    )
    description = models.TextField(_("description"), blank=True)
    local_history = models.TextField(_("local history"), blank=True)
    estimated_size = models.PositiveIntegerField(_("estimated size"), null=True, blank=True)
    gathering_places = models.JSONField(_("where members gather"), default=list, blank=True)
    gathering_notes = models.CharField(_("named places"), max_length=300, blank=True)
    found_through = models.CharField(
        _("how it was found"), max_length=32, choices=DiscoveryChannel.choices, blank=True
    )
    languages = models.JSONField(_("languages"), default=list, blank=True)
    point_of_contact = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("point of contact in the authority"),
        null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        help_text=_("Keep the same person over time."),
    )
    contact_outsourced_to = models.ForeignKey(
        "Organisation", verbose_name=_("contact outsourced to"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
        help_text=_("An NGO that keeps contact on the authority's behalf, if any."),
    )
    engagement_step = models.PositiveSmallIntegerField(
        _("engagement step"), choices=EngagementStep.choices, default=EngagementStep.PREPARATIONS
    )
    last_verified_on = models.DateField(
        _("last verified on"), null=True, blank=True,
        help_text=_("Mapping is continuous: when was this record last checked?"),
    )
    #: The date of the latest interaction with the community, kept by ``engagement`` on every
    #: save and delete of an interaction (``refresh_last_contacted``): "never contacted" and
    #: "going quiet" read it instead of every interaction of a city (issue 8).
    last_contacted_on = models.DateField(_("last contact"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords(m2m_fields=[parents], excluded_fields=["last_contacted_on"])

    objects = scoped_manager(CommunityQuerySet)

    class Meta:
        ordering = ["name"]
        verbose_name = _("community")
        verbose_name_plural = _("communities")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "name"], name="unique_community_name")
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("networks:community_detail", args=[self.pk])

    @classmethod
    def from_db(cls, db, field_names, values, **kwargs):
        community = super().from_db(db, field_names, values, **kwargs)
        # The step as stored, so going back a step is noticed without reading the row again.
        community._stored_step = community.__dict__.get("engagement_step")
        return community

    def refresh_from_db(self, *args, **kwargs):
        super().refresh_from_db(*args, **kwargs)
        self._stored_step = self.__dict__.get("engagement_step")

    def clean(self):
        if self.contact_outsourced_to_id and (
            self.contact_outsourced_to.municipality_id != self.municipality_id
        ):
            raise ValidationError(
                {"contact_outsourced_to": _("Choose an organisation of this municipality.")}
            )
        self._check_step_reason()

    def goes_back_a_step(self) -> bool:
        """True when ``engagement_step`` is lower than the stored step (one query only for an
        instance not loaded from the database with its step)."""
        if self.pk is None or self.engagement_step is None:
            return False
        stored = getattr(self, "_stored_step", None)
        if stored is None:
            stored = (type(self)._base_manager.filter(pk=self.pk)
                      .values_list("engagement_step", flat=True).first())
        return stored is not None and int(self.engagement_step) < stored

    def _check_step_reason(self) -> None:
        """Going back a step is allowed (002 "Five steps": the model is not linear) but never
        silent: it needs a reason, kept in the history (``_change_reason``, simple_history's
        ``history_change_reason``). ``ValidationError`` keyed ``engagement_step`` otherwise."""
        if self.goes_back_a_step() and not str(getattr(self, "_change_reason", "") or "").strip():
            raise ValidationError({"engagement_step": STEP_BACK_NEEDS_A_REASON})

    def save(self, *args, **kwargs):
        """Refuses going back a step without a reason on every ``save()`` too (services,
        admin, shell), not only in forms: set ``_change_reason`` first."""
        update_fields = kwargs.get("update_fields")
        if update_fields is None or "engagement_step" in update_fields:
            self._check_step_reason()
        # ``last_contacted_on`` belongs to the interactions' side: an edit of the community,
        # read before an interaction was logged, must not write its older value back.
        if update_fields is None and not self._state.adding and not kwargs.get("force_insert"):
            kwargs["update_fields"] = [
                f.name for f in self._meta.concrete_fields
                if not f.primary_key and f.name != "last_contacted_on"
            ]
        super().save(*args, **kwargs)
        self._stored_step = self.engagement_step

    def get_gathering_places_display(self) -> list[str]:
        labels = dict(GatheringPlace.choices)
        return [str(labels.get(place, place)) for place in self.gathering_places]

    @property
    def verification_due(self) -> bool:
        if self.last_verified_on is None:
            return True
        age = timezone.localdate() - self.last_verified_on
        return age.days > settings.LINCHPIN_VERIFY_AFTER_DAYS


class Network(models.TextChoices):
    FORMAL = "formal", _("Formal network")
    INFORMAL = "informal", _("Informal network")


class OrganisationKind(models.TextChoices):
    """Kinds of organisation in the formal and informal network (003; 004 element 5)."""

    SCHOOL = "school", _("School")
    POLICE = "police", _("Police")
    MENTAL_HEALTH = "mental_health", _("Mental health")
    SOCIAL_WORK = "social_work", _("Social work")
    YOUTH_WORK = "youth_work", _("Youth work")
    HEALTH_CARE = "health_care", _("Health care")
    FAMILY_SUPPORT = "family_support", _("Family support")
    LOCAL_AUTHORITY = "local_authority", _("Local authority department")
    CIVIL_SOCIETY = "civil_society", _("Civil society organisation")
    COMMUNITY_ORGANISATION = "community_organisation", _("Community organisation")
    FAITH_ORGANISATION = "faith_organisation", _("Faith organisation")
    SPORTS_CLUB = "sports_club", _("Sports club")
    CULTURAL_ASSOCIATION = "cultural_association", _("Cultural association")
    OTHER = "other", _("Other")


INFORMAL_KINDS = frozenset({
    OrganisationKind.COMMUNITY_ORGANISATION, OrganisationKind.FAITH_ORGANISATION,
    OrganisationKind.SPORTS_CLUB, OrganisationKind.CULTURAL_ASSOCIATION, OrganisationKind.OTHER,
})


class EngagementLevel(models.TextChoices):
    """002 step 3 "Selecting partners": dialogue is open to all, including organisations not in
    line with the municipality's values; collaboration is the local PCVE network; partnership is
    a cornerstone (intermediary, co-creator)."""

    DIALOGUE = "dialogue", _("Dialogue")
    COLLABORATION = "collaboration", _("Collaboration")
    PARTNERSHIP = "partnership", _("Partnership")


#: The engagement levels that make an organisation a key partner (:meth:`key_partners`).
KEY_PARTNER_LEVELS = (EngagementLevel.COLLABORATION, EngagementLevel.PARTNERSHIP)


class OrganisationQuerySet(ScopedQuerySet):
    def in_network(self, network: str):
        informal = [k.value for k in INFORMAL_KINDS]
        if network == Network.INFORMAL:
            return self.filter(kind__in=informal)
        return self.exclude(kind__in=informal)

    def key_partners(self):
        """Organisations at collaboration or partnership level, in either network: the local
        network's partners and its cornerstones (002 step 3 "Selecting partners"), on whom
        the work depends (003 "Don'ts": don't depend on a select few)."""
        return self.filter(engagement_level__in=KEY_PARTNER_LEVELS)

    def with_contact_levels(self):
        """Annotates ``contact_count``, ``strategic_count`` and ``operational_count``: the
        organisation's people, in all and per level, as correlated counts (one index lookup
        per row, never a join over every person of the municipality)."""
        return self.annotate(**_contact_level_counts())

    def missing_contact_levels(self):
        """Key partners that rely on one person or lack a strategic or operational contact
        (003 "Formal network": the top level supports the operational level). Annotated as
        :meth:`with_contact_levels`."""
        return self.key_partners().with_contact_levels().filter(
            Q(contact_count__lt=2) | Q(strategic_count=0) | Q(operational_count=0)
        )


@cache
def _contact_level_counts() -> dict[str, Subquery]:
    """The expressions of :meth:`OrganisationQuerySet.with_contact_levels`, built once per
    process: they depend on nothing but the organisation row (``OuterRef``), and a queryset
    that uses an expression resolves a copy of it. Building them costs more than the rest of
    the dashboard's count of key partners (issue 8)."""
    people = Person._base_manager.filter(organisation=OuterRef("pk")).order_by()

    def count(rows):
        return Subquery(rows.annotate(n=RowCount()).values("n"))

    return {
        "contact_count": count(people),
        "strategic_count": count(people.filter(partner_level=PartnerLevel.STRATEGIC)),
        "operational_count": count(people.filter(partner_level=PartnerLevel.OPERATIONAL)),
    }


class Organisation(Versioned, MunicipalityScopedModel):
    """An organisation of the formal network (mandate and aim) or the informal network."""

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=32, choices=OrganisationKind.choices)
    mandate = models.TextField(_("mandate and aim"), blank=True)
    website = models.URLField(_("website"), blank=True)
    communities = models.ManyToManyField(
        Community, verbose_name=_("communities it is part of or represents"), blank=True,
        related_name="organisations",
    )
    engagement_level = models.CharField(
        _("engagement level"), max_length=16, choices=EngagementLevel.choices,
        default=EngagementLevel.DIALOGUE,
    )
    #: Overrides, for this relationship, how long it may go without contact before the
    #: reminders say it is going quiet (``LINCHPIN_QUIET_AFTER_DAYS`` per engagement level).
    quiet_after_days = models.PositiveSmallIntegerField(
        _("going quiet after (days)"), null=True, blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(3650)],
        help_text=_("Days without contact before you are reminded. Empty: the default of its "
                    "engagement level."))
    receives_municipal_funding = models.BooleanField(
        _("receives municipal funding"), default=False,
        help_text=_("Funding requires a current, cleared assessment."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords(m2m_fields=[communities])

    objects = scoped_manager(OrganisationQuerySet)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "name"], name="unique_organisation_name")
        ]
        indexes = [
            # The few key partners (collaboration, partnership) of each municipality: the
            # community list asks, per community, whether one of them works with it, which
            # PostgreSQL answers by hashing every key partner once; without this index it
            # reads all organisations of the country for it (issue 8). Also the dashboard's
            # key partners without contacts at two levels.
            models.Index(fields=["municipality"], name="organisation_key_partners",
                         condition=models.Q(
                engagement_level__in=[level.value for level in KEY_PARTNER_LEVELS])),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("networks:organisation_detail", args=[self.pk])

    #: Fields guarded by the engagement-level gate (:mod:`networks.gates`; vetting registers
    #: ``vetting.services.check_engagement_gate``).
    GATED_FIELDS = frozenset({"engagement_level", "receives_municipal_funding"})

    def clean(self):
        """Raising the organisation to collaboration or partnership, or marking it as receiving
        municipal funding, needs a current cleared assessment (002 step 3; 001 "Vetting
        procedures"): ``ValidationError`` keyed by field, saying what is missing. The check is
        whatever gate is registered (:func:`networks.gates.check_engagement_gates`); with none
        registered, such a raise is refused (fail closed)."""
        super().clean()
        check_engagement_gates(self)

    def save(self, *args, **kwargs):
        """Enforces the engagement-level gate on every ``save()`` too (admin, imports, shell),
        not only in forms. ``QuerySet.update()`` and ``bulk_create()`` bypass ``save()``: never
        use them to change ``GATED_FIELDS``."""
        update_fields = kwargs.get("update_fields")
        if update_fields is None or self.GATED_FIELDS & set(update_fields):
            check_engagement_gates(self)
        super().save(*args, **kwargs)

    @property
    def network(self) -> str:
        return Network.INFORMAL if self.kind in INFORMAL_KINDS else Network.FORMAL

    @property
    def is_key_partner(self) -> bool:
        return self.engagement_level in KEY_PARTNER_LEVELS

    def get_network_display(self) -> str:
        return Network(self.network).label


class Channel(models.TextChoices):
    """E-mail is not obvious for everyone (002 step 2)."""

    EMAIL = "email", _("E-mail")
    PHONE = "phone", _("Phone")
    MESSAGING = "messaging", _("Messaging app")
    IN_PERSON = "in_person", _("In person")


class PartnerLevel(models.TextChoices):
    """The two levels at which a partner organisation is involved (003 "Formal network": the
    top level supports the operational level)."""

    STRATEGIC = "strategic", _("Strategic contact")
    OPERATIONAL = "operational", _("Operational contact")


class Person(Versioned, MunicipalityScopedModel):
    """A contact in the network (not a user of Linchpin). Key figures and credible voices
    belong to the informal network (003)."""

    name = models.CharField(_("name"), max_length=160)
    role = models.CharField(_("role"), max_length=160, blank=True)
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="people",
    )
    communities = models.ManyToManyField(
        Community, verbose_name=_("communities"), blank=True, related_name="people"
    )
    is_key_figure = models.BooleanField(
        _("key figure"), default=False,
        help_text=_("A key figure or credible voice in a community."),
    )
    quiet_after_days = models.PositiveSmallIntegerField(
        _("going quiet after (days)"), null=True, blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(3650)],
        help_text=_("For a key figure: days without contact before you are reminded. Empty: "
                    "the default of their organisation's engagement level."))
    partner_level = models.CharField(
        _("contact level for the organisation"), max_length=16, choices=PartnerLevel.choices,
        blank=True,
        help_text=_("Strategic: the management level that backs the work. Operational: the "
                    "person who does it day to day."),
    )
    preferred_channel = models.CharField(
        _("preferred channel"), max_length=16, choices=Channel.choices, default=Channel.IN_PERSON
    )
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords(m2m_fields=[communities])

    class Meta:
        ordering = ["name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        indexes = [
            # The list's order inside a municipality, so a page is an index range, not a sort
            # of every contact of a city (issue 8). Community and Organisation get theirs from
            # their unique (municipality, name) constraints. Search: trigram indexes on
            # PostgreSQL, migration 0003 (coordinator.search).
            models.Index(fields=["municipality", "name", "id"], name="person_municipality_name"),
        ]

    def __str__(self):
        if self.role and self.role.lower() not in self.name.lower():
            return f"{self.name} ({self.role})"
        return self.name

    def get_absolute_url(self):
        return reverse("networks:person_detail", args=[self.pk])

    def clean(self):
        if self.organisation_id and self.organisation.municipality_id != self.municipality_id:
            raise ValidationError({"organisation": _("Choose an organisation of this municipality.")})
        if self.partner_level and not self.organisation_id:
            raise ValidationError({"partner_level": _(
                "A contact level is for a person of an organisation: choose the organisation.")})
        if self.preferred_channel == Channel.EMAIL and not self.email:
            raise ValidationError({"email": _("Give an e-mail address, or choose another channel.")})
        if self.preferred_channel in (Channel.PHONE, Channel.MESSAGING) and not self.phone:
            raise ValidationError({"phone": _("Give a phone number, or choose another channel.")})


def contact_levels(organisation, people) -> dict:
    """The strategic and operational contacts among ``people`` (the organisation's people the
    page already read, so no query), and the warnings a key partner gets (003 "Formal
    network"; "Don'ts": don't depend on a select few): ``{"strategic": [Person],
    "operational": [Person], "warnings": [str]}``."""
    people = list(people)
    strategic = [p for p in people if p.partner_level == PartnerLevel.STRATEGIC]
    operational = [p for p in people if p.partner_level == PartnerLevel.OPERATIONAL]
    return {"strategic": strategic, "operational": operational,
            "warnings": contact_warnings(organisation, len(people), len(strategic),
                                         len(operational))}


def contact_warnings(organisation, contacts: int, strategic: int, operational: int) -> list:
    """The plain-language warnings for a key partner with these counts; none for an
    organisation that is not a key partner."""
    if not organisation.is_key_partner:
        return []
    warnings = []
    if contacts == 0:
        warnings.append(_("No contact person is recorded for this partner."))
    elif contacts == 1:
        warnings.append(_("Only one person is recorded for this partner: the relationship "
                          "depends on them alone."))
    if strategic == 0:
        warnings.append(_("No strategic contact: who at management level backs the work?"))
    if operational == 0:
        warnings.append(_("No operational contact: who does the work day to day?"))
    return warnings
