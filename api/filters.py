"""The HTML lists' own filters (``coordinator.filters.ScopedFilterSet`` subclasses) as DRF
filter backends: the same parameters (``q``, ``kind``, ``community``, ``o`` ...), and every
model choice (``?community=12``) checked against ``visible()`` for the request's actor."""

import django_filters
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend

from actionplans.models import ActionPlan, ActionPlanVersion, VersionState
from coordinator.filters import ScopedFilterSet


class ScopedFilterBackend(DjangoFilterBackend):
    def get_filterset_kwargs(self, request, queryset, view):
        return {**super().get_filterset_kwargs(request, queryset, view), "actor": view.actor}


class VersionFilter(ScopedFilterSet):
    """The versions of one plan, or in one state."""

    search_fields = ("plan__title", "council_decision_reference")
    plan = django_filters.ModelChoiceFilter(label=_("Plan"), queryset=ActionPlan.objects.none())
    state = django_filters.ChoiceFilter(label=_("State"), choices=VersionState.choices)

    class Meta:
        model = ActionPlanVersion
        fields = ["q", "plan", "state"]
