"""A bank account by choosing: a few kana of the bank's name (or its code) on the pad bring the
banks of the 全銀 data as candidates, chosen by touch or by keys alone (A11Y-10); then the branch
the same way within that bank. ゆうちょ銀行 (記号・番号) is sent to the counter with a message."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from kiosk import i18n
from kiosk.journey import CataloguePort, Screen
from kiosk.ui.bank_picker import BankStrip
from kiosk.ui.keypads import KanaPad, Keypad, NumericPad
from kiosk.ui.operations import runner

from .helpers import fill_sample, host, key_kana, tap

pytestmark = pytest.mark.gui


def _picker(qtbot, pad: Keypad, bank: str | None = None):
    chosen: list[str] = []
    strip = BankStrip(pad, "ja", bank, chosen.append)
    return host(qtbot, strip, pad), strip, chosen


def test_a_few_kana_by_touch_offer_the_bank_and_a_tap_chooses_it(qtbot) -> None:
    pad = KanaPad("ja", "")
    _host, strip, chosen = _picker(qtbot, pad)
    assert strip.shown() == []  # nothing typed, no candidates
    tap(qtbot, pad, "みす")  # 濁点 not needed: みす finds みずほ
    assert strip.shown()[0] == "みずほ (0001)"
    qtbot.mouseClick(strip.buttons[0], Qt.MouseButton.LeftButton)
    assert chosen == ["0001"]


def test_keys_alone_type_the_kana_move_to_a_candidate_and_choose(qtbot) -> None:
    pad = KanaPad("ja", "")
    _host, strip, chosen = _picker(qtbot, pad)
    key_kana(pad, "ちは")  # 濁点 not needed
    shown = strip.shown()
    assert shown[:2] == ["千葉 (0134)", "千葉興業 (0135)"]  # the exact reading first, then the longer names
    strip.buttons[0].setFocus()
    QTest.keyClick(strip.buttons[0], Qt.Key.Key_Right)
    assert strip.focusWidget() is strip.buttons[1]
    QTest.keyClick(strip.buttons[1], Qt.Key.Key_Return)
    assert chosen == ["0135"]
    assert strip.buttons[0].accessibleName() == "千葉 0134"  # read out in speech mode (A11Y-15)


def test_the_code_on_the_number_pad_finds_the_bank(qtbot) -> None:
    pad = NumericPad("ja", "", kind="digits")
    _host, strip, chosen = _picker(qtbot, pad)
    tap(qtbot, pad, "0005")
    assert strip.shown()[0] == "三菱ＵＦＪ (0005)"
    qtbot.mouseClick(strip.buttons[0], Qt.MouseButton.LeftButton)
    assert chosen == ["0005"]


def test_branches_are_those_of_the_chosen_bank(qtbot) -> None:
    pad = KanaPad("ja", "")
    _host, strip, chosen = _picker(qtbot, pad, bank="0001")
    tap(qtbot, pad, "しぶや")
    assert strip.shown()[:2] == ["渋谷 (210)", "渋谷中央 (162)"]
    qtbot.mouseClick(strip.buttons[0], Qt.MouseButton.LeftButton)
    assert chosen == ["0001210"]  # the bank's code and the 店番


def _jidoteate_review(qtbot, kiosk_window):
    port = CataloguePort.load()
    window = kiosk_window(catalogue=port)
    assert runner().wait_idle(10_000)
    journey = window.journey
    fill_sample(window, port, "family_of_four", "ja")
    journey.acknowledge_notice()
    journey._go_review([f.id for f in journey.forms()].index("jidoteate"))
    assert journey.screen is Screen.REVIEW and journey.current_form().id == "jidoteate"
    screen = window.current_screen()
    qtbot.waitUntil(lambda: screen.page is not None and screen.page.complete, timeout=10_000)
    return window, screen


def _bank_name_editor(qtbot, kiosk_window):
    """The 児童手当 review with its 金融機関 row open in the editor: (window, screen, the form's values)."""
    window, screen = _jidoteate_review(qtbot, kiosk_window)
    values = window.journey.session.form_values["jidoteate"].household
    _edit(qtbot, screen, "bank.name")
    assert runner().wait_idle(10_000)
    return window, screen, values


def _edit(qtbot, screen, field_id: str) -> None:
    edit = screen.page.findChild(QWidget, f"edit-h-{field_id}")
    qtbot.mouseClick(edit, Qt.MouseButton.LeftButton)
    assert screen.stack.currentWidget() is screen.editor


def _strip(screen) -> BankStrip:
    strip = screen.editor.kanji
    assert isinstance(strip, BankStrip)
    return strip


def test_on_the_review_the_bank_then_its_branch_are_chosen_by_touch(qtbot, kiosk_window) -> None:
    window, screen, values = _bank_name_editor(qtbot, kiosk_window)
    tap(qtbot, screen.editor.pad, "みすほ")
    qtbot.mouseClick(_strip(screen).buttons[0], Qt.MouseButton.LeftButton)
    assert values["bank.name"] == "0001"
    # straight on to the branch, within みずほ
    assert screen.stack.currentWidget() is screen.editor and screen.editor.target[0].id == "bank.branch"
    tap(qtbot, screen.editor.pad, "しふや")
    strip = _strip(screen)
    assert strip.shown()[0] == "渋谷 (210)"
    qtbot.mouseClick(strip.buttons[0], Qt.MouseButton.LeftButton)
    assert values["bank.branch"] == "0001210"
    assert screen.stack.currentWidget() is screen.scroll_area
    QApplication.processEvents()
    shown = {key: label.text() for key, (label, _) in screen.page.values.items()}
    assert shown[("bank.name", None)] == "みずほ (0001)" and shown[("bank.branch", None)] == "渋谷 (210)"
    # another bank drops the branch of the first one
    _edit(qtbot, screen, "bank.name")
    tap(qtbot, screen.editor.pad, "ちは")
    qtbot.mouseClick(_strip(screen).buttons[0], Qt.MouseButton.LeftButton)
    assert values["bank.name"] == "0134" and values["bank.branch"] is None
    window.end_session()
    window.timer.stop()


def test_yucho_is_sent_to_the_counter_with_a_message(qtbot, kiosk_window) -> None:
    window, screen, values = _bank_name_editor(qtbot, kiosk_window)
    tap(qtbot, screen.editor.pad, "ゆうちよ")
    strip = _strip(screen)
    assert strip.shown() == ["ゆうちょ (9900)"]
    qtbot.mouseClick(strip.buttons[0], Qt.MouseButton.LeftButton)
    assert values.get("bank.name") is None
    assert i18n.plain(i18n.text("catalogue.bank_counter", "ja")) == screen.message.accessibleName()
    assert screen.message.isVisible()
    window.end_session()
    window.timer.stop()


def test_without_the_bank_data_the_picker_says_the_counter_takes_the_account(qtbot, monkeypatch, tmp_path) -> None:
    from kiosk import banks

    empty = tmp_path / "no-data"
    empty.mkdir()
    real_build = banks.build_index
    monkeypatch.setattr(banks, "_index", None)
    monkeypatch.setattr(banks, "build_index", lambda folder=None: real_build(empty))
    pad = KanaPad("ja", "")
    _host, strip, _chosen = _picker(qtbot, pad)
    QApplication.processEvents()
    assert strip.hint.text() == i18n.text("catalogue.bank_data_missing", "ja")
    tap(qtbot, pad, "みすほ")
    assert strip.shown() == []
