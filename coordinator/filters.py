"""django-filter base: a free-text search over named fields and choices scoped to one municipality."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from networks.models import Community

from .access import visible
from .models import Commitment, CommitmentStatus, Interaction, InteractionKind


class ScopedFilterSet(django_filters.FilterSet):
    """Takes ``actor``; every model choice is what ``visible(actor, ...)`` returns for its model
    (declare it as ``Model.objects.none()``; a model with no access policy raises: choices are
    never open by default). ``search_fields`` lists the
    fields that ``q`` searches (never special-category fields such as ethnicity or faith)."""

    search_fields: tuple = ()
    q = django_filters.CharFilter(label=_("Search"), method="search")

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.actor = actor
        for flt in self.filters.values():
            # django-filter builds the choice field from ``flt.queryset`` (a deep copy per
            # filterset), not from ``flt.extra``.
            # A declared queryset (``Model.objects.none()``) only names the model: the
            # choices are every record of it the actor may see.
            queryset = getattr(flt, "queryset", None)
            if queryset is not None:
                model = queryset(self.request).model if callable(queryset) else queryset.model
                flt.queryset = visible(actor, model._default_manager.all())

    def search(self, queryset, name, value):
        condition = Q()
        for field in self.search_fields:
            condition |= Q(**{f"{field}__icontains": value.strip()})
        return queryset.filter(condition).distinct() if value.strip() else queryset


class InteractionFilter(ScopedFilterSet):
    search_fields = ("needs_heard", "interests_heard", "concerns_heard", "follow_up",
                     "community__name")
    kind = django_filters.ChoiceFilter(label=_("Kind of contact"), choices=InteractionKind.choices)
    community = django_filters.ModelChoiceFilter(
        label=_("Community"), queryset=Community.objects.none()
    )
    occurred_after = django_filters.DateFilter(
        label=_("From"), field_name="occurred_on", lookup_expr="gte"
    )
    o = django_filters.OrderingFilter(
        label=_("Sort by"), fields=(("occurred_on", "date"), ("community__name", "community")),
        field_labels={"occurred_on": _("Date"), "community__name": _("Community")},
    )

    class Meta:
        model = Interaction
        fields = ["q", "kind", "community"]


class CommitmentFilter(ScopedFilterSet):
    search_fields = ("description", "made_to", "community__name")
    status = django_filters.ChoiceFilter(label=_("Status"), choices=CommitmentStatus.choices)
    community = django_filters.ModelChoiceFilter(
        label=_("Community"), queryset=Community.objects.none()
    )
    o = django_filters.OrderingFilter(
        label=_("Sort by"), fields=(("due_on", "due"), ("status", "status")),
        field_labels={"due_on": _("Due by"), "status": _("Status")},
    )

    class Meta:
        model = Commitment
        fields = ["q", "status", "community"]
