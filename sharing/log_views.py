"""Reading the read-access log (municipal admin only, policy ``sharing.accessevent``): all
events, per agreement ("what did partners see under this agreement") and per record ("who saw
this record, when, and why": CJEU C-579/21), filtered by dates, user and organisation, paged,
and exported as CSV. Read-only: there is no page that edits or deletes an event."""

import datetime

from django import forms
from django.apps import apps
from django.http import Http404, StreamingHttpResponse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django.views import generic

from coordinator.access import Action, get_for, visible
from coordinator.generic import StaffMixin
from coordinator.models import Membership, Role
from networks.models import Organisation

from . import log
from .models import AccessEvent, Agreement

#: How many record ids an event shows on screen before "and N more" (the CSV has them all).
IDS_SHOWN = 20


def _start_of(day: datetime.date) -> datetime.datetime:
    """Midnight at the start of ``day`` in the current time zone."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


class AccessLogFilterForm(forms.Form):
    """Dates (inclusive), the partner user and the organisation; every choice from the
    actor's municipality through ``visible()``."""

    date_from = forms.DateField(label=pgettext_lazy("start of a period", "From"), required=False,
                                widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    date_to = forms.DateField(label=pgettext_lazy("end of a period", "To"), required=False,
                              widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    user = forms.TypedChoiceField(label=_("User"), required=False, coerce=int, empty_value=None)
    organisation = forms.ModelChoiceField(label=_("Organisation"), required=False,
                                          queryset=Organisation.objects.none())

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        partners = (visible(actor, Membership.objects.filter(role=Role.PARTNER_PROFESSIONAL))
                    .select_related("user").order_by("user__last_name", "user__username"))
        self.fields["user"].choices = [("", _("Everyone"))] + [
            (m.user_id, m.user.get_full_name() or m.user.get_username()) for m in partners]
        self.fields["organisation"].queryset = visible(actor, Organisation.objects.all())
        self.fields["organisation"].empty_label = _("Every organisation")

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_to"] < data["date_from"]:
            self.add_error("date_to", _("The end of the period cannot be before its start."))
        return data

    def apply(self, queryset):
        """``queryset`` narrowed by the valid filters (an invalid form filters nothing more than
        its valid fields)."""
        data = getattr(self, "cleaned_data", {}) if self.is_bound else {}
        if data.get("date_from"):
            queryset = queryset.filter(at__gte=_start_of(data["date_from"]))
        if data.get("date_to"):
            queryset = queryset.filter(at__lt=_start_of(data["date_to"] + datetime.timedelta(days=1)))
        if data.get("user"):
            queryset = queryset.filter(user_id=data["user"])
        if data.get("organisation"):
            queryset = queryset.filter(organisation=data["organisation"])
        return queryset


class LogMixin(StaffMixin):
    """The events the page is about: all, per agreement (``agreement`` kwarg) or per record
    (``label`` and ``pk`` kwargs), filtered by the query string."""

    model = AccessEvent

    def setup_subject(self):
        self.agreement = None
        self.record_label = self.kwargs.get("label")
        self.record_pk = self.kwargs.get("pk")
        self.record = None
        if "agreement" in self.kwargs:
            self.agreement = get_for(self.actor, Agreement.objects.all(), self.kwargs["agreement"])
        if self.record_label is not None:
            if self.record_label not in log.LOGGED_MODELS:
                raise Http404
            model = apps.get_model(self.record_label)
            # A record deleted since keeps its log: shown by number.
            self.record = visible(self.actor, model._default_manager.all()).filter(
                pk=self.record_pk).first()
            self.record_model = model

    def events(self):
        self.setup_subject()
        queryset = visible(self.actor, AccessEvent.objects.all(), self.action)
        if self.agreement is not None:
            queryset = log.for_agreement(queryset, self.agreement.pk)
        if self.record_label is not None:
            queryset = log.for_record(queryset, self.record_label, self.record_pk)
        self.filter_form = AccessLogFilterForm(self.request.GET or None, actor=self.actor)
        if self.filter_form.is_bound:
            self.filter_form.is_valid()
        return self.filter_form.apply(queryset)


class AccessLogList(LogMixin, generic.ListView):
    template_name = "sharing/log/event_list.html"
    context_object_name = "events"
    paginate_by = 25

    def get_queryset(self):
        return self.events().select_related("user", "organisation").order_by("-at", "-pk")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        events = list(context["events"])
        titles = log.agreement_titles(events)
        rows = [{
            "event": e,
            "agreements": [(pk, titles.get(pk)) for pk in e.agreement_ids],
            "ids": e.object_ids[:IDS_SHOWN],
            "more": max(0, len(e.object_ids) - IDS_SHOWN),
            "loggable": e.model in log.LOGGED_MODELS,
            "page": log.page_name(e.view, e.model),
            "records": log.records_name(e.model),
            "record": log.records_name(e.model, plural=False),
        } for e in events]
        query = self.request.GET.copy()
        query.pop("page", None)
        context.update(rows=rows, filter_form=self.filter_form, querystring=query.urlencode(),
                       agreement=self.agreement, record=self.record,
                       record_label=self.record_label, record_pk=self.record_pk,
                       record_verbose=(self.record_model._meta.verbose_name
                                       if self.record_label else ""))
        return context


class AccessLogExport(LogMixin, generic.View):
    """The events of the page, every one and every id, as a streamed CSV file."""

    action = Action.EXPORT
    http_method_names = ["get"]

    def get(self, request, *args, **kwargs):
        queryset = self.events()
        if self.agreement is not None:
            subject = f"agreement-{self.agreement.pk}"
        elif self.record_label is not None:
            subject = f"{self.record_label.replace('.', '-')}-{self.record_pk}"
        else:
            subject = "all"
        filename = (f"access-log-{slugify(self.municipality.slug)}-{subject}-"
                    f"{timezone.localdate():%Y-%m-%d}.csv")
        response = StreamingHttpResponse(log.csv_rows(queryset), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        response["Cache-Control"] = "no-store"
        return response
