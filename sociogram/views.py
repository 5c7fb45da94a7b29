"""The sociogram's pages: the picture with its table, the JSON the picture draws, the GraphML
download, and the relationships entered by hand. Every one reads the graph through
``services.build(actor)``, so each shows only what its viewer may see."""

from django.http import HttpResponse, JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import generic

from coordinator.access import Action, can, logs_access, record_access, visible
from coordinator.generic import (
    ScopedCreateView,
    ScopedDetailView,
    ScopedUpdateView,
    StaffMixin,
    StaffPage,
)
from coordinator.http import NoStoreMixin
from networks.models import Organisation, Person

from . import services
from .forms import RelationshipForm, SociogramFilterForm
from .models import STRENGTH_MAX, Relationship, RelationshipKind


class _GraphMixin(NoStoreMixin):
    """The viewer's sociogram, filtered by the query string, with what it shows logged for a
    partner professional (one event per model, as every page of shared records)."""

    model = Relationship

    def sociogram(self):
        if not hasattr(self, "_sociogram"):
            whole = services.build(self.actor)
            self.filters = services.Filters.from_query(self.request.GET, whole.communities)
            self.whole = whole
            self._sociogram = services.filtered(whole, self.filters)
            if logs_access(self.actor):
                self.record(self._sociogram)
        return self._sociogram

    def record(self, sociogram):
        nodes = sociogram.nodes.values()
        record_access(self.request, Person, [n.pk for n in nodes if n.type == "person"])
        record_access(self.request, Organisation,
                      [n.pk for n in nodes if n.type == "organisation"])
        record_access(self.request, Relationship,
                      [e.relationship_pk for e in sociogram.edges if e.relationship_pk])
        for model, rows in sociogram.attendance.items():
            record_access(self.request, model, [pk for pk, key in rows if key in sociogram.nodes])


class SociogramPage(_GraphMixin, StaffPage):
    """The picture (drawn by static/js/sociogram.js from ``SociogramPayload``), its filters,
    and the same network as tables for screen readers and for reading."""

    template_name = "sociogram/graph.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        sociogram = self.sociogram()
        degree = {key: 0 for key in sociogram.nodes}
        for edge in sociogram.edges:
            degree[edge.source] += 1
            degree[edge.target] += 1
        nodes = sorted(sociogram.nodes.values(), key=lambda n: (-n.betweenness, n.label.lower()))
        for node in nodes:
            node.degree = degree[node.id]
        query = self.request.GET.urlencode()
        context.update(
            sociogram=sociogram, nodes=nodes, edges=sociogram.edges_with_nodes(),
            whole_count=len(self.whole.nodes),
            filter_form=SociogramFilterForm(self.request.GET or None,
                                            communities=sociogram.communities),
            filtered=self.filters != services.Filters(),
            payload_url=reverse("sociogram:payload") + (f"?{query}" if query else ""),
            graphml_url=reverse("sociogram:graphml") + (f"?{query}" if query else ""),
            can_add=can(self.actor, Action.ADD, Relationship),
            can_export=can(self.actor, Action.EXPORT, Relationship),
            kinds=RelationshipKind.choices, strength_max=STRENGTH_MAX,
        )
        return context


class SociogramPayload(_GraphMixin, StaffMixin, generic.View):
    """GET: the JSON the picture draws (``services.payload``), filtered as the page."""

    def get(self, request, *args, **kwargs):
        return JsonResponse(services.payload(self.sociogram()))


class SociogramGraphML(_GraphMixin, StaffMixin, generic.View):
    """GET: the sociogram as a GraphML file, filtered as the page, for those who may export
    relationships (coordinators and municipal admins)."""

    action = Action.EXPORT

    def get(self, request, *args, **kwargs):
        response = HttpResponse(services.graphml(self.sociogram()),
                                content_type="application/graphml+xml; charset=utf-8")
        name = f"sociogram-{self.municipality.slug}-{timezone.localdate():%Y-%m-%d}.graphml"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response


class _RelationshipMixin(NoStoreMixin):
    model = Relationship

    def base_queryset(self):
        # A relationship is reached only when the viewer may see both its ends.
        return (Relationship.objects.between(visible(self.actor, Person.objects.all()),
                                             visible(self.actor, Organisation.objects.all()))
                .select_related("from_person", "from_organisation", "to_person",
                                "to_organisation"))


class RelationshipDetail(_RelationshipMixin, ScopedDetailView):
    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        relationship = self.object
        if logs_access(self.actor):
            for record in (relationship.source, relationship.target):
                record_access(self.request, record, [record.pk])
        return context


class RelationshipCreate(_RelationshipMixin, ScopedCreateView):
    form_class = RelationshipForm
    initial_from_query = ("from_person", "from_organisation", "to_person", "to_organisation")
    success_message = _("The relationship “%(name)s” was recorded.")


class RelationshipUpdate(_RelationshipMixin, ScopedUpdateView):
    form_class = RelationshipForm
    success_message = _("The relationship “%(name)s” was saved.")
