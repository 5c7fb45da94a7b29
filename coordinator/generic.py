"""The one view base per kind for staff pages: list (filter, search, sort, paginate), detail
(with history), create and update.

Every base reaches records through the access layer only (``coordinator.access``): lists
through ``visible()``, object pages through ``get_for()``/``require()`` (404 when the record is
not visible to the user, 403 when it is visible but the page's ``action`` is not allowed), and
every form and filter choice through ``visible()`` in ``ScopedModelForm``/``ScopedFilterSet``.
Each app's views subclass these and stay thin (NetBox ``utilities/views.py``; healthchecks
``_get_check_for_user``).

Create pages are idempotent (``CreateOnceMixin``: a double-submitted form makes one record) and
edit pages check the version the form was opened at (``ScopedUpdateView``: a stale save is
refused and shows what changed meanwhile): see ``coordinator.concurrency``."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views import generic

from . import concurrency
from .access import (
    POLICIES,
    Action,
    actor_of,
    agreements_for,
    can,
    flush_access,
    get_for,
    label_of,
    logs_access,
    record_access,
    visible,
)
from .fragments import list_fragment_key
from .history import history_rows
from .pagination import BoundedPaginator
from .spreadsheets.exports import export_list
from .spreadsheets.exports import offer as export_offer


class StaffMixin(LoginRequiredMixin):
    """Base of every staff page: a signed-in user with a membership of the current municipality
    (``self.actor``, ``self.membership``, ``self.municipality``). Community representatives are
    sent to the portal.

    ``model`` and ``action`` name what the page does; pages over a whole model (lists, create)
    answer 403 when the actor may not do ``action`` to any record of ``model``. Object pages
    (``object_page = True``) check the record itself in ``get_object``."""

    model = None
    action = Action.VIEW
    object_page = False

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.actor = actor_of(request)
        self.membership = self.actor.membership
        if self.membership is None:
            raise PermissionDenied(_("No membership of any municipality."))
        if self.actor.is_portal_user:
            return redirect("portal:home")
        self.municipality = self.actor.municipality
        if self.model is not None and not self.object_page and not self.has_model_access():
            raise PermissionDenied
        response = super().dispatch(request, *args, **kwargs)
        # What the page showed a partner professional (record_access calls made while it was
        # built, templates included as their context is evaluated here): one INSERT.
        flush_access(request)
        return response

    def has_model_access(self) -> bool:
        return can(self.actor, self.action, self.model)

    def base_queryset(self):
        """The records the page starts from, before access narrows them (add select_related
        here)."""
        return self.model._default_manager.all()


class ObjectMixin(StaffMixin):
    """One record found through the access layer: ``get_for(actor, base_queryset(), pk,
    action)``."""

    object_page = True
    pk_url_kwarg = "pk"

    def get_object(self, queryset=None):
        if not hasattr(self, "_object"):
            self._object = get_for(self.actor, self.base_queryset(),
                                   self.kwargs[self.pk_url_kwarg], self.action)
            if self.request.method in ("GET", "HEAD") and logs_access(self.actor):
                # Under the agreement(s) that open it, or the one of its per-record grant.
                record_access(self.request, self._object, [self._object.pk],
                              agreement_ids=agreements_for(self.actor, self._object))
        return self._object


class ScopedListView(StaffMixin, generic.ListView):
    """A list of the records the actor may see. ``filterset_class`` (a ``ScopedFilterSet``)
    gets the actor, so each of its choices passes through ``visible()`` too.

    With ``?export=csv`` or ``?export=xlsx`` the same filtered rows are exported as a
    spreadsheet by the resource registered for ``export_key`` (default: the model's label;
    ``coordinator.spreadsheets``), to those the policy allows to "export" the model."""

    filterset_class = None
    paginate_by = 25
    export_key: str | None = None

    def get(self, request, *args, **kwargs):
        if "export" in request.GET:
            return export_list(self, request.GET["export"])
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        queryset = visible(self.actor, self.base_queryset())
        # Explicit, total ordering: aggregation drops Meta.ordering and pages must be stable.
        queryset = queryset.order_by(*self.model._meta.ordering, "pk")
        if self.filterset_class is None:
            self.filterset = None
            return queryset
        self.filterset = self.filterset_class(
            self.request.GET or None, queryset=queryset, request=self.request, actor=self.actor,
        )
        return self.filterset.qs

    def get_paginator(self, queryset, per_page, orphans=0, allow_empty_first_page=True,
                      **kwargs):
        if issubclass(self.paginator_class, BoundedPaginator):
            # The count of these filters, kept until the municipality's next write.
            kwargs["count_key"] = list_fragment_key(self.request)
        return super().get_paginator(queryset, per_page, orphans, allow_empty_first_page,
                                     **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        context.update(filter=self.filterset, querystring=query.urlencode(),
                       can_add=can(self.actor, Action.ADD, self.model),
                       spreadsheet_export=export_offer(self))
        if logs_access(self.actor):
            # The ids on this page only; evaluating the page here fills the cache the
            # template iterates, so this costs no query.
            record_access(self.request, self.model, [o.pk for o in context["object_list"]])
        return context


class ScopedDetailView(ObjectMixin, generic.DetailView):
    """One record; its history is shown to those who may change it."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        may_change = can(self.actor, Action.CHANGE, self.object)
        context.update(history=history_rows(self.object) if may_change else [],
                       can_edit=may_change)
        return context

    def render_to_response(self, context, **response_kwargs):
        if logs_access(self.actor):
            record_related(self.request, context)
        return super().render_to_response(context, **response_kwargs)


