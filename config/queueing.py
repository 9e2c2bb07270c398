"""Queueing a Celery task for work that the database already holds.

The row is the truth; the broker message only says "look at it now". So a broker that is down
when a change commits must not turn a saved change into an error page: the publish failure is
logged and the row waits for the sweep that re-queues work whose message never reached a
worker (``production.media.services.work_requeue_lost``, run by beat).

The producer gives up quickly (``CELERY_TASK_PUBLISH_RETRY_POLICY``, the broker's connect
timeout), so a request whose commit queues a task still answers within a second or two.
"""

from __future__ import annotations

import logging

from django.db import transaction
from kombu.exceptions import KombuError

log = logging.getLogger(__name__)

# What a broker that is down or unreachable raises from ``apply_async``: kombu turns the
# transport's connection errors into ``OperationalError`` (a ``KombuError``); a socket that
# fails outside kombu's wrapping is an ``OSError``.
BROKER_ERRORS = (KombuError, OSError)


def publish(task, *args) -> bool:
    """Queue ``task(*args)`` now. False (and a log line) when the broker cannot take it."""
    try:
        task.apply_async(args=args)
    except BROKER_ERRORS as exc:
        log.warning(
            "Could not queue %s%r: %s: %s. The database row is kept; the sweep will queue it again.",
            task.name,
            args,
            type(exc).__name__,
            exc,
        )
        return False
    return True


def publish_after_commit(task, *args) -> None:
    """Queue ``task(*args)`` once the current transaction commits (never if it rolls back)."""
    transaction.on_commit(lambda: publish(task, *args))
