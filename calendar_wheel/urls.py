from django.urls import path

from calendar_wheel import views, views_calendar

app_name = "calendar_wheel"

urlpatterns = [
    path("", views.wheel_index, name="wheel_index"),
    path("<int:year>/", views.wheel, name="wheel"),
    path("steg/", views.event_list, name="events"),
    path("steg/nytt/", views.event_edit, name="event_add"),
    path("steg/<int:pk>/", views.event_edit, name="event_edit"),
    path("steg/<int:pk>/avveckla/", views.event_retire, name="event_retire"),
    path("kalender/", views_calendar.feed_settings, name="feed_settings"),
    # Tokens are URL-safe base64 (secrets.token_urlsafe): anything else is not found before a lookup.
    path("<slug:token>.ics", views_calendar.feed, name="feed"),
]
