"""Celery tasks of the core: thin, take ids, idempotent.

Each task imports its service inside the function: services queue these tasks, so a module-level
import would make a circle."""

from __future__ import annotations

from celery import shared_task


@shared_task(bind=True, max_retries=5, default_retry_delay=30)
def send_invitation_email(self, invitation_id: str) -> None:
    from projects import services

    try:
        services.invitation_send(invitation_id=invitation_id)
    except OSError as exc:  # SMTP down: try again later
        raise self.retry(exc=exc) from exc


@shared_task
def expire_invitations() -> int:
    from projects import services

    return services.invitations_expire()


@shared_task
def requeue_unsent_invitations() -> int:
    from projects import services

    return services.invitations_requeue_unsent()


@shared_task(bind=True, max_retries=5, default_retry_delay=30)
def send_notification_email(self, notification_id: str) -> None:
    from projects import notifications

    try:
        notifications.email_send(notification_id=notification_id)
    except OSError as exc:  # SMTP down: try again later
        raise self.retry(exc=exc) from exc


@shared_task
def send_notification_digests() -> int:
    from projects import notifications

    return notifications.digests_send()