def record_related(request, context: dict) -> None:
    """Log the shared records of the related lists a detail page shows (querysets in
    ``context`` of a model an agreement may open). Each is evaluated here once and its cache is
    what the template iterates, so this adds no query."""
    for value in context.values():
        if isinstance(value, QuerySet):
            policy = POLICIES.get(label_of(value.model))
            if policy is not None and policy.category is not None:
                record_access(request, value.model, [o.pk for o in value])


class _FormMixin:
    success_message = ""

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["actor"] = self.actor
        return kwargs

    def form_valid(self, form):
        try:
            response = super().form_valid(form)
        except ValidationError as error:
            # Refused on save (issue 8): ScopedModelForm.save rolled back and put the reason on the
            # form (a duplicate saved meanwhile); a model's save() check may also refuse.
            if not form.errors:
                form.add_error(None, error.messages)
            return self.form_invalid(form)
        if self.success_message:
            messages.success(self.request, self.success_message % {"name": self.object})
        return response


class CreateOnceMixin:
    """For any create page built on a ``FormView``: the form carries a one-time token and the
    POST runs at most once per token (``concurrency.run_once``); a repeat is sent to the record
    the first POST created. Put it first among the bases, so it wraps the whole POST."""

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        concurrency.add_token_field(form)
        return form

    def post(self, request, *args, **kwargs):
        return concurrency.run_once(request, lambda: super(CreateOnceMixin, self).post(
            request, *args, **kwargs))


class ConflictMixin:
    """For an edit page whose form is a single model form: ``render_conflict(form, conflict)``
    re-renders the page after ``concurrency.EditConflict`` with the user's values, a message
    and the list of what changed (``conflict`` in the context, ``includes/conflict.html``).
    The page's ``self.object`` is read again, so the new form carries the current version."""

    def refresh_object(self):
        if hasattr(self, "_object"):
            del self._object
        self.object = self.get_object()
        return self.object

    def render_conflict(self, form, conflict):
        records = [concurrency.describe(stale) for stale in conflict.forms]
        data = concurrency.refreshed_data(form.data, [form])
        self.refresh_object()
        kwargs = self.get_form_kwargs()
        kwargs.update(data=data, instance=self.object)
        new_form = self.get_form_class()(**kwargs)
        concurrency.conflict_message(self.request)
        return self.render_to_response(self.get_context_data(form=new_form, conflict=records))


class ScopedCreateView(CreateOnceMixin, _FormMixin, StaffMixin, generic.CreateView):
    """Create a record of ``model`` (403 without the "add" right). ``initial_from_query`` names
    query parameters that preset a choice; a value the actor may not see is ignored by the
    form's scoped choices."""

    action = Action.ADD
    template_name_suffix = "_form"
    initial_from_query: tuple = ()

    def get_initial(self):
        initial = super().get_initial()
        for key in self.initial_from_query:
            value = self.request.GET.get(key, "")
            if value.isascii() and value.isdigit():
                initial[key] = value
        return initial


class ScopedUpdateView(ConflictMixin, _FormMixin, ObjectMixin, generic.UpdateView):
    """Edit a record (403 without the "change" right). When the record is ``Versioned``, the
    save is refused if someone else saved it since the form was opened (``checked_save``)."""

    action = Action.CHANGE
    template_name_suffix = "_form"

    def form_valid(self, form):
        try:
            with concurrency.checked_save(form):
                return super().form_valid(form)
        except concurrency.EditConflict as conflict:
            return self.render_conflict(form, conflict)


class StaffPage(StaffMixin, generic.TemplateView):
    """A staff page that is not about one model's records (the dashboard)."""
