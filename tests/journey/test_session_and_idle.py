"""The resident session and the idle timeout, without Qt (PRIV-08, SEC-07, A11Y-09, ML-05)."""

from __future__ import annotations

import datetime as dt
import logging

from kiosk import log
from kiosk.catalogue.model import FormValues
from kiosk.config import SessionSection
from kiosk.idle import IdleState, IdleTimer
from kiosk.journey import Ending, Journey, Screen
from kiosk.metrics import MetricsRecorder
from kiosk.session import ResidentSession

CANARY_NAME = "カナリア　太郎"
CANARY_ADDRESS = "みどり町カナリア一丁目9番9号"


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _filled_session() -> ResidentSession:
    s = ResidentSession("ja")
    s.set_language("en")
    s.set_answer("moving_in", True)
    member = s.add_member("adult")
    s.record_card(member, {"name": CANARY_NAME, "address": CANARY_ADDRESS,
                           "birth_date": dt.date(1990, 4, 1), "sex": "1"})
    s.store_form(FormValues("juminido", household={"move.date": dt.date(2026, 11, 1)},
                            persons=[{"person.name": CANARY_NAME}], from_card={"person0:person.name"}))
    return s


def test_priv08_wipe_clears_every_personal_value_and_resets_language():
    s = _filled_session()
    assert CANARY_NAME in s.personal_values()
    s.wipe()
    assert s.is_empty()
    assert s.language == "ja"
    assert s.members == [] and s.form_values == {} and s.answers == {}


def test_priv10_live_values_are_withheld_from_logs_until_wipe(caplog):
    s = _filled_session()
    logger = log.get_logger("test.session")
    with caplog.at_level(logging.INFO):
        logger.info("resident typed %s", CANARY_NAME)
    assert CANARY_NAME not in caplog.text
    s.wipe()
    assert not log.carries_personal_data(CANARY_NAME)


def test_ml05_language_switch_keeps_entered_data():
    s = _filled_session()
    journey = Journey(s)
    journey.switch_language("vi")
    assert s.language == "vi"
    assert s.form_values["juminido"].persons[0]["person.name"] == CANARY_NAME


def test_sec07_idle_warns_after_90_s_and_expires_30_s_later():
    clock = FakeClock()
    timer = IdleTimer.from_config(SessionSection(), clock)
    clock.now += 89
    assert timer.state() is IdleState.ACTIVE
    clock.now += 2
    assert timer.state() is IdleState.WARNING
    assert 28 <= timer.remaining() <= 30
    clock.now += 30
    assert timer.state() is IdleState.EXPIRED


def test_a11y09_extendable_at_least_ten_times_then_expires():
    clock = FakeClock()
    timer = IdleTimer.from_config(SessionSection(), clock)
    for _ in range(10):
        clock.now += 95
        assert timer.state() is IdleState.WARNING
        assert timer.extend()
        assert timer.state() is IdleState.ACTIVE
    clock.now += 95
    assert timer.state() is IdleState.WARNING
    assert not timer.can_extend and not timer.extend()
    clock.now += 30
    assert timer.state() is IdleState.EXPIRED


def test_a11y09_a_touch_during_the_warning_does_not_silently_extend():
    clock = FakeClock()
    timer = IdleTimer(90, 30, 10, clock)
    clock.now += 100
    timer.touch()
    assert timer.state() is IdleState.WARNING


def test_timeout_ends_the_session_with_a_full_wipe_and_back_to_language():
    clock = FakeClock()
    s = _filled_session()
    ended: list[Ending] = []
    journey = Journey(s, idle=IdleTimer(90, 30, 10, clock), clock=clock)
    journey.on_end.append(ended.append)
    journey.choose_language("en")
    assert journey.screen is Screen.NOTICE
    clock.now += 121
    assert journey.tick() is IdleState.EXPIRED
    assert ended == [Ending.TIMEOUT]
    assert journey.screen is Screen.LANGUAGE and s.is_empty()


def test_back_returns_to_the_previous_screen_and_keeps_answers():
    s = ResidentSession()
    journey = Journey(s)
    journey.choose_language("ja")
    journey.acknowledge_notice()
    assert journey.screen is Screen.MEMBERS
    assert journey.back()
    assert journey.screen is Screen.NOTICE
    assert s.notice_acknowledged


def test_metrics_record_no_personal_data():
    clock = FakeClock()
    s = _filled_session()
    journey = Journey(s, clock=clock)
    rec = MetricsRecorder("kiosk-test")
    journey.choose_language("en")
    clock.now += 3
    rec.tap(3)
    rec.typed(4)
    rec.prefilled(s.form_values.values())
    record = rec.finish("completed", [(v.screen, v.seconds) for v in journey.visits])
    text = repr(record.as_dict())
    assert CANARY_NAME not in text and CANARY_ADDRESS not in text
    assert record.taps == 3 and record.typed_chars == 4 and record.fields_prefilled == 1
    assert record.screen_seconds["notice"] >= 0 and record.screen_seconds["language"] >= 0
