"""Information-sharing agreements (004 "Coordination & information sharing": what each partner
holds, the rules why, when and how it is shared, need-to-know, what happens to information once
shared, and an evaluation of the sharing; 000 lessons 4.1 and 5.2), with the elements of the UK
ICO Data Sharing Code, the per-record grants made under them, and the read-access log.

An agreement is not a PDF in a drawer: while it is *active today* (state active, start <= today
<= end) it opens the information categories it covers (``coordinator.access``) to the partner
professionals of its partner organisations; suspending or ending it, or passing its end date,
revokes on the very next request (``sharing.grants``).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase
from simple_history.models import HistoricalRecords

from coordinator.access import InformationCategory
from coordinator.tenancy import MunicipalityScopedModel, ScopedQuerySet, scoped_manager


class AgreementState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ACTIVE = "active", _("Active")
    SUSPENDED = "suspended", _("Suspended")
    ENDED = "ended", _("Ended")


class LawfulBasis(models.TextChoices):
    """GDPR Article 6(1): the lawful basis of the sharing."""

    CONSENT = "consent", _("Consent (Art. 6(1)(a))")
    CONTRACT = "contract", _("Contract (Art. 6(1)(b))")
    LEGAL_OBLIGATION = "legal_obligation", _("Legal obligation (Art. 6(1)(c))")
    VITAL_INTERESTS = "vital_interests", _("Vital interests (Art. 6(1)(d))")
    PUBLIC_TASK = "public_task", _("Public task (Art. 6(1)(e))")
    LEGITIMATE_INTERESTS = "legitimate_interests", _("Legitimate interests (Art. 6(1)(f))")


class SpecialCategoryCondition(models.TextChoices):
    """GDPR Article 9(2): the condition that allows sharing special-category data (ethnicity,
    faith). Without one, a partner never sees those fields."""

    EXPLICIT_CONSENT = "explicit_consent", _("Explicit consent (Art. 9(2)(a))")
    SOCIAL_PROTECTION = "social_protection", _("Employment and social protection law (Art. 9(2)(b))")
    VITAL_INTERESTS = "vital_interests", _("Vital interests (Art. 9(2)(c))")
    MADE_PUBLIC = "made_public", _("Made public by the data subject (Art. 9(2)(e))")
    SUBSTANTIAL_PUBLIC_INTEREST = "substantial_public_interest", _(
        "Substantial public interest (Art. 9(2)(g))")
    HEALTH_AND_SOCIAL_CARE = "health_social_care", _("Health or social care (Art. 9(2)(h))")


class Controllers(models.TextChoices):
    JOINT = "joint", _("Joint controllers")
    SEPARATE = "separate", _("Separate controllers")


class AgreementQuerySet(ScopedQuerySet):
    def active_on(self, day=None):
        """Agreements in force on ``day`` (default today): state active and start <= day <=
        end (no end: open-ended)."""
        day = day or timezone.localdate()
        return self.filter(state=AgreementState.ACTIVE, starts_on__lte=day).filter(
            Q(ends_on__isnull=True) | Q(ends_on__gte=day))


class Agreement(MunicipalityScopedModel):
    """An information-sharing agreement between the municipality and one or more partner
    organisations (ICO Data Sharing Code; 004). ``categories`` lists the
    ``InformationCategory`` values it covers; ``communities`` (empty: all) limits it."""

    title = models.CharField(_("title"), max_length=200)
    purpose = models.TextField(_("purpose"), max_length=5000)
    categories = models.JSONField(_("information categories"), default=list)
    data_items = models.TextField(
        _("data items in each category"), max_length=5000, blank=True,
        help_text=_("Need-to-know: which fields of each category are shared."))
    communities = models.ManyToManyField(
        "networks.Community", verbose_name=_("limited to communities"), blank=True,
        related_name="+", help_text=_("Leave empty to cover every community."))
    lawful_basis = models.CharField(_("lawful basis (Art. 6)"), max_length=32,
                                    choices=LawfulBasis.choices)
    special_category_condition = models.CharField(
        _("special-category condition (Art. 9)"), max_length=40, blank=True,
        choices=SpecialCategoryCondition.choices,
        help_text=_("Only with a condition are ethnicity and faith shown to partners."))
    controllers = models.CharField(_("controllers"), max_length=16, choices=Controllers.choices,
                                   default=Controllers.SEPARATE)
    holdings = models.TextField(_("what each party holds and may share"), max_length=5000,
                                blank=True)
    rules = models.TextField(_("rules: why, when and how information is shared"),
                             max_length=5000, blank=True)
    after_sharing = models.TextField(
        _("once shared: onward sharing and storage"), max_length=5000, blank=True)
    retention = models.TextField(
        _("retention, and deletion or return at the end"), max_length=5000, blank=True)
    security = models.TextField(_("security and breach handling"), max_length=5000, blank=True)
    requests_and_complaints = models.TextField(
        _("access requests and complaints"), max_length=5000, blank=True)
    partners_may_add = models.BooleanField(
        _("partners may add records"), default=False,
        help_text=_("Partner professionals may add records of the covered categories that "
                    "allow it (interaction notes, commitments)."))
    access_log_retention_days = models.PositiveIntegerField(
        _("keep the read-access log for (days)"), default=730,
        validators=[MinValueValidator(30)])
    signed_off_by = models.CharField(_("signed off by"), max_length=160, blank=True)
    signed_off_role = models.CharField(_("role of the signatory"), max_length=160, blank=True)
    signed_off_on = models.DateField(_("signed off on"), null=True, blank=True)
    starts_on = models.DateField(_("starts on"))
    review_on = models.DateField(_("next review"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    state = models.CharField(_("state"), max_length=16, choices=AgreementState.choices,
                             default=AgreementState.DRAFT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords(m2m_fields=[communities])

    objects = scoped_manager(AgreementQuerySet)

    class Meta:
        ordering = ["title", "pk"]
        verbose_name = _("information-sharing agreement")
        verbose_name_plural = _("information-sharing agreements")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "title"],
                                    name="unique_agreement_title"),
        ]
        indexes = [models.Index(fields=["municipality", "state", "starts_on"],
                                name="agreement_in_force")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("sharing:agreement_detail", args=[self.pk])

    def clean(self):
        unknown = set(self.categories or []) - set(InformationCategory.values)
        if unknown:
            raise ValidationError({"categories": _("Choose categories from the list.")})
        if self.ends_on and self.starts_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The end cannot be before the start.")})

    def is_active_on(self, day=None) -> bool:
        day = day or timezone.localdate()
        return (self.state == AgreementState.ACTIVE and self.starts_on <= day
                and (self.ends_on is None or day <= self.ends_on))

    def get_categories_display(self) -> list[str]:
        labels = dict(InformationCategory.choices)
        return [str(labels.get(c, c)) for c in self.categories]


class AgreementParty(models.Model):
    """A partner organisation bound by an agreement, with its single point of contact."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="parties")
    organisation = models.ForeignKey("networks.Organisation", verbose_name=_("organisation"),
                                     on_delete=models.PROTECT, related_name="+")
    contact_name = models.CharField(_("single point of contact"), max_length=160)
    contact_role = models.CharField(_("role"), max_length=160, blank=True)
    contact_email = models.EmailField(_("e-mail"), blank=True)
    contact_phone = models.CharField(_("phone"), max_length=40, blank=True)
    history = HistoricalRecords()

    objects = scoped_manager(models.QuerySet, lookup="agreement__municipality")

    class Meta:
        verbose_name = _("party to an agreement")
        verbose_name_plural = _("parties to an agreement")
        constraints = [models.UniqueConstraint(fields=["agreement", "organisation"],
                                               name="one_party_per_organisation")]
        indexes = [models.Index(fields=["organisation", "agreement"], name="party_organisation")]

    def __str__(self):
        return f"{self.organisation} – {self.agreement}"


