"""The personal calendar feed: a page to make and revoke one's secret feed address, and the feed
itself, read by calendar programs without a session.

The address is shown once, on the page the user is sent to right after making it: the raw
token waits in the user's own server-side session for that one page view and is then removed;
only its SHA-256 is stored with the feed. No other page, link or log carries it.
"""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import generic
from django_scopes import scope, scopes_disabled

from coordinator.access import Action, actor_for, can, logs_access, record_access
from coordinator.generic import StaffMixin
from coordinator.http import NoStoreMixin
from engagement.models import Commitment

from . import ical
from .models import CalendarFeed, Meeting

#: The session key under which a new feed's token waits for the one page that shows it.
NEW_FEED_SESSION_KEY = "dialogue_new_calendar_feed"


class CalendarFeedPage(NoStoreMixin, StaffMixin, generic.TemplateView):
    """Whether the user has a feed (when made, when last read), the address once after making
    it, and the buttons to make a new one or revoke it."""

    model = CalendarFeed
    template_name = "dialogue/calendar_feed.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        raw = self.request.session.pop(NEW_FEED_SESSION_KEY, None)
        feed = ical.current_feed(self.actor)
        context.update(feed=feed, new_url=None)
        if raw and feed is not None and feed.token_hash == ical.hash_token(raw):
            context["new_url"] = self.request.build_absolute_uri(
                reverse("dialogue:calendar_feed_ics", args=[raw]))
        return context


class CalendarFeedCreate(StaffMixin, generic.View):
    """POST: a new feed address (the old one stops working)."""

    model = CalendarFeed
    action = Action.ADD
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        request.session[NEW_FEED_SESSION_KEY] = ical.create_feed(self.actor)
        messages.success(request, _("Your calendar address is ready: copy it now, it is shown "
                                    "only this once."))
        return redirect("dialogue:calendar_feed")


class CalendarFeedRevoke(StaffMixin, generic.View):
    """POST: revoke the feed address; it answers "not found" from now on."""

    model = CalendarFeed
    action = Action.CHANGE
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        request.session.pop(NEW_FEED_SESSION_KEY, None)
        if ical.revoke_feed(self.actor):
            messages.success(request, _("The calendar address was revoked: calendars that "
                                        "used it receive nothing more."))
        else:
            messages.info(request, _("You have no calendar address to revoke."))
        return redirect("dialogue:calendar_feed")


def calendar_feed(request, token):
    """The feed of the user whose open feed has ``token``: their meetings and due commitments,
    read as their membership of the feed's municipality would see them. 404 for an unknown or
    revoked token, a user no longer active, or a membership that is gone or may not hold a
    feed. GET only."""
    if request.method not in ("GET", "HEAD"):
        return HttpResponse(status=405, headers={"Allow": "GET, HEAD"})
    # The request has no session: the token alone says which municipality the feed belongs
    # to, so it is looked up outside any municipality scope. Nothing else is read here.
    with scopes_disabled():
        feed = ical.feed_for_token(token)
    if feed is None:
        raise Http404
    actor = actor_for(feed.user, feed.municipality_id)
    if not can(actor, Action.VIEW, CalendarFeed):
        raise Http404
    with scope(municipality=feed.municipality_id):
        meetings, commitments = ical.feed_records(actor)
        if logs_access(actor):  # a partner's feed shows shared records: logged at once
            record_access(actor, Meeting, [m.pk for m in meetings],
                          view_name="dialogue:calendar_feed_ics")
            record_access(actor, Commitment, [c.pk for c in commitments],
                          view_name="dialogue:calendar_feed_ics")
        CalendarFeed._base_manager.filter(pk=feed.pk).update(last_used_at=timezone.now())
    name = _("Linchpin: %(municipality)s") % {"municipality": actor.municipality}
    response = HttpResponse(ical.feed_calendar(meetings, commitments, name=name),
                            content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "no-store, private"
    return response
