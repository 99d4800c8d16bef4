"""Keep the deadlines in step with the meeting calendar, which another app (organisation) writes.

A meeting saved, moved (also across years or bodies) or deleted: the body's meeting steps are placed
again in the years concerned, so "KS adopts the verksamhetsplan" follows KS's November meeting and
falls back to the month's last working day when the meeting goes. Only years that have already been
generated are touched.

The wheel's own steps are not handled here: their services (services.wheel_event_*) regenerate the
wheel themselves, once per change.
"""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from calendar_wheel import services
from organisation.models import Meeting


@receiver(pre_save, sender=Meeting, dispatch_uid="calendar_wheel_meeting_pre_save")
def remember_old_meeting(sender, instance: Meeting, raw: bool = False, **kwargs) -> None:
    instance._wheel_old = None
    if instance.pk and not raw:
        instance._wheel_old = Meeting.objects.filter(pk=instance.pk).values_list("body_id", "date").first()


@receiver(post_save, sender=Meeting, dispatch_uid="calendar_wheel_meeting_post_save")
def meeting_saved(sender, instance: Meeting, raw: bool = False, **kwargs) -> None:
    if raw:
        return
    # Each body and year concerned once: a meeting moved within its year regenerates that year once.
    concerned = {(instance.body_id, instance.date.year)}
    old = getattr(instance, "_wheel_old", None)
    if old:
        concerned.add((old[0], old[1].year))
    for body_id, year in sorted(concerned):
        services.regenerate_body_meetings(body_id, {year})


@receiver(post_delete, sender=Meeting, dispatch_uid="calendar_wheel_meeting_post_delete")
def meeting_deleted(sender, instance: Meeting, **kwargs) -> None:
    services.regenerate_body_meetings(instance.body_id, {instance.date.year})