class Assessment(models.TextChoices):
    YES = "yes", _("Yes")
    PARTLY = "partly", _("Partly")
    NO = "no", _("No")


class AgreementReview(models.Model):
    """The periodic evaluation of the sharing (004: "was the right information shared on
    time?" and "was it handled as agreed?"), with follow-up actions."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="reviews")
    reviewed_on = models.DateField(_("reviewed on"))
    shared_on_time = models.CharField(_("was the right information shared on time?"),
                                      max_length=8, choices=Assessment.choices)
    handled_as_agreed = models.CharField(_("was it handled as agreed?"), max_length=8,
                                         choices=Assessment.choices)
    notes = models.TextField(_("findings"), max_length=5000, blank=True)
    follow_up = models.TextField(_("follow-up actions"), max_length=5000, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    history = HistoricalRecords()

    objects = scoped_manager(models.QuerySet, lookup="agreement__municipality")

    class Meta:
        ordering = ["-reviewed_on", "-pk"]
        verbose_name = _("evaluation of the sharing")
        verbose_name_plural = _("evaluations of the sharing")

    def __str__(self):
        return f"{self.agreement} – {self.reviewed_on:%Y-%m-%d}"


class PartnerGroup(models.Model):
    """The django-guardian group of one partner organisation: per-record grants are given to
    it, so they reach every partner professional of that organisation."""

    organisation = models.OneToOneField("networks.Organisation", on_delete=models.CASCADE,
                                        related_name="+")
    group = models.OneToOneField("auth.Group", on_delete=models.CASCADE, related_name="partner")

    class Meta:
        verbose_name = _("partner group")
        verbose_name_plural = _("partner groups")

    def __str__(self):
        return str(self.organisation)


class InteractionGrant(GroupObjectPermissionBase):
    """One interaction note shared with one partner organisation (its ``PartnerGroup``) under
    an agreement: a direct foreign-key object permission (django-guardian), never the generic
    tables. It is honoured only while its agreement is active today, so it dies with it."""

    content_object = models.ForeignKey("engagement.Interaction", on_delete=models.CASCADE,
                                       related_name="+")
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE,
                                  related_name="interaction_grants")
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    granted_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    objects = scoped_manager(models.QuerySet, lookup="agreement__municipality")

    class Meta:
        verbose_name = _("interaction shared individually")
        verbose_name_plural = _("interactions shared individually")
        constraints = [models.UniqueConstraint(
            fields=["group", "permission", "content_object", "agreement"],
            name="one_interaction_grant")]
        indexes = [models.Index(fields=["group", "content_object"], name="interaction_grant")]


class AccessEvent(models.Model):
    """One response that showed shared records to a partner professional ("who saw this record,
    when, and why": CJEU C-579/21). Written once per request, never edited or deleted by the
    application; ``manage.py purge_access_events`` removes events past their agreement's
    ``access_log_retention_days``."""

    municipality = models.ForeignKey("coordinator.Municipality", on_delete=models.CASCADE,
                                     related_name="+")
    at = models.DateTimeField(_("when"), default=timezone.now)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                             related_name="+")
    organisation = models.ForeignKey("networks.Organisation", null=True,
                                     on_delete=models.SET_NULL, related_name="+")
    agreement_ids = models.JSONField(_("agreements"), default=list)
    view = models.CharField(_("page"), max_length=120)
    category = models.CharField(_("information category"), max_length=40,
                                choices=InformationCategory.choices, blank=True)
    model = models.CharField(max_length=80)
    object_ids = models.JSONField(_("records shown"), default=list)

    objects = scoped_manager(models.QuerySet)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("access event")
        verbose_name_plural = _("access events")
        indexes = [models.Index(fields=["municipality", "-at"], name="access_event_when")]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.view}"
