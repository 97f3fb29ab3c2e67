"""A bank account by choosing: a few kana of the bank's name (or its code) on the pad bring the
banks of the 全銀 data as candidates, chosen by touch or by keys alone (A11Y-10); then the branch
the same way within that bank. ゆうちょ銀行: the passbook's 記号 and 番号 on the number pad, by touch
or keys alone, the conversion shown before it is stored; a refusal shows its message and keeps
what was typed."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QScrollArea, QWidget

from kiosk import i18n
from kiosk.catalogue.model import format_value
from kiosk.config import SHIPPED_LANGUAGES, Config
from kiosk.journey import CataloguePort, Screen
from kiosk.ui import fit
from kiosk.ui.bank_picker import BankStrip
from kiosk.ui.focus import reveal
from kiosk.ui.keypads import KanaPad, Keypad, NumericPad
from kiosk.ui.operations import runner
from kiosk.ui.window import KioskWindow
from kiosk.ui.yucho_entry import YuchoEntry

from .helpers import fill_sample, host, key_kana, tap, tap_ok

pytestmark = pytest.mark.gui


def _picker(qtbot, pad: Keypad, bank: str | None = None):
    chosen: list[str] = []
    strip = BankStrip(pad, "ja", bank, chosen.append)
    return host(qtbot, strip, pad), strip, chosen  # the index is read off the GUI thread


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


def _jidoteate_review(qtbot, clock, lang: str = "ja"):
    port = CataloguePort.load()
    window = KioskWindow(Config(), catalogue=port, card_worker=None, output=None, database=None,
                         clock=clock, dpi=96.0)
    qtbot.addWidget(window)
    window.resize(1920, 1080)
    window.show()
    assert runner().wait_idle(10_000)
    journey = window.journey
    fill_sample(window, port, "family_of_four", lang)
    journey.session.answers["public_account"] = False  # the account typed, not the 公金受取口座
    journey.acknowledge_notice()
    journey._go_review([f.id for f in journey.forms()].index("jidoteate"))
    assert journey.screen is Screen.REVIEW and journey.current_form().id == "jidoteate"
    screen = window.current_screen()
    qtbot.waitUntil(lambda: screen.page is not None and screen.page.complete, timeout=10_000)
    return window, screen


def _edit(qtbot, screen, field_id: str) -> None:
    edit = screen.page.findChild(QWidget, f"edit-h-{field_id}")
    qtbot.mouseClick(edit, Qt.MouseButton.LeftButton)
    assert screen.stack.currentWidget() is screen.editor


def _strip(screen) -> BankStrip:
    strip = screen.editor.kanji
    assert isinstance(strip, BankStrip)
    return strip


def test_on_the_review_the_bank_then_its_branch_are_chosen_by_touch(qtbot, clock) -> None:
    window, screen = _jidoteate_review(qtbot, clock)
    values = window.journey.session.form_values["jidoteate"].household
    _edit(qtbot, screen, "bank.name")
    assert runner().wait_idle(10_000)
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


def _choose_yucho(qtbot, screen) -> YuchoEntry:
    """ゆうちょ chosen as the bank: the editor goes on to the branch as the 記号・番号 entry."""
    _edit(qtbot, screen, "bank.name")
    assert runner().wait_idle(10_000)
    tap(qtbot, screen.editor.pad, "ゆうちよ")
    strip = _strip(screen)
    assert strip.shown() == ["ゆうちょ (9900)"]
    qtbot.mouseClick(strip.buttons[0], Qt.MouseButton.LeftButton)
    assert screen.editor.target[0].id == "bank.branch"
    entry = _entry(screen)
    assert screen.editor.pad is entry.pad
    return entry


def _entry(screen) -> YuchoEntry:
    """The 記号・番号 entry the editor shows (one left before is being deleted)."""
    shown = [e for e in screen.editor.findChildren(YuchoEntry) if e.isVisible()]
    assert len(shown) == 1
    return shown[0]


def _shown(screen) -> dict[str, str]:
    QApplication.processEvents()
    return {key: label.text() for (key, _), (label, _) in screen.page.values.items()}


def test_yucho_by_touch_the_symbol_and_number_are_stored_and_shown_converted(qtbot, clock) -> None:
    window, screen = _jidoteate_review(qtbot, clock)
    values = window.journey.session.form_values["jidoteate"].household
    values["bank.account_type"] = "current"  # to see the 預金種目 follow the passbook
    entry = _choose_yucho(qtbot, screen)
    assert values["bank.name"] == "9900" and values.get("bank.branch") is None
    tap(qtbot, entry.pad, "10530")
    assert entry.buttons["kigo"].text().endswith("10530")
    tap_ok(qtbot, entry.pad)
    assert entry.part == "bango" and entry.pad.value == ""
    tap(qtbot, entry.pad, "12345671")
    assert entry.converted
    assert entry.preview.text() == "記号 10530 番号 12345671 → 〇五八店 普通 1234567"  # for the resident to confirm
    tap_ok(qtbot, entry.pad)
    assert (values["bank.branch"], values["bank.account_number"], values["bank.account_type"]) == (
        "9900058", "1234567", "ordinary")
    assert screen.stack.currentWidget() is screen.scroll_area
    shown = _shown(screen)
    assert (shown["bank.name"], shown["bank.branch"], shown["bank.account_number"], shown["bank.account_type"]) == (
        "ゆうちょ (9900)", "〇五八 (058)", "1234567", "普通")
    # the account number field of a ゆうちょ account opens the same entry; a 振替口座 makes it 当座
    _edit(qtbot, screen, "bank.account_number")
    entry = _entry(screen)
    assert entry.typed == {"kigo": "", "bango": ""}
    tap_ok(qtbot, entry.pad, "00530")
    tap(qtbot, entry.pad, "76543")
    assert entry.preview.text() == "記号 00530 番号 76543 → 〇五九店 当座 0076543"
    tap_ok(qtbot, entry.pad)
    assert (values["bank.branch"], values["bank.account_number"], values["bank.account_type"]) == (
        "9900059", "0076543", "current")
    window.end_session()
    window.timer.stop()


def test_yucho_refusals_show_their_message_and_keep_what_was_typed(qtbot, clock) -> None:
    window, screen = _jidoteate_review(qtbot, clock)
    values = window.journey.session.form_values["jidoteate"].household
    entry = _choose_yucho(qtbot, screen)

    def refused(key: str) -> None:
        assert screen.message.isVisible()
        assert screen.message.accessibleName() == i18n.plain(i18n.text(key, "ja"))
        assert screen.stack.currentWidget() is screen.editor and values.get("bank.branch") is None

    tap_ok(qtbot, entry.pad, "20530")  # a 記号 starts with 1 or 0
    refused("catalogue.yucho_kigo")
    assert entry.part == "kigo" and entry.pad.value == "20530"
    for _ in range(5):
        qtbot.mouseClick(entry.pad.delete, Qt.MouseButton.LeftButton)
    tap_ok(qtbot, entry.pad, "00030")  # 店番 009: not a branch of the data
    refused("catalogue.yucho_branch")
    assert entry.pad.value == "00030"
    qtbot.mouseClick(entry.pad.delete, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(entry.pad.delete, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(entry.pad.delete, Qt.MouseButton.LeftButton)
    tap_ok(qtbot, entry.pad, "530")  # 00530: 〇五九
    assert entry.part == "bango" and not screen.message.isVisible()  # the 記号 is right: its message goes
    tap_ok(qtbot, entry.pad, "12345678")  # 8 digits do not fit a 振替口座's 7
    refused("catalogue.yucho_bango")
    assert entry.typed == {"kigo": "00530", "bango": "12345678"} and not entry.converted
    assert entry.preview.text() == i18n.text("resident.yucho_hint", "ja")
    qtbot.mouseClick(entry.buttons["kigo"], Qt.MouseButton.LeftButton)  # back to the 記号: 番号 kept
    assert entry.part == "kigo" and entry.pad.value == "00530"
    for _ in range(5):
        qtbot.mouseClick(entry.pad.delete, Qt.MouseButton.LeftButton)
    tap_ok(qtbot, entry.pad, "10530")  # 10530: 通常貯金, whose 番号 must end in 1
    assert entry.part == "bango" and entry.pad.value == "12345678"
    tap_ok(qtbot, entry.pad)
    refused("catalogue.yucho_bango")
    qtbot.mouseClick(entry.pad.delete, Qt.MouseButton.LeftButton)
    tap_ok(qtbot, entry.pad, "1")
    assert (values["bank.branch"], values["bank.account_number"]) == ("9900058", "1234567")
    window.end_session()
    window.timer.stop()


def test_yucho_by_keys_alone_digits_then_shift_tab_to_ok_and_enter(qtbot, clock) -> None:
    """A11Y-10: the focus starts on the pad; digits typed, Shift+Tab reaches OK, Enter."""
    window, screen = _jidoteate_review(qtbot, clock)
    values = window.journey.session.form_values["jidoteate"].household
    entry = _choose_yucho(qtbot, screen)
    QApplication.processEvents()

    def type_and_ok(digits: str) -> None:
        focus = QApplication.focusWidget()
        assert focus is not None and entry.pad.isAncestorOf(focus)
        QTest.keyClicks(focus, digits)
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Backtab)
        assert QApplication.focusWidget() is entry.pad.ok
        QTest.keyClick(entry.pad.ok, Qt.Key.Key_Return)

    type_and_ok("10530")
    assert entry.part == "bango"
    type_and_ok("12345671")
    assert (values["bank.branch"], values["bank.account_number"], values["bank.account_type"]) == (
        "9900058", "1234567", "ordinary")
    window.end_session()
    window.timer.stop()


def test_priv08_a_symbol_and_number_typed_but_not_stored_are_gone_when_the_session_ends(qtbot, clock) -> None:
    window, screen = _jidoteate_review(qtbot, clock)
    entry = _choose_yucho(qtbot, screen)
    tap_ok(qtbot, entry.pad, "13380")  # 店番 338
    tap(qtbot, entry.pad, "24680241")
    assert "24680241" in entry.preview.text()
    window.end_session()
    QApplication.processEvents()
    texts = [t for w in window.findChildren(QWidget) for t in (w.accessibleName(), str(w.property("text") or ""))]
    assert [t for t in texts if "13380" in t or "24680241" in t or "2468024" in t] == []
    assert entry.typed == {"kigo": "", "bango": ""} and entry.pad.value == ""
    window.timer.stop()


def _scroll_areas(widget: QWidget) -> list[QScrollArea]:
    """The scroll areas holding ``widget``, the page body (the outermost) first."""
    found, parent = [], widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QScrollArea):
            found.append(parent)
        parent = parent.parentWidget()
    return found[::-1]


@pytest.mark.parametrize("lang", SHIPPED_LANGUAGES)
def test_yucho_entry_in_every_shipped_language_fits_every_screen_size(qtbot, clock, lang) -> None:
    """The entry's texts in the resident's language; the window keeps its size and 確認 stays in view
    (kiosk.ui.fit) at 1920×1080, 1080×1920, 1366×768 and 1280×800 in normal and large text; the
    pad's OK, the conversion and both parts are in view too (with large text on the two short
    panels once the page body has scrolled to them, as it does when they take the focus)."""
    window, screen = _jidoteate_review(qtbot, clock, lang)
    account_type = next(f.field for f in window.journey.current_form().fields if f.id == "bank.account_type")
    kind = format_value(account_type, "ordinary", lang)
    for large in (False, True):  # normal and large text (A11Y-04)
        window.large_button.setChecked(large)
        fit.settle()
        entry = _choose_yucho(qtbot, screen)
        assert entry.lang == lang
        tap_ok(qtbot, entry.pad, "10530")
        tap(qtbot, entry.pad, "12345671")
        preview = i18n.plain(entry.preview.text())
        assert all(part in preview for part in ("10530", "12345671", "〇五八", kind, "1234567")), preview
        assert "{" not in preview
        assert i18n.plain(i18n.text("resident.yucho_kigo", lang)) in entry.buttons["kigo"].text()
        for size in fit.SIZES:
            assert fit.misfit(window, size) is None, (size, large)
            assert entry.isVisible()
            for widget in (entry.pad.ok, entry.preview, entry.buttons["bango"], entry.pad.grid.cells[(3, 1)]):
                # large text on a 768/800-pixel panel: the page body scrolls to it (as focus does) and
                # it is then seen whole, clear of the fixed action row
                reveal(widget)
                fit.settle()
                corner = widget.mapTo(window, QPoint(0, 0))
                assert window.rect().contains(QRect(corner, widget.size())), (size, large, widget.objectName())
                body = next(p for p in _scroll_areas(widget))
                seen = QRect(body.viewport().mapTo(window, QPoint(0, 0)), body.viewport().size())
                assert seen.contains(QRect(corner, widget.size())), (size, large, widget.objectName())
        window.resize(1920, 1080)
        screen.close_editor()
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
