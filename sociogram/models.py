"""Relationships between the people and organisations of the network, for the sociogram (issue
12 "The sociogram"; 004 tips: "use sociogrammes"; 003 "Don'ts": do not let the network depend
on a select few).

A ``Relationship`` is entered by hand: from one record to another, each a person or an
organisation, of one kind and one strength. Other ties are derived when the sociogram is drawn
and never stored (``sociogram.services``): people and organisations who came to the same
meetings, and a person's tie to their own organisation.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from coordinator.concurrency import Versioned
from coordinator.tenancy import MunicipalityScopedModel, ScopedQuerySet, scoped_manager


class RelationshipKind(models.TextChoices):
    """What ties two records, read "<from> <kind> <to>"."""

    WORKS_WITH = "works_with", _("works with")
    TRUSTS = "trusts", _("trusts")
    INTRODUCED_BY = "introduced_by", _("was introduced by")
    CONFLICT = "conflict", _("is in conflict with")
    INFORMATION_FLOW = "information_flow", _("passes information to")


class DerivedKind(models.TextChoices):
    """Ties the sociogram derives from other records when it is drawn (never stored)."""

    MET_AT_MEETINGS = "met_at_meetings", _("met at meetings")
    PART_OF = "part_of", _("is part of")


class Strength(models.IntegerChoices):
    """How strong the tie is, on a scale of 1 to 3 (shown on screen with the scale)."""

    WEAK = 1, _("1 – weak")
    MODERATE = 2, _("2 – moderate")
    STRONG = 3, _("3 – strong")


STRENGTH_MAX = max(Strength.values)

#: The two ends of a relationship, each a pair of fields of which exactly one is set.
ENDS = {"from": ("from_person", "from_organisation"), "to": ("to_person", "to_organisation")}


def _one_of(person: str, organisation: str) -> Q:
    return (Q(**{f"{person}__isnull": False, f"{organisation}__isnull": True})
            | Q(**{f"{person}__isnull": True, f"{organisation}__isnull": False}))


class RelationshipQuerySet(ScopedQuerySet):
    def between(self, people, organisations):
        """The relationships whose two ends are both among ``people`` and ``organisations``
        (querysets, e.g. what an actor may see): one condition per end, in the database."""
        people_ids, organisation_ids = people.values("pk"), organisations.values("pk")
        return self.filter(
            Q(from_person__in=people_ids) | Q(from_organisation__in=organisation_ids),
            Q(to_person__in=people_ids) | Q(to_organisation__in=organisation_ids),
        )


class Relationship(Versioned, MunicipalityScopedModel):
    """A tie entered by hand between two records of the network: "<from> <kind> <to>", with a
    strength of 1 to 3 and a note. Each end is a person or an organisation (exactly one of its
    two fields), of the relationship's municipality, and never the other end itself."""

    from_person = models.ForeignKey(
        "networks.Person", verbose_name=_("person"), null=True, blank=True,
        on_delete=models.CASCADE, related_name="relationships_from")
    from_organisation = models.ForeignKey(
        "networks.Organisation", verbose_name=_("organisation"), null=True, blank=True,
        on_delete=models.CASCADE, related_name="relationships_from")
    kind = models.CharField(_("kind of tie"), max_length=24, choices=RelationshipKind.choices)
    to_person = models.ForeignKey(
        "networks.Person", verbose_name=_("person"), null=True, blank=True,
        on_delete=models.CASCADE, related_name="relationships_to")
    to_organisation = models.ForeignKey(
        "networks.Organisation", verbose_name=_("organisation"), null=True, blank=True,
        on_delete=models.CASCADE, related_name="relationships_to")
    strength = models.PositiveSmallIntegerField(
        _("strength"), choices=Strength.choices, default=Strength.MODERATE,
        validators=[MinValueValidator(1), MaxValueValidator(STRENGTH_MAX)],
        help_text=_("From 1 (weak) to 3 (strong)."))
    note = models.TextField(_("note"), blank=True,
                            help_text=_("How you know, and since when. Write no more than the "
                                        "work needs."))
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    objects = scoped_manager(RelationshipQuerySet)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("relationship")
        verbose_name_plural = _("relationships")
        constraints = [
            models.CheckConstraint(condition=_one_of("from_person", "from_organisation"),
                                   name="relationship_one_from"),
            models.CheckConstraint(condition=_one_of("to_person", "to_organisation"),
                                   name="relationship_one_to"),
            # NULL = NULL is unknown, so each passes when the ends are of different types.
            models.CheckConstraint(condition=~Q(from_person=F("to_person")),
                                   name="relationship_not_person_to_self"),
            models.CheckConstraint(condition=~Q(from_organisation=F("to_organisation")),
                                   name="relationship_not_organisation_to_self"),
            models.CheckConstraint(condition=Q(strength__gte=1, strength__lte=STRENGTH_MAX),
                                   name="relationship_strength_range"),
        ]

    def __str__(self):
        return f"{self.source} {self.get_kind_display()} {self.target}"

    def get_absolute_url(self):
        return reverse("sociogram:relationship_detail", args=[self.pk])

    @property
    def source(self):
        return self.from_person if self.from_person_id else self.from_organisation

    @property
    def target(self):
        return self.to_person if self.to_person_id else self.to_organisation

    @property
    def source_key(self) -> str:
        return node_key(self.from_person_id, self.from_organisation_id)

    @property
    def target_key(self) -> str:
        return node_key(self.to_person_id, self.to_organisation_id)

    def clean(self):
        """Exactly one record per end, both of this municipality, not the same record twice,
        and not a tie of the same kind already recorded between them (``ValidationError``
        keyed by field)."""
        errors = {}
        for person, organisation in ENDS.values():
            has_person = getattr(self, f"{person}_id") is not None
            has_organisation = getattr(self, f"{organisation}_id") is not None
            if has_person == has_organisation:
                errors[person] = (_("Choose a person or an organisation, not both.")
                                  if has_person else _("Choose a person or an organisation."))
                continue
            record = getattr(self, person if has_person else organisation)
            if record.municipality_id != self.municipality_id:
                errors[person if has_person else organisation] = _(
                    "Choose a record of this municipality.")
        if errors:
            raise ValidationError(errors)
        if self.source_key == self.target_key:
            raise ValidationError({"to_person" if self.to_person_id else "to_organisation":
                                   _("A relationship links two different records.")})
        same = type(self)._base_manager.filter(
            municipality_id=self.municipality_id, kind=self.kind,
            from_person_id=self.from_person_id, from_organisation_id=self.from_organisation_id,
            to_person_id=self.to_person_id, to_organisation_id=self.to_organisation_id)
        if self.pk:
            same = same.exclude(pk=self.pk)
        if same.exists():
            raise ValidationError({"kind": _("This tie is already recorded: edit it instead.")})


def node_key(person_id, organisation_id) -> str:
    """The sociogram's id of a record: ``"person-<pk>"`` or ``"organisation-<pk>"``."""
    return f"person-{person_id}" if person_id is not None else f"organisation-{organisation_id}"
