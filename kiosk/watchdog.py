"""The service manager's notification protocol (``sd_notify``), with the standard library only.

A supervisor (systemd with ``Type=notify``, or ``kiosk supervise``) passes ``$NOTIFY_SOCKET``: a
datagram socket, either a path or an abstract-namespace name written with a leading ``@``. The
program sends newline-separated ``KEY=VALUE`` assignments to it:

- ``READY=1`` once its first screen is on the display,
- ``STATUS=...`` a one-line state (screen names only, never personal data),
- ``WATCHDOG=1`` at least every ``$WATCHDOG_USEC`` microseconds (we ping at half that),
- ``STOPPING=1`` when it leaves on purpose.

With no ``$NOTIFY_SOCKET`` every call is a no-op, and a failing send is logged once and never
raises: the supervisor must not be able to take the kiosk down.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Mapping
from dataclasses import dataclass, field

from kiosk.log import get_logger

LOG = get_logger(__name__)


def socket_address(name: str) -> str | bytes:
    """The ``sendto`` address for a ``$NOTIFY_SOCKET`` value: ``@name`` is the abstract name
    ``\\0name``; anything else is a filesystem path."""
    if name.startswith("@"):
        return b"\0" + name[1:].encode("utf-8")
    return name


def watchdog_interval(environ: Mapping[str, str], pid: int | None = None) -> float | None:
    """Seconds between pings (half of ``$WATCHDOG_USEC``), or None when no watchdog is asked for.
    As with ``sd_watchdog_enabled``, a ``$WATCHDOG_PID`` naming another process disables it."""
    raw = environ.get("WATCHDOG_USEC", "")
    if not raw.isdigit() or int(raw) == 0:
        return None
    owner = environ.get("WATCHDOG_PID", "")
    if owner and owner != str(os.getpid() if pid is None else pid):
        return None
    return int(raw) / 1_000_000 / 2


def format_message(**fields: str) -> bytes:
    """``KEY=VALUE`` lines; values are reduced to one line so a status cannot inject a field."""
    lines = []
    for key, value in fields.items():
        one_line = " ".join(str(value).split())
        lines.append(f"{key}={one_line}")
    return "\n".join(lines).encode("utf-8")


@dataclass
class Notifier:
    """Sends notifications to the supervisor named in the environment (or does nothing)."""

    socket_name: str | None = None
    interval: float | None = None
    _failed: bool = field(default=False, repr=False)

    @classmethod
    def from_environ(cls, environ: Mapping[str, str] | None = None) -> Notifier:
        env = os.environ if environ is None else environ
        name = env.get("NOTIFY_SOCKET") or None
        if name is not None and not (name.startswith("@") or name.startswith("/")):
            LOG.warning("NOTIFY_SOCKET ignored: neither an absolute path nor an abstract name")
            name = None
        return cls(socket_name=name, interval=watchdog_interval(env) if name else None)

    @property
    def enabled(self) -> bool:
        return self.socket_name is not None

    def notify(self, **fields: str) -> bool:
        """Send one message; True when it was delivered."""
        if self.socket_name is None or not fields:
            return False
        try:
            with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM | socket.SOCK_CLOEXEC) as sock:
                sock.sendto(format_message(**fields), socket_address(self.socket_name))
        except OSError as exc:
            if not self._failed:  # once: a missing supervisor must not flood the log
                LOG.warning("supervisor notification failed: %s", type(exc).__name__)
                self._failed = True
            return False
        self._failed = False
        return True

    def ready(self, status: str) -> bool:
        return self.notify(READY="1", STATUS=status)

    def status(self, status: str) -> bool:
        return self.notify(STATUS=status)

    def ping(self) -> bool:
        return self.notify(WATCHDOG="1")

    def stopping(self) -> bool:
        return self.notify(STOPPING="1")


def parse_message(data: bytes) -> dict[str, str]:
    """The assignments in one received datagram (the supervisor's side); malformed lines are skipped."""
    fields: dict[str, str] = {}
    for line in data.decode("utf-8", errors="replace").split("\n"):
        key, sep, value = line.partition("=")
        if sep and key and key.replace("_", "").isalnum() and key.isupper():
            fields[key] = value
    return fields
