"""Mail backends for the reminder tests."""

from __future__ import annotations

import smtplib
import threading

from django.core.mail.backends.locmem import EmailBackend as LocmemBackend

_lock = threading.Lock()
_failures_left = {"count": 0}


def fail_next(count: int = 1) -> None:
    with _lock:
        _failures_left["count"] = count


class FailingBackend(LocmemBackend):
    """Always refuses, as an SMTP server that is down."""

    def send_messages(self, messages):
        raise smtplib.SMTPServerDisconnected("SMTP server went away")


class FlakyBackend(LocmemBackend):
    """Refuses the next `fail_next(n)` sends, then delivers to the locmem outbox."""

    def send_messages(self, messages):
        with _lock:
            if _failures_left["count"] > 0:
                _failures_left["count"] -= 1
                raise smtplib.SMTPServerDisconnected("SMTP server went away")
        return super().send_messages(messages)
