"""Choosing people, organisations and communities among thousands (issue 13): a ``<select
multiple>`` that ``static/js/linchpin.js`` turns into an accessible autocomplete (a combobox
with a list of matches, the chosen records as a list with a "Remove" button each), fed by
``RecordSearch``, a search of the records the user may see.

Without JavaScript the form keeps a plain multiple select of the same choices (all records the
access layer lets the form offer), so nothing depends on the script. The models that may be
searched, and the fields searched, are listed in ``SEARCHABLE`` (never special-category data);
this layer names them by label and never imports the apps that hold them."""

from django import forms
from django.apps import apps
from django.http import Http404, JsonResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import generic

from .access import Action, can, logs_access, record_access, visible
from .generic import StaffMixin
from .search import contains_any

#: Model label -> fields the search looks in (trigram-indexed names).
SEARCHABLE = {
    "networks.person": ("name", "role"),
    "networks.organisation": ("name",),
    "networks.community": ("name",),
}
#: Matches one search returns: enough to pick from, few enough to read.
MAX_RESULTS = 20


class SearchSelectMultiple(forms.SelectMultiple):
    """A multiple select of records of ``model_label`` (a key of ``SEARCHABLE``), marked for
    the autocomplete script: ``data-autocomplete`` is the search URL."""

    def __init__(self, model_label: str, attrs=None):
        if model_label not in SEARCHABLE:
            raise ValueError(f"{model_label} is not searchable (coordinator.autocomplete)")
        super().__init__(attrs)
        self.model_label = model_label

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget_attrs = context["widget"]["attrs"]
        widget_attrs["data-autocomplete"] = (
            f"{reverse('record_search')}?model={self.model_label}")
        widget_attrs.setdefault("size", "8")
        # The script's words, translated here (it has no catalogue of its own).
        widget_attrs["data-text-remove"] = _("Remove")
        widget_attrs["data-text-chosen"] = _("Chosen")
        widget_attrs["data-text-none"] = _("No match. Try part of the name.")
        widget_attrs["data-text-count"] = _("{n} matches, use the up and down arrows to choose")
        widget_attrs["data-text-hint"] = _("Type part of a name, then choose from the list.")
        return context


class RecordSearch(StaffMixin, generic.View):
    """``GET ?model=<label>&q=<text>``: ``{"results": [{"id", "label"}]}``, at most
    ``MAX_RESULTS`` records of the model whose searched fields contain ``q``, among those
    ``visible()`` to the user, by name. An unknown model is not found (404); a model the user
    may not view at all is refused (403); an empty ``q`` finds nothing. What a partner
    professional is shown is logged like a list."""

    http_method_names = ["get"]

    def dispatch(self, request, *args, **kwargs):
        label = request.GET.get("model", "")
        if label not in SEARCHABLE:
            raise Http404
        self.model = apps.get_model(label)
        self.fields = SEARCHABLE[label]
        return super().dispatch(request, *args, **kwargs)

    def has_model_access(self) -> bool:
        return can(self.actor, Action.VIEW, self.model)

    def get(self, request, *args, **kwargs):
        term = request.GET.get("q", "")[:100]
        records = []
        if term.strip():
            queryset = contains_any(visible(self.actor, self.model._default_manager.all()),
                                    self.fields, term)
            records = list(queryset.order_by("name", "pk")[:MAX_RESULTS])
        if logs_access(self.actor) and records:
            record_access(request, self.model, [r.pk for r in records])
        response = JsonResponse({"results": [{"id": r.pk, "label": str(r)} for r in records]})
        response["Cache-Control"] = "no-store"
        return response
