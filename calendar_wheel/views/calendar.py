"""Each user's private calendar feed of the deadlines that concern them (RFC 5545, via icalendar).

The address carries a random token instead of a sign-in, since calendar programs cannot sign in;
creating a new address revokes the old one.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods
from icalendar import Calendar, Event

from calendar_wheel import audience, services
from calendar_wheel.models import CalendarFeed


def feed_url(request: HttpRequest, feed: CalendarFeed) -> str:
    """The address as the user reached the site: the host and port they typed, not a setting."""
    return request.build_absolute_uri(reverse("calendar_wheel:feed", args=[feed.token]))


@require_http_methods(["GET", "POST"])
@login_required
def feed_settings(request: HttpRequest) -> HttpResponse:
    """The user's feed address and how to subscribe; a POST creates it, or a new one revoking the old."""
    if request.method == "POST":
        # The first address is asked for by name ("create"), so that sending that form twice (a double
        # click, the back button) keeps the address instead of revoking the one just made.
        if "create" in request.POST:
            services.calendar_feed_create(actor=request.user)
            messages.success(request, _("Your calendar address is ready."))
        else:
            services.calendar_feed_renew(actor=request.user)
            messages.success(request, _("Your calendar has a new address; the old one no longer works."))
        return redirect("calendar_wheel:feed_settings")
    # Reading the page writes nothing: a user without an address is offered a button to create one.
    feed = CalendarFeed.objects.filter(user=request.user).first()
    context = {"feed_url": feed_url(request, feed) if feed is not None else None}
    return render(request, "calendar_wheel/feed_settings.html", context)


def build_calendar(user, today: datetime.date, site_url: str) -> bytes:
    """The deadlines that concern the user, from last year to next year, as all-day events.

    Links point at site_url, the address the calendar program fetched the feed from; the events' UIDs
    keep SITE_URL's host, so that they stay the same whichever address a calendar subscribed to.
    """
    start, end = datetime.date(today.year - 1, 1, 1), datetime.date(today.year + 1, 12, 31)
    host = settings.SITE_URL.split("//", 1)[-1].split("/", 1)[0] or "styrmodell"
    calendar = Calendar()
    calendar.add("prodid", "-//Styrmodell//Årshjul//SV")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", _("Annual wheel"))
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    stamp = timezone.now()
    for deadline in audience.deadlines_concerning(user, start, end):
        event = Event()
        # Stable across regeneration: the step's code and the year, never the row's id.
        event.add("uid", f"deadline-{deadline.event.code}-{deadline.year}@{host}")
        event.add("dtstamp", stamp)
        event.add("dtstart", deadline.date)
        event.add("dtend", (deadline.end_date or deadline.date) + datetime.timedelta(days=1))
        event.add("summary", deadline.event.title)
        link = site_url + deadline.get_absolute_url()
        lines = [deadline.event.description, deadline.event.information, link]
        event.add("description", "\n\n".join(line for line in lines if line))
        event.add("url", link)
        event.add("transp", "TRANSPARENT")
        calendar.add_component(event)
    return calendar.to_ical()


@require_GET
def feed(request: HttpRequest, token: str) -> HttpResponse:
    found = CalendarFeed.objects.select_related("user").filter(token=token, user__is_active=True).first()
    # The feed is for people who hold a role: without one, a user reads nothing (as on the site).
    if found is None or not found.user.roles:
        raise Http404
    response = HttpResponse(
        build_calendar(found.user, timezone.localdate(), request.build_absolute_uri("/").rstrip("/")),
        content_type="text/calendar",
    )
    response["Content-Type"] = "text/calendar; charset=utf-8"
    response["Content-Disposition"] = 'inline; filename="arshjul.ics"'
    response["Cache-Control"] = "private, max-age=900"
    return response
