"""Generic staff views over municipality-scoped records: list (filter, search, sort, paginate),
detail (with history), create and update. Each app's views subclass these and stay thin."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.views import generic

from .history import history_rows
from .models import NETWORK_EDITOR_ROLES, NETWORK_ROLES
from .tenancy import ScopedObjectMixin


class ScopedListView(ScopedObjectMixin, generic.ListView):
    """``filterset_class`` (django-filter) gets ``municipality`` to scope its own choices."""

    allowed_roles = NETWORK_ROLES
    filterset_class = None
    paginate_by = 25

    def get_queryset(self):
        queryset = super().get_queryset()
        # Explicit, total ordering: aggregation drops Meta.ordering and pages must be stable.
        queryset = queryset.order_by(*self.model._meta.ordering, "pk")
        self.filterset = self.filterset_class(
            self.request.GET or None, queryset=queryset, request=self.request,
            municipality=self.municipality,
        )
        return self.filterset.qs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        context.update(filter=self.filterset, querystring=query.urlencode(), can_edit=self.can_edit)
        return context


class ScopedDetailView(ScopedObjectMixin, generic.DetailView):
    allowed_roles = NETWORK_ROLES

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(history=history_rows(self.object), can_edit=self.can_edit)
        return context


class _ScopedFormMixin:
    allowed_roles = NETWORK_EDITOR_ROLES
    success_message = ""

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["municipality"] = self.municipality
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
        messages.success(self.request, self.success_message % {"name": self.object})
        return response

    def form_invalid(self, form):
        messages.error(self.request, _("Please correct the errors below; nothing was saved yet."))
        return super().form_invalid(form)


class ScopedCreateView(_ScopedFormMixin, ScopedObjectMixin, generic.CreateView):
    template_name_suffix = "_form"

    def get_initial(self):
        initial = super().get_initial()
        for key in getattr(self, "initial_from_query", ()):
            if self.request.GET.get(key, "").isdigit():
                initial[key] = self.request.GET[key]
        return initial


class ScopedUpdateView(_ScopedFormMixin, ScopedObjectMixin, generic.UpdateView):
    template_name_suffix = "_form"
