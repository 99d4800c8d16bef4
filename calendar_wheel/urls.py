from django.urls import path

from calendar_wheel.views import calendar, wheel

app_name = "calendar_wheel"

urlpatterns = [
    path("", wheel.wheel_index, name="wheel_index"),
    path("<int:year>/", wheel.wheel, name="wheel"),
    path("steg/", wheel.event_list, name="events"),
    path("steg/nytt/", wheel.event_edit, name="event_add"),
    path("steg/<int:pk>/", wheel.event_edit, name="event_edit"),
    path("steg/<int:pk>/avveckla/", wheel.event_retire, name="event_retire"),
    path("kalender/", calendar.feed_settings, name="feed_settings"),
    # Tokens are URL-safe base64 (secrets.token_urlsafe): anything else is not found before a lookup.
    path("<slug:token>.ics", calendar.feed, name="feed"),
]
