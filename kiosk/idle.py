"""The resident session's idle timeout (SEC-07, A11Y-09): when a warning comes, how long it lasts,
how many times one action extends it, and "ゆっくり" (more time). Qt-free; the journey asks it on
every tick of the UI clock."""

from __future__ import annotations

import time
from enum import StrEnum

from kiosk.config import SessionSection
from kiosk.ports import Clock


class IdleState(StrEnum):
    ACTIVE = "active"
    WARNING = "warning"
    EXPIRED = "expired"


class IdleTimer:
    """Idle timeout (SEC-07, A11Y-09): warn after ``warn_after`` s idle, then ``extend_seconds``
    to extend with one action; at most ``max_extensions`` extensions, then expiry wipes."""

    def __init__(self, warn_after: float = 90, extend_seconds: float = 30, max_extensions: int = 10,
                 clock: Clock = time.monotonic, *, more_time_factor: float = 3) -> None:
        self.warn_after = warn_after
        self.extend_seconds = extend_seconds
        self.max_extensions = max_extensions
        self.clock = clock
        self.extensions = 0
        self._last = clock()
        self._base = (warn_after, extend_seconds)
        self.more_time_factor = more_time_factor
        self.more_time = False

    @classmethod
    def from_config(cls, section: SessionSection, clock: Clock = time.monotonic) -> IdleTimer:
        return cls(section.idle_warn_seconds, section.extend_seconds, section.max_extensions, clock,
                   more_time_factor=section.more_time_factor)

    def set_more_time(self, on: bool) -> None:
        """"ゆっくり" (A11Y-09, WCAG 2.2.1): every period of this session × ``more_time_factor``."""
        self.more_time = on
        factor = self.more_time_factor if on else 1
        self.warn_after, self.extend_seconds = self._base[0] * factor, self._base[1] * factor

    def reset(self) -> None:
        self.extensions = 0
        self._last = self.clock()

    def touch(self) -> None:
        """Any input while active restarts the idle period (a touch during the warning does not)."""
        if self.state() is IdleState.ACTIVE:
            self._last = self.clock()

    @property
    def can_extend(self) -> bool:
        return self.extensions < self.max_extensions

    def extend(self) -> bool:
        if self.state() is IdleState.EXPIRED or not self.can_extend:
            return False
        if self.state() is IdleState.WARNING:
            self.extensions += 1
        self._last = self.clock()
        return True

    def idle(self) -> float:
        return self.clock() - self._last

    def state(self) -> IdleState:
        idle = self.idle()
        if idle < self.warn_after:
            return IdleState.ACTIVE
        if idle < self.warn_after + self.extend_seconds:
            return IdleState.WARNING
        return IdleState.EXPIRED

    def remaining(self) -> float:
        """Seconds left before expiry while warning."""
        return max(0.0, self.warn_after + self.extend_seconds - self.idle())
