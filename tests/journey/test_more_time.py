""""ゆっくり" without Qt (A11Y-09, WCAG 2.2.1): every timeout of the session × the configured
factor (at least 3), ten extensions still offered, and the next session back to the standard."""

from __future__ import annotations

import pytest

from kiosk.config import SessionSection, from_mapping
from kiosk.errors import ConfigError
from kiosk.idle import IdleState, IdleTimer
from kiosk.journey import Ending, Journey
from kiosk.session import ResidentSession


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a11y09_more_time_multiplies_warning_and_answer_periods_until_the_session_ends():
    clock = FakeClock()
    idle = IdleTimer.from_config(SessionSection(), clock)
    journey = Journey(ResidentSession("ja"), idle=idle, clock=clock)
    journey.set_more_time(True)
    journey.choose_language("en")
    clock.now += 269
    assert journey.tick() is IdleState.ACTIVE
    clock.now += 1
    assert journey.tick() is IdleState.WARNING and idle.remaining() == 90
    for _ in range(10):
        assert idle.extend()
        clock.now += 270
        assert journey.tick() is IdleState.WARNING
    assert not idle.extend()
    clock.now += 90
    assert journey.tick() is IdleState.EXPIRED and journey.ended is Ending.TIMEOUT
    assert not idle.more_time and (idle.warn_after, idle.extend_seconds) == (90, 30)


def test_a11y09_the_factor_is_a_setting_of_at_least_three():
    assert from_mapping({"session": {"more_time_factor": 5}}).session.more_time_factor == 5
    with pytest.raises(ConfigError, match="session.more_time_factor: must be between 3 and 10"):
        from_mapping({"session": {"more_time_factor": 2}})
    with pytest.raises(ConfigError, match="staff_call.raise_again_seconds"):
        from_mapping({"staff_call": {"raise_again_seconds": 0}})
