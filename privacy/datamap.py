"""The data map: every kind of personal data Linchpin holds, generated from the code's own
tables, as the starting point of a data protection impact assessment (GDPR Art. 30 records of
processing, Art. 35 DPIA; ICO accountability framework "Records of processing and lawful
basis").

One row per model whose retention rule (``coordinator.retention.RETENTION``) names personal or
special-category fields: the fields, the lawful basis and Article 9 condition, the retention
class with the municipality's own period, who may see it (the roles of the access policy,
``coordinator.policies.POLICIES``, and the partners an information-sharing agreement opens it
to, by ``InformationCategory``), and which of the municipality's agreements share it
(``sharing.Agreement.categories``). Nothing is written by hand: a new model with personal data
appears here as soon as its rule is written.
"""

from dataclasses import dataclass, field

from django.apps import apps
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coordinator.models import Role
from coordinator.policies import POLICIES, Action, InformationCategory
from coordinator.retention import RETENTION, Method
from sharing.models import Agreement, AgreementState

from .erasure import history_model
from .runs import periods

_METHODS = {
    Method.DELETE: gettext_lazy("deleted with its history and files"),
    Method.ANONYMISE: gettext_lazy("the special-category or contact fields are cleared, in "
                                   "history too"),
    Method.WITH_PARENT: gettext_lazy("deleted with the record it belongs to"),
    Method.OWN_PURGE: gettext_lazy("purged by its own routine"),
    Method.KEEP: gettext_lazy("kept"),
}


@dataclass
class MapRow:
    """One kind of personal data (one model). Labels are display strings."""

    label: str
    name: str
    app: str
    personal: list[str]
    special: list[str]
    basis: str
    condition: str
    retention: str
    period: str
    method: str
    note: str
    who: list[str]
    category: str
    agreements: list[str] = field(default_factory=list)
    has_history: bool = False


def _field_names(model, names) -> list[str]:
    return [str(model._meta.get_field(name).verbose_name) for name in names]


def _who(label: str, special: bool) -> list[str]:
    policy = POLICIES.get(label)
    if policy is None:
        return [_("Nobody through the application")]
    roles = dict(Role.choices)
    who = [str(roles[r]) for r in Role.values if r in policy.roles.get(Action.VIEW, ())]
    if policy.category:
        category = dict(InformationCategory.choices)[policy.category]
        who.append(_("Partner professionals under an agreement covering “%(category)s”")
                   % {"category": category})
        if special:
            who.append(_("Ethnicity and faith: partner professionals only under such an "
                         "agreement that records an Article 9 condition"))
    if policy.party:
        who.append(_("Partner professionals of the organisations it binds"))
    return who or [_("Nobody through the application")]


def _period(rule, days: dict) -> str:
    retention_class = rule.retention_class
    if not retention_class.has_period or rule.method in (Method.KEEP, Method.OWN_PURGE):
        return str(retention_class.description)
    if rule.method == Method.WITH_PARENT:
        return str(rule.note)
    return _("%(days)s days after %(start)s") % {"days": days[rule.retention],
                                                  "start": retention_class.runs_from}


def data_map(municipality_id: int) -> list[MapRow]:
    """The rows of the data map of the municipality, in the order of the retention table
    (models of apps that are not installed are left out)."""
    days = periods(municipality_id)
    agreements = list(Agreement._base_manager.filter(municipality_id=municipality_id)
                      .exclude(state=AgreementState.ENDED).order_by("title", "pk"))
    states = dict(AgreementState.choices)
    rows = []
    for label, rule in RETENTION.items():
        if not rule.holds_personal_data:
            continue
        try:
            model = apps.get_model(label)
        except LookupError:
            continue
        policy = POLICIES.get(label)
        category = policy.category if policy else None
        sharing = [a for a in agreements if category and category in (a.categories or [])]
        if rule.special:
            sharing = [a for a in sharing if a.special_category_condition]
        rows.append(MapRow(
            label=label, name=str(model._meta.verbose_name).capitalize(),
            app=str(apps.get_app_config(model._meta.app_label).verbose_name),
            personal=_field_names(model, rule.personal),
            special=_field_names(model, rule.special), basis=str(rule.basis),
            condition=str(rule.condition), retention=str(rule.retention_class.label),
            period=_period(rule, days), method=str(_METHODS[rule.method]),
            note=str(rule.note), who=_who(label, bool(rule.special)),
            category=str(dict(InformationCategory.choices)[category]) if category else
            _("Never shared through an agreement"),
            agreements=[f"{a.title} ({states[a.state]})" for a in sharing],
            has_history=history_model(model) is not None))
    return rows
