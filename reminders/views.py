from django.contrib import messages
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import generic

from coordinator.access import Action
from coordinator.generic import ObjectMixin, ScopedListView
from coordinator.pagination import BoundedPaginator

from . import services
from .forms import DismissForm, SnoozeForm
from .models import Reminder, ReminderState
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
        context.update(today=timezone.localdate())
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
            "day": data["until"].strftime("%d %b %Y")})


class Dismiss(_ReminderAction):
    form_class = DismissForm

    def act(self, reminder, data):
        services.dismiss(self.actor, reminder, data["reason"])
        messages.success(self.request, _("Dismissed."))
