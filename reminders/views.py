from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import generic

from coordinator.access import Action, can
from coordinator.generic import ObjectMixin, ScopedListView, StaffMixin
from coordinator.history import history_rows
from coordinator.languages import short_date
from coordinator.pagination import BoundedPaginator

from . import services
from .forms import DismissForm, QuietIntervalsForm, SnoozeForm
from .models import QuietIntervals, Reminder, ReminderState
from .registry import KINDS


class Inbox(ScopedListView):
    """The signed-in user's due reminders, soonest first, each with snooze and dismiss."""

    model = Reminder
    template_name = "reminders/inbox.html"
    paginator_class = BoundedPaginator

    def get_queryset(self):
        return (super().get_queryset()
                .filter(recipient=self.request.user, state=ReminderState.DUE)
                .select_related("subject_type"))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        labels = {name: kind.label for name, kind in KINDS.items()}
        for reminder in context["object_list"]:
            reminder.kind_label = labels.get(reminder.kind, reminder.kind)
        context.update(today=timezone.localdate(),
                       may_set_intervals=can(self.actor, Action.CHANGE, QuietIntervals))
        return context


class _ReminderAction(ObjectMixin, generic.View):
    """POST only: find the reminder (404 when not visible, 403 when not one's own), validate
    the form, act, and go back to the inbox with a message either way."""

    model = Reminder
    action = Action.CHANGE
    http_method_names = ["post"]
    form_class = None

    def post(self, request, *args, **kwargs):
        reminder = self.get_object()
        form = self.form_class(request.POST)
        if form.is_valid():
            self.act(reminder, form.cleaned_data)
        else:
            errors = "; ".join(str(e) for field in form.errors.values() for e in field)
            messages.error(request, errors)
        return redirect("reminders:inbox")


class Snooze(_ReminderAction):
    form_class = SnoozeForm

    def act(self, reminder, data):
        services.snooze(self.actor, reminder, data["until"])
        messages.success(self.request, _("Snoozed until %(day)s.") % {
            "day": short_date(data["until"])})


class Dismiss(_ReminderAction):
    form_class = DismissForm

    def act(self, reminder, data):
        services.dismiss(self.actor, reminder, data["reason"])
        messages.success(self.request, _("Dismissed."))


class QuietIntervalsView(StaffMixin, generic.FormView):
    """The municipality's days before a relationship of each engagement level is going quiet,
    set by the municipal admin (others get 403), with their history."""

    model = QuietIntervals
    action = Action.CHANGE
    template_name = "reminders/intervals.html"
    form_class = QuietIntervalsForm

    def get_intervals(self):
        return QuietIntervals.objects.filter(municipality=self.municipality).first()

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["defaults"] = settings.LINCHPIN_QUIET_AFTER_DAYS
        intervals = self.get_intervals()
        if intervals is not None:
            names = [QuietIntervals.field_for(level) for level in services.QUIET_LEVELS]
            kwargs["initial"] = {name: getattr(intervals, name) for name in names}
        return kwargs

    def form_valid(self, form):
        try:
            changed = services.save_quiet_intervals(self.actor, form.cleaned_data)
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
            return self.form_invalid(form)
        if changed:
            messages.success(self.request, _("The intervals were saved."))
        else:
            messages.info(self.request, _("Nothing changed."))
        return redirect("reminders:intervals")

    def form_invalid(self, form):
        messages.error(self.request, _("Please correct the errors below; nothing was saved yet."))
        return super().form_invalid(form)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        intervals = self.get_intervals()
        days = services.quiet_after_days(self.municipality.pk)
        labels = QuietIntervalsForm.LABELS
        context.update(
            rows=[(labels[level], days[level], settings.LINCHPIN_QUIET_AFTER_DAYS[level])
                  for level in services.QUIET_LEVELS],
            history=history_rows(intervals) if intervals is not None else [])
        return context
