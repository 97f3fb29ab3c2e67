"""The new address by choosing its postal area (issue #15): the review editor of the new address's
postal code (a ``within_town`` field) shows the town's postal areas above the number pad; a kana-row
tab or the digits typed narrow them, and a tap, or arrows and Enter alone (A11Y-10), choose one:
its code is stored and the address follows from it. Each area is named with its code (A11Y-15);
the reading is in kana for やさしい日本語 and in romaji for Latin-script languages. The editor fits
the four window sizes in normal and large text. The postal code can still be typed."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from kiosk.config import Config
from kiosk.journey import CataloguePort, Screen
from kiosk.ui import fit
from kiosk.ui.keypads import NumericPad
from kiosk.ui.operations import runner
from kiosk.ui.town_picker import TownStrip
from kiosk.ui.window import KioskWindow

from .helpers import fill_sample

pytestmark = pytest.mark.gui

CHIYODA = replace(Config(), municipality=replace(Config().municipality, postal_area_code="13101"))
FIELD = "address.new_postal_code"


def _kiosk(kiosk_window, config: Config = CHIYODA, lang: str = "ja") -> KioskWindow:
    """The kiosk on the review of the 住民異動届 of an invented resident moving in."""
    port = CataloguePort.load()
    window = kiosk_window(config, catalogue=port)
    assert runner().wait_idle(10_000)
    journey = window.journey
    session = journey.session
    fill_sample(window, port, "single_adult", lang)
    for values in port.prefill_all(session):
        session.store_form(values)
    journey.acknowledge_notice()
    assert journey.screen is Screen.REVIEW
    while journey.current_form() is not None and FIELD not in {f.id for f in journey.current_form().fields}:
        journey.review_done()
    return window


def _open(qtbot, window: KioskWindow) -> tuple[object, TownStrip | None]:
    screen = window.current_screen()
    qtbot.waitUntil(lambda: screen.page is not None and screen.page.complete, timeout=10_000)
    button = screen._edit_button((FIELD, None))
    assert button is not None
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert runner().wait_idle(10_000)  # the areas are read off the GUI thread
    QApplication.processEvents()
    strip = screen.editor.kanji
    return screen, strip if isinstance(strip, TownStrip) else None


def _stored(window: KioskWindow, field_id: str) -> object:
    form = window.journey.current_form()
    return window.journey.session.form_values[form.id].household.get(field_id)


def test_a_kana_row_and_a_tap_choose_the_area_and_the_address_follows(qtbot, kiosk_window) -> None:
    window = _kiosk(kiosk_window)
    screen, strip = _open(qtbot, window)
    assert strip is not None and strip.isVisible()
    assert "その他" in [b.text() for b in strip.buttons if b.isVisible()] or strip.next.isEnabled()
    qtbot.mouseClick(strip.row_buttons[3], Qt.MouseButton.LeftButton)  # た
    shown = [b.text().split("\n")[0] for b in strip.buttons if b.isVisible()]
    assert shown[0] == "千代田" and shown[-1].startswith("その他") and len(shown) == 2  # the town-wide code last
    chiyoda = next(b for b in strip.buttons if b.isVisible())
    assert chiyoda.accessibleName() == "千代田 〒100-0001"  # A11Y-15: the area and its code
    qtbot.mouseClick(chiyoda, Qt.MouseButton.LeftButton)
    assert _stored(window, FIELD) == "1000001"
    assert _stored(window, "address.new") == "東京都千代田区千代田"
    assert screen.stack.currentWidget() is not screen.editor  # back on the form, the next row to fill
    window.end_session()
    window.timer.stop()


def test_digits_typed_narrow_the_areas_and_seven_digits_still_work(qtbot, kiosk_window) -> None:
    window = _kiosk(kiosk_window)
    screen, strip = _open(qtbot, window)
    assert strip is not None
    pad = screen.editor.pad
    assert isinstance(pad, NumericPad)
    keys = {b.property("char"): b for b in pad.grid.cells.values()}
    for digit in "10200":
        qtbot.mouseClick(keys[digit], Qt.MouseButton.LeftButton)
    assert strip.listed() and all(a.code.startswith("10200") for a in strip.listed())
    for digit in "83":
        qtbot.mouseClick(keys[digit], Qt.MouseButton.LeftButton)
    assert strip.shown() == ["1020083"]  # 麹町
    qtbot.mouseClick(pad.ok, Qt.MouseButton.LeftButton)  # the seven digits typed, as before
    assert _stored(window, FIELD) == "1020083"
    assert _stored(window, "address.new") == "東京都千代田区麹町"
    window.end_session()
    window.timer.stop()


def test_keys_alone_reach_a_row_page_through_and_choose_an_area(qtbot, kiosk_window) -> None:
    """A11Y-10: from the pad, Up reaches the areas; arrows cross them, Enter chooses."""
    window = _kiosk(kiosk_window, lang="en")
    screen, strip = _open(qtbot, window)
    assert strip is not None
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)
    first_key = QApplication.focusWidget()
    assert first_key is not None and first_key.property("char") == "1"  # the editor opens on the pad
    QTest.keyClick(first_key, Qt.Key.Key_Up)
    focused = QApplication.focusWidget()
    assert focused in strip.buttons, focused  # the areas above the pad
    row_tab = strip.row_buttons[3]  # "ta" on a Latin-script screen
    assert row_tab.text() == "ta"
    for _ in range(6):  # up to the tabs, then along them to "ta"
        if QApplication.focusWidget() is row_tab:
            break
        focused = QApplication.focusWidget()
        key = Qt.Key.Key_Up if focused in strip.buttons else (
            Qt.Key.Key_Right if focused.mapTo(strip, QPoint(0, 0)).x() < row_tab.mapTo(strip, QPoint(0, 0)).x()
            else Qt.Key.Key_Left)
        QTest.keyClick(focused, key)
    for _ in range(12):
        if QApplication.focusWidget() is row_tab:
            break
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Right)
    assert QApplication.focusWidget() is row_tab
    QTest.keyClick(row_tab, Qt.Key.Key_Return)
    assert strip.row == 3
    shown = [b for b in strip.buttons if b.isVisible()]
    assert shown[0].text() == "千代田\nchiyoda"  # the name in Japanese, the reading in romaji
    assert shown[0].accessibleName() == "千代田 (chiyoda) 〒100-0001"
    assert QApplication.focusWidget() is shown[0]  # the row chosen, on to its first area
    QTest.keyClick(shown[0], Qt.Key.Key_Return)
    assert _stored(window, FIELD) == "1000001"
    window.end_session()
    window.timer.stop()


def test_pages_turn_by_touch_and_easy_japanese_reads_kana(qtbot, kiosk_window) -> None:
    window = _kiosk(kiosk_window, lang="ja-easy")
    _screen, strip = _open(qtbot, window)
    assert strip is not None
    qtbot.mouseClick(strip.row_buttons[1], Qt.MouseButton.LeftButton)  # か: the 神田 areas and more
    first = strip.shown()
    assert len(first) == 8 and strip.next.isEnabled() and not strip.prev.isEnabled()
    assert any(b.text().startswith("神田") and "\nかんだ" in b.text() for b in strip.buttons)  # the reading in kana
    qtbot.mouseClick(strip.next, Qt.MouseButton.LeftButton)
    assert strip.shown() and set(strip.shown()).isdisjoint(first) and strip.prev.isEnabled()
    window.end_session()
    window.timer.stop()


def test_a_town_without_postal_areas_keeps_the_plain_number_pad(qtbot, kiosk_window) -> None:
    window = _kiosk(kiosk_window, config=Config())  # the invented town 999991: none
    screen, strip = _open(qtbot, window)
    assert strip is None or not strip.isVisible()
    assert isinstance(screen.editor.pad, NumericPad) and screen.editor.pad.isVisible()
    window.end_session()
    window.timer.stop()


def _across(widget: QWidget, window: QWidget) -> bool:
    """``widget`` lies within the window's width (nothing pushed off to the side)."""
    left = widget.mapTo(window, QPoint(0, 0)).x()
    return 0 <= left and left + widget.width() <= window.width()


