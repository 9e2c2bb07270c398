"""Celery tasks of the shoot stage: thin, take ids, idempotent."""

from __future__ import annotations

from celery import shared_task


@shared_task(bind=True, max_retries=5, default_retry_delay=30)
def send_call_sheet(self, recipient_id: str) -> None:
    """Email one person their copy of a call sheet (once: a second delivery finds it sent)."""
    from production.shoot import services

    try:
        services.call_sheet_email(recipient_id=recipient_id)
    except OSError as exc:  # SMTP down: try again later
        raise self.retry(exc=exc) from exc


@shared_task
def requeue_unsent_call_sheets() -> int:
    """Call sheet copies whose email task never reached a worker (the broker was down): queue
    them again (beat, every minute)."""
    from production.shoot import services

    return services.call_sheets_requeue_unsent()


@shared_task(bind=True, max_retries=5, default_retry_delay=30)
def send_daily_report(self, report_id: str) -> None:
    """Email a signed daily production report (once: a second delivery finds it sent)."""
    from production.shoot import set_services

    try:
        set_services.report_email(report_id=report_id)
    except OSError as exc:  # SMTP down: try again later
        raise self.retry(exc=exc) from exc
