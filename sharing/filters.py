"""The register's filters: search by title, state, reviews due, partner organisation, sort."""

import django_filters
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coordinator.filters import ScopedFilterSet, SortFilter
from networks.models import Organisation

from .models import Agreement, AgreementState


class AgreementFilter(ScopedFilterSet):
    search_fields = ("title",)
    state = django_filters.ChoiceFilter(label=_("State"), choices=AgreementState.choices)
    organisation = django_filters.ModelChoiceFilter(
        label=_("Partner organisation"), field_name="parties__organisation",
        queryset=Organisation.objects.none(), distinct=True)
    review_due = django_filters.BooleanFilter(
        label=_("Review overdue"), method="filter_review_due",
        widget=forms.CheckboxInput)
    o = SortFilter(
        label=_("Sort by"),
        fields=(("title", "title"), ("review_on", "review"), ("starts_on", "start"),
                ("state", "state")),
        field_labels={"title": _("Title"), "review_on": _("Next review"),
                      "starts_on": _("Start"), "state": _("State")},
    )

    class Meta:
        model = Agreement
        fields = ["q", "state", "organisation", "review_due"]

    def filter_review_due(self, queryset, name, value):
        """Agreements in use (active or suspended) whose review date has passed."""
        if not value:
            return queryset
        return queryset.filter(
            state__in=(AgreementState.ACTIVE, AgreementState.SUSPENDED),
            review_on__lt=timezone.localdate())