@pytest.mark.parametrize("lang", ["ja", "en", "ja-easy"])
def test_the_editor_with_the_areas_fits_every_size_in_normal_and_large_text(qtbot, kiosk_window, lang) -> None:
    """A11Y-04: at 1920×1080, 1080×1920, 1366×768 and 1280×800, in normal and large text, the
    window keeps its size, the primary button stays in view, and the areas, their page arrows and
    the pad's keys share the width (beside the pad on a compact landscape window)."""
    window = _kiosk(kiosk_window, lang=lang)
    problems: list[str] = []
    for large in (False, True):
        window.large_button.setChecked(large)
        fit.settle()
        screen, strip = _open(qtbot, window)
        assert strip is not None
        pad = screen.editor.pad
        for size in fit.SIZES:
            problem = fit.misfit(window, size)
            if problem is not None:
                problems.append(f"{size} large={large}: {problem}")
            controls = [*[b for b in strip.buttons if not b.isHidden()], strip.next, *pad.grid.cells.values(), pad.ok]
            off = [w.objectName() or w.text() for w in controls if not _across(w, window)]
            if off:
                problems.append(f"{size} large={large}: off to the side {off}")
            if size == (1366, 768):
                beside = strip.mapTo(window, QPoint(0, 0)).y() >= pad.mapTo(window, QPoint(0, 0)).y() - strip.height()
                assert strip.mapTo(window, QPoint(0, 0)).x() + strip.width() <= pad.mapTo(window, QPoint(0, 0)).x()
                assert beside  # compact landscape: the areas beside the pad, not above it
        screen.close_editor()
    assert problems == []
    window.end_session()
    window.timer.stop()
