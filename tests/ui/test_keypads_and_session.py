"""Keypads, language switch, idle timeout and staff exit on the real widgets (Qt offscreen)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QPushButton

from kiosk.journey import Screen
from kiosk.ui.keypads import AlphaPad, KanaPad, NumericPad, PinPad
from kiosk.ui.widgets import RubyLabel

CANARY = "カナリアタロウ"


def _all_text(window) -> str:
    parts = []
    for w in window.findChildren(QLabel) + window.findChildren(QPushButton) + window.findChildren(RubyLabel):
        parts.append(w.text() if hasattr(w, "text") else "")
        parts.append(w.accessibleName())
    return "\n".join(parts)


def test_sec04_pin_pad_masks_digits_and_keeps_them_in_a_wiped_bytearray(qtbot):
    pad = PinPad("ja")
    qtbot.addWidget(pad)
    got = []
    pad.submitted.connect(got.append)
    for d in "1234":
        qtbot.mouseClick(pad.keys[d], Qt.MouseButton.LeftButton)
    assert pad.dots.text() == "●●●●"
    assert "1" not in pad.dots.text() and "1234" not in pad.dots.accessibleName()
    assert all(k.focusPolicy() == Qt.FocusPolicy.NoFocus for k in pad.keys.values())  # no per-key highlight
    assert not pad.testAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled)  # no IME
    qtbot.mouseClick(pad.keys["ok"], Qt.MouseButton.LeftButton)
    assert got == [bytearray(b"1234")]
    assert bytes(pad._buffer) == b"\x00" * 4 and pad.length == 0


def test_priv04_pin_cleared_on_focus_loss_and_hide(qtbot):
    pad = PinPad("en")
    qtbot.addWidget(pad)
    pad.show()
    pad.setFocus()
    qtbot.keyClicks(pad, "12")
    assert pad.length == 2
    pad.hide()
    assert pad.length == 0 and bytes(pad._buffer) == b"\x00" * 4


def test_a11y10_pin_from_a_physical_numeric_keypad(qtbot):
    pad = PinPad("en")
    qtbot.addWidget(pad)
    got = []
    pad.submitted.connect(got.append)
    pad.show()
    pad.setFocus()
    for key in (Qt.Key.Key_9, Qt.Key.Key_8, Qt.Key.Key_7, Qt.Key.Key_6):
        qtbot.keyClick(pad, key, Qt.KeyboardModifier.KeypadModifier)
    qtbot.keyClick(pad, Qt.Key.Key_Enter)
    assert got == [bytearray(b"9876")]


def test_kana_pad_voices_and_switches_to_katakana(qtbot):
    pad = KanaPad("ja")
    qtbot.addWidget(pad)
    for ch in ("か", "゛", "な"):
        pad.type_text(ch)
    assert pad.value == "がな"
    pad.toggle()
    assert pad.value == "ガナ"
    pad.type_text("ち")
    assert pad.value == "ガナチ"


def test_numeric_pad_date_and_alpha_pad(qtbot):
    pad = NumericPad("en", kind="date")
    qtbot.addWidget(pad)
    qtbot.keyClicks(pad, "2018x0312")
    assert pad.value == "20180312"
    assert pad.display.text() == "2018-03-12"
    alpha = AlphaPad("en")
    qtbot.addWidget(alpha)
    qtbot.keyClicks(alpha, "nguyen")
    assert alpha.value == "NGUYEN"


def test_ml01_language_screen_shows_autonyms_in_configured_order(window):
    screen = window.screens[Screen.LANGUAGE]
    names = [screen.buttons[lang].text() for lang in window.config.kiosk.languages]
    assert names[:4] == ["日本語", "やさしいにほんご", "English", "中文"]


def test_ml05_language_switch_from_a_screen_keeps_data_and_place(window, qtbot):
    window.journey.choose_language("ja")
    window.journey.session.set_answer("note", CANARY)
    qtbot.mouseClick(window.lang_button, Qt.MouseButton.LeftButton)
    switch = window.overlay
    qtbot.mouseClick(switch.buttons["vi"], Qt.MouseButton.LeftButton)
    assert window.overlay is None
    assert window.journey.screen is Screen.NOTICE
    assert window.journey.session.language == "vi"
    assert window.journey.session.answers["note"] == CANARY
    assert "Tiếp" in _all_text(window) or "Tôi đã hiểu" in _all_text(window)


def test_sec07_priv08_idle_timeout_warns_then_wipes_every_widget(window, clock, qtbot):
    window.journey.choose_language("en")
    member = window.journey.session.add_member("adult")
    window.journey.session.record_card(member, {"name": CANARY, "birth_date": dt.date(1990, 1, 2)})
    window.journey.session.members_confirmed = True
    window.journey.members_done()  # no catalogue: straight on; the name shows on screens
    QApplication.clipboard().setText(CANARY)
    clock.now += 95
    window.tick()
    assert window.warning.isVisible()
    assert "seconds" in window.warning_text.text()
    clock.now += 30
    window.tick()
    qtbot.waitUntil(lambda: window.journey.screen is Screen.LANGUAGE and window.journey.session.is_empty())
    qtbot.wait(20)
    assert CANARY not in _all_text(window)
    assert QApplication.clipboard().text() == ""
    assert window.ended_records[-1].ending == "timeout"
    assert window.journey.session.language == "ja"


def test_a11y09_extend_with_one_action(window, clock, qtbot):
    window.journey.choose_language("en")
    clock.now += 95
    window.tick()
    assert window.warning.isVisible()
    qtbot.mouseClick(window.extend_button, Qt.MouseButton.LeftButton)
    window.tick()
    assert not window.warning.isVisible()
    assert window.journey.screen is Screen.NOTICE


def test_sec09_staff_exit_needs_the_installations_staff_pin_without_staff_cards(kiosk_window, qtbot):
    """SEC-09: a kiosk with no card reader or database takes the staff PIN its installation set."""
    from kiosk.config import from_mapping

    window = kiosk_window(from_mapping({"kiosk": {"staff_pin": "246810"}}))
    window.journey.choose_language("en")
    qtbot.mouseClick(window.staff_button, Qt.MouseButton.LeftButton)
    panel = window.overlay
    qtbot.mouseClick(panel.staff, Qt.MouseButton.LeftButton)
    assert panel.pad.display.text().strip() == ""
    panel._check("000000")
    assert window.isVisible() and not window.staff_exit_allowed
    assert "Wrong staff PIN" in panel.problem.label.text()
    panel._check("246810")
    assert window.staff_exit_allowed


def test_sec09_five_wrong_shared_pins_lock_the_shared_pin_for_five_minutes(kiosk_window, qtbot, clock):
    """SEC-09: the shared staff PIN cannot be guessed at leisure: after five wrong ones even the
    right one is refused for five minutes (the panel says so), then it is taken again."""
    from kiosk.config import from_mapping

    window = kiosk_window(from_mapping({"kiosk": {"staff_pin": "246810"}}))
    window.journey.choose_language("en")
    qtbot.mouseClick(window.staff_button, Qt.MouseButton.LeftButton)
    panel = window.overlay
    qtbot.mouseClick(panel.staff, Qt.MouseButton.LeftButton)
    for guess in ("111111", "222222", "333333", "444444", "555555"):
        panel._check(guess)
    panel._check("246810")
    assert not window.staff_exit_allowed and "Wait five minutes" in panel.problem.label.text()
    clock.now += 301
    panel._check("246810")
    assert window.staff_exit_allowed


def test_sec09_no_shared_pin_is_shipped_the_exit_says_it_is_not_set_up(window, qtbot):
    """SEC-09: without enrolled staff cards reachable and with no staff PIN set, nothing opens
    the exit: no pad, a message for the installer; a guessed old default is refused."""
    window.staff_exit_allowed = False
    window.journey.choose_language("en")
    qtbot.mouseClick(window.staff_button, Qt.MouseButton.LeftButton)
    panel = window.overlay
    qtbot.mouseClick(panel.staff, Qt.MouseButton.LeftButton)
    assert panel.pad is None and not panel.shared.isVisible()
    assert "not set up" in panel.instruction.text()
    assert not window.staff_exit("951357") and not window.staff_exit("")
    assert window.isVisible() and not window.staff_exit_allowed
    window.staff_exit_allowed = True


def test_sec01_close_is_refused_without_staff_exit(window):
    window.staff_exit_allowed = False
    window.close()
    assert window.isVisible()
    window.staff_exit_allowed = True


def test_a11y10_first_screens_by_keys_alone(window, qtbot):
    """Tab/arrows move focus, Enter activates: language → notice without touching."""
    screen = window.screens[Screen.LANGUAGE]
    window.activateWindow()
    screen.buttons["en"].setFocus()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.journey.screen is Screen.NOTICE)
    notice = window.screens[Screen.NOTICE]
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)
    for _ in range(12):
        if QApplication.focusWidget() is notice.ok:
            break
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is notice.ok
    qtbot.keyClick(notice.ok, Qt.Key.Key_Return)
    assert window.journey.session.notice_acknowledged


def test_sec03_unhandled_error_shows_only_call_staff_and_wipes(window, qtbot):
    import sys

    from kiosk.ui.app import Kiosk, install_crash_screen

    old = sys.excepthook
    install_crash_screen(Kiosk(window))
    try:
        window.journey.choose_language("en")
        window.journey.session.set_answer("note", CANARY)
        try:
            raise RuntimeError("/secret/path/module.py line 12")
        except RuntimeError:
            sys.excepthook(*sys.exc_info())
        qtbot.waitUntil(lambda: window.overlay is not None)
        text = _all_text(window)
        assert "call staff" in text.lower() or "係員" in text
        assert "/secret/path" not in text and "Traceback" not in text
        assert window.journey.session.is_empty()
    finally:
        sys.excepthook = old
