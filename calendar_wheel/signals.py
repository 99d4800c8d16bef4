"""Keep the deadlines in step with the meeting calendar and with edits to the wheel's steps.

- A meeting saved, moved (also across years or bodies) or deleted: the body's meeting steps are placed
  again in the years concerned, so "KS adopts the verksamhetsplan" follows KS's November meeting and
  falls back to the month's last working day when the meeting goes.
- A step saved (edited, retired, added): its deadlines are regenerated from this year on.
Only years that have already been generated are touched.
"""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver
from django.utils import timezone

from calendar_wheel import services
from calendar_wheel.models import WheelEvent
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
    old = getattr(instance, "_wheel_old", None)
    if old and old != (instance.body_id, instance.date):
        services.regenerate_body_meetings(old[0], {old[1].year})
    services.regenerate_body_meetings(instance.body_id, {instance.date.year})


@receiver(post_delete, sender=Meeting, dispatch_uid="calendar_wheel_meeting_post_delete")
def meeting_deleted(sender, instance: Meeting, **kwargs) -> None:
    services.regenerate_body_meetings(instance.body_id, {instance.date.year})


@receiver(post_save, sender=WheelEvent, dispatch_uid="calendar_wheel_event_post_save")
def event_saved(sender, instance: WheelEvent, raw: bool = False, **kwargs) -> None:
    if raw:
        return
    services.regenerate_events([instance], services.generated_years(from_year=timezone.localdate().year))
