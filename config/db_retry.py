"""Riding out a database blip (a restart, a failover, a dropped connection) in long-running work.

A worker holds its connection for minutes; when the server restarts under it, the next query
fails with ``OperationalError``/``InterfaceError`` and the connection is dead for good. Django
reconnects only between requests, so a render would die on its next progress write. Here the
dead connection is closed (the next query opens a new one) and the write is tried again.

Only for writes that are safe to repeat (idempotent, or whole transactions that rolled back),
and never inside an outer transaction, which a reconnect cannot resume.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from typing import TypeVar

from django.db import InterfaceError, OperationalError, connection

log = logging.getLogger(__name__)

DB_CONNECTION_ERRORS = (OperationalError, InterfaceError)

# Seconds to wait before each retry: about 8 s in all, longer than a database restart.
RETRY_WAITS = (0.5, 1.0, 2.0, 4.0)

T = TypeVar("T")


def reconnect() -> None:
    """Drop this thread's connection; the next query opens a fresh one."""
    try:
        connection.close()
    except DB_CONNECTION_ERRORS:  # closing a broken connection may complain; it is closed anyway
        connection.connection = None


def db_retrying(write: Callable[[], T], *, waits: Sequence[float] = RETRY_WAITS) -> T:
    """Run ``write``; after a lost connection, reconnect and run it again once per wait."""
    for wait in (*waits, None):
        try:
            return write()
        except DB_CONNECTION_ERRORS as exc:
            if wait is None or connection.in_atomic_block:
                raise
            log.warning("Database connection lost (%s); reconnecting in %.1f s.", exc, wait)
            reconnect()
            time.sleep(wait)
    raise AssertionError("unreachable")
