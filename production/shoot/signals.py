"""What the shoot does on a signal, when a day's schedule loses a row by a cascade from outside
``schedule.py`` (which closes up itself when it takes a shot off a day):

- a shot removed from the shot list (the storyboard's ``shot_delete``, which knows nothing of the
  shoot) leaves its day's order, and the rest of that day closes up (positions stay 0, 1, 2…);
- a shoot day removed (``services.day_delete``) unschedules its shots: a scheduled one is planned
  again, as when it is taken off the day."""

from __future__ import annotations

from django.db.models.signals import post_delete

from production.storyboard.models import Shot

from .models import ScheduledShot, ShootDay


def _close_up_after_cascade(sender, instance: ScheduledShot, origin=None, **kwargs) -> None:
    if isinstance(origin, ShootDay):
        Shot.objects.filter(pk=instance.shot_id, status=Shot.Status.SCHEDULED).update(status=Shot.Status.PLANNED)
        return
    if isinstance(origin, ScheduledShot):
        return
    from .schedule import _close_up

    _close_up(instance.day_id)


def connect() -> None:
    post_delete.connect(_close_up_after_cascade, sender=ScheduledShot, dispatch_uid="shoot.schedule_close_up")
