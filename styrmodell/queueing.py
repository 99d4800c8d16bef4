"""Queueing background work without waiting on a broker that is away: the one place tasks are queued.

Celery's own `delay()` waits for an unreachable broker with kombu's defaults: several connection
attempts of four seconds each, and a Redis that accepts the connection but never answers (a hung
server, a black-holed route) is waited for without end. A request then hangs and its caller answers 500
long after the user gave up, and whatever the request wrote stays waiting for a task that never came.

`enqueue` publishes on a connection of its own with short socket timeouts, one connection attempt and no
publish retry, so it succeeds or raises `QueueUnavailable` within about QUEUE_TIMEOUT_SECONDS (measured:
a refused port at once, a silent server in the timeout). The caller undoes or marks what it wrote and
says so. Without REDIS_URL Celery runs eagerly and the task runs here, in-process, as before.

The worker's own connections keep Celery's settings (CELERY_BROKER_TRANSPORT_OPTIONS): a worker may wait
for its broker; a request may not.
"""

from __future__ import annotations

from typing import Any

from celery import Task
from celery.result import AsyncResult
from django.conf import settings
from kombu.exceptions import KombuError


class QueueUnavailable(Exception):
    """The broker did not take the task in time; nothing was queued."""


def enqueue(task: Task, *args: Any, **kwargs: Any) -> AsyncResult:
    """Queue `task(*args, **kwargs)` within a bounded wait, or raise QueueUnavailable.

    Nobody waits on the result of a task queued this way (its outcome is written to the database), so
    no result is stored: asking the result backend would be a second unbounded wait on the same Redis.
    """
    app = task.app
    if app.conf.task_always_eager:
        return task.apply_async(args, kwargs)
    timeout = settings.QUEUE_TIMEOUT_SECONDS
    options = {"socket_connect_timeout": timeout, "socket_timeout": timeout, "max_retries": 0}
    try:
        with app.connection_for_write(connect_timeout=timeout, transport_options=options) as connection:
            return task.apply_async(args, kwargs, connection=connection, retry=False, ignore_result=True)
    except (KombuError, OSError) as error:
        raise QueueUnavailable(f"{task.name}: {error.__class__.__name__}: {error}") from error
