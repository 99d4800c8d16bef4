from django.urls import path

from calendar_wheel import views_feed, views_wheel

app_name = "calendar_wheel"

urlpatterns = [
    path("", views_wheel.wheel_index, name="wheel_index"),
    path("<int:year>/", views_wheel.wheel, name="wheel"),
    path("steg/", views_wheel.event_list, name="events"),
    path("kalender/", views_feed.feed_settings, name="feed_settings"),
    path("<str:token>.ics", views_feed.feed, name="feed"),
]
