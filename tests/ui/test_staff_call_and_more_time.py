"""The kiosk's 係員を呼ぶ and "ゆっくり" on the real widgets (Qt offscreen): the call is recorded
(ids only), the resident hears that staff were told and then that they are on their way, in
their language; no database means the kiosk says staff could not be told. "ゆっくり" makes every
timeout three times longer, "more time" works ten times, and the next session starts without it
(A11Y-09, A11Y-10, PRIV-08)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from kiosk import i18n, staffcalls
from kiosk.config import Config, from_mapping
from kiosk.journey import Screen
from kiosk.ui.operations import runner
from kiosk.ui.staff_call import CallState


@pytest.fixture
def kiosk(kiosk_window, sqlite_db):
    config = from_mapping({"kiosk": {"id": "kiosk-05"}, "staff_call": {"poll_seconds": 1}})
    return kiosk_window(config, database=sqlite_db, staff_exit=True)


def _title(window) -> str:
    return i18n.plain(window.overlay.title.text())


def test_call_staff_by_touch_is_recorded_and_says_staff_are_coming_once_acknowledged(kiosk, qtbot, sqlite_db):
    kiosk.journey.choose_language("vi")
    qtbot.mouseClick(kiosk.staff_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: kiosk.staff_caller.state is CallState.CALLED, timeout=10_000)
    assert _title(kiosk) == i18n.plain(i18n.text("resident.staff_called", "vi"))
    [call] = staffcalls.open_calls(sqlite_db)
    assert (call.kiosk_id, call.screen) == ("kiosk-05", "notice")
    # Pressing again while waiting does not make a second call.
    qtbot.mouseClick(kiosk.staff_button, Qt.MouseButton.LeftButton)
    assert runner().wait_idle()
    assert len(staffcalls.open_calls(sqlite_db)) == 1
    staffcalls.acknowledge(sqlite_db, call.id, by="clerk-01")
    coming = i18n.plain(i18n.text("resident.staff_coming", "vi"))
    qtbot.waitUntil(lambda: _title(kiosk) == coming, timeout=10_000)
    assert i18n.plain(kiosk.staff_button.text()) == coming  # the top bar says so on every screen
    qtbot.mouseClick(kiosk.overlay.back, Qt.MouseButton.LeftButton)
    assert kiosk.journey.screen is Screen.NOTICE and i18n.plain(kiosk.staff_button.text()) == coming
    kiosk.end_session()  # the next resident starts with no call of their own
    qtbot.waitUntil(lambda: kiosk.staff_caller.state is CallState.NONE)
    # Back on the first screen, the bar speaks the first configured languages, Japanese first.
    assert kiosk.staff_button.text().splitlines()[0] == i18n.plain(i18n.text("resident.call_staff", "ja"))


def test_call_staff_by_keys(kiosk, qtbot, sqlite_db):
    kiosk.journey.choose_language("en")
    kiosk.staff_button.setFocus()
    qtbot.keyClick(kiosk.staff_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: kiosk.staff_caller.state is CallState.CALLED, timeout=10_000)
    assert [c.screen for c in staffcalls.open_calls(sqlite_db)] == ["notice"]
    assert _title(kiosk) == "Staff have been told"


def test_without_a_database_the_kiosk_never_claims_staff_are_coming(window, qtbot):
    window.journey.choose_language("en")
    qtbot.mouseClick(window.staff_button, Qt.MouseButton.LeftButton)
    assert window.staff_caller.state is CallState.FAILED
    assert _title(window) == i18n.plain(i18n.text("resident.staff_call_failed", "en"))
    assert "coming" not in _title(window) and "way" not in _title(window)


def _warn_at(window, clock) -> float:
    """Seconds of idleness after which the warning bar shows."""
    start = clock.now
    for seconds in range(0, 1000):
        clock.now = start + seconds
        window.tick()
        if window.warning.isVisible():
            clock.now = start
            return float(seconds)
    raise AssertionError("no warning")


def test_a11y09_more_time_triples_the_timeouts_extends_ten_times_and_ends_with_the_session(window, clock, qtbot):
    screen = window.screen_for(Screen.LANGUAGE)
    assert window.journey.idle.warn_after == 90
    qtbot.mouseClick(screen.more_time, Qt.MouseButton.LeftButton)  # touch, on the first screen
    assert screen.more_time.isChecked() and window.journey.idle.more_time
    qtbot.mouseClick(screen.buttons["en"], Qt.MouseButton.LeftButton)
    assert window.journey.screen is Screen.NOTICE
    assert _warn_at(window, clock) == 270  # 90 s × 3
    for _ in range(10):
        clock.now += 270
        window.tick()
        assert window.warning.isVisible() and window.extend_button.isVisible()
        assert "90" in window.warning_text.text()  # 30 s × 3 to answer
        qtbot.mouseClick(window.extend_button, Qt.MouseButton.LeftButton)
        window.tick()
        assert not window.warning.isVisible()
    clock.now += 270
    window.tick()
    assert window.warning.isVisible() and not window.extend_button.isVisible()  # ten were given
    clock.now += 90
    window.tick()
    qtbot.waitUntil(lambda: window.journey.screen is Screen.LANGUAGE and window.journey.session.is_empty())
    assert window.ended_records[-1].ending == "timeout"
    # The next resident starts with the standard timeouts and the toggle off.
    assert not window.journey.idle.more_time and window.journey.idle.warn_after == 90
    qtbot.waitUntil(lambda: not window.screen_for(Screen.LANGUAGE).more_time.isChecked())


def test_a11y10_more_time_by_keys(window, clock, qtbot):
    screen = window.screen_for(Screen.LANGUAGE)
    screen.more_time.setFocus()
    qtbot.keyClick(screen.more_time, Qt.Key.Key_Space)
    assert window.journey.idle.more_time
    qtbot.keyClick(screen.more_time, Qt.Key.Key_Space)
    assert not window.journey.idle.more_time
    qtbot.keyClick(screen.more_time, Qt.Key.Key_Space)
    window.journey.choose_language("ja")
    assert _warn_at(window, clock) == 270


def test_more_time_is_labelled_in_the_first_languages():
    config = Config()
    assert config.session.more_time_factor == 3
    assert i18n.plain(i18n.text("resident.more_time", "ja")).startswith("ゆっくり")
