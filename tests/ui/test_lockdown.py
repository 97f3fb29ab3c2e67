"""SEC-01 (kiosk shell lock-down) and PRIV-08 (the clipboard at a session's end) on the resident
kiosk window, Qt offscreen: no context menu anywhere on any screen of the reference journey, no
clipboard into or out of a field, and the keys a window manager or desktop acts on leave the
full-screen kiosk where the resident is."""

from __future__ import annotations

import pytest
from lockdown_probe import PopupWatch, ask_context_menus, long_press, press_menu_key, shown_widgets
from PySide6.QtCore import QMimeData, Qt
from PySide6.QtGui import QClipboard, QDropEvent, QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QLineEdit, QTextEdit, QVBoxLayout, QWidget

from kiosk.journey import CataloguePort, Screen
from kiosk.ui import reference
from kiosk.ui.keypads import Keypad
from kiosk.ui.operations import runner
from kiosk.ui.widgets import RubyLabel

from .helpers import fill_sample

CANARY = "山田　花子　090-0000-1234"  # a previous resident's text, as a clipboard could hold it
Mod = Qt.KeyboardModifier
PASTE_KEYS = ((Qt.Key.Key_V, Mod.ControlModifier), (Qt.Key.Key_Insert, Mod.ShiftModifier),
              (Qt.Key.Key_V, Mod.ControlModifier | Mod.ShiftModifier))
COPY_KEYS = ((Qt.Key.Key_C, Mod.ControlModifier), (Qt.Key.Key_Insert, Mod.ControlModifier),
             (Qt.Key.Key_X, Mod.ControlModifier), (Qt.Key.Key_Delete, Mod.ShiftModifier))
# SEC-01's keys and the others a window manager, a desktop or the X server acts on.
SYSTEM_KEYS = (
    ("Alt+Tab", Qt.Key.Key_Tab, Mod.AltModifier), ("Alt+Shift+Tab", Qt.Key.Key_Backtab, Mod.AltModifier | Mod.ShiftModifier),
    ("Alt+F4", Qt.Key.Key_F4, Mod.AltModifier), ("Alt+Esc", Qt.Key.Key_Escape, Mod.AltModifier),
    ("Win", Qt.Key.Key_Super_L, Mod.NoModifier), ("Win (Meta)", Qt.Key.Key_Meta, Mod.NoModifier),
    ("Win+D", Qt.Key.Key_D, Mod.MetaModifier), ("Ctrl+Esc", Qt.Key.Key_Escape, Mod.ControlModifier),
    ("Ctrl+Shift+Esc", Qt.Key.Key_Escape, Mod.ControlModifier | Mod.ShiftModifier),
    *((f"Ctrl+Alt+F{n + 1}", Qt.Key(Qt.Key.Key_F1 + n), Mod.ControlModifier | Mod.AltModifier) for n in range(12)),
    ("Ctrl+Alt+Del", Qt.Key.Key_Delete, Mod.ControlModifier | Mod.AltModifier),
    ("Ctrl+Alt+Backspace", Qt.Key.Key_Backspace, Mod.ControlModifier | Mod.AltModifier),
    ("Ctrl+Q", Qt.Key.Key_Q, Mod.ControlModifier), ("Ctrl+W", Qt.Key.Key_W, Mod.ControlModifier),
    ("F11", Qt.Key.Key_F11, Mod.NoModifier), ("Menu", Qt.Key.Key_Menu, Mod.NoModifier),
)


def test_sec01_no_context_menu_on_any_widget_of_any_screen_of_the_reference_journey(kiosk_setup, qtbot):
    """SEC-01: on every screen of the reference journey, each widget a resident sees is asked for
    a context menu every way there is (the event with each reason: a platform's long press
    arrives as the mouse one; a right-click through the platform window), the Menu key is
    pressed on the focused control and a finger is held on the page: no popup and no new window
    opens. PRIV-08: Ctrl+V and Shift+Insert on each pad shown
    take nothing from a clipboard holding a previous resident's text."""
    window = kiosk_setup.kiosk.window
    hold = QGuiApplication.styleHints().mousePressAndHoldInterval() + 200
    probed: list[str] = []
    pasted: list[str] = []
    with PopupWatch() as watch:
        def probe(name: str) -> None:
            probed.append(name)
            ask_context_menus(watch, shown_widgets(window), name)
            focused = QApplication.focusWidget()
            if focused is not None and window.isAncestorOf(focused):
                press_menu_key(watch, focused, name)
            labels = [w for w in window.current_screen().findChildren(RubyLabel) if w.isVisible()]
            if labels:
                long_press(watch, labels[0], name, hold)
            for pad in (p for p in window.findChildren(Keypad) if p.isVisible()):
                QApplication.clipboard().setText(CANARY)
                before = pad.value
                for key, mods in PASTE_KEYS:
                    QTest.keyClick(pad, key, mods)
                if pad.value != before:
                    pasted.append(f"{name}: {pad.value!r}")
                QApplication.clipboard().clear()

        played = reference.play(kiosk_setup, "ja", None, on_screen=probe)
    assert played.record is not None and played.record.ending == "completed"
    assert {"language", "notice", "members", "card", "review", "confirm", "result"} <= {
        s.split("-")[0] for s in probed}
    assert watch.seen == []
    assert pasted == []


def _review_with_editor(kiosk_window, qtbot):
    """A full-screen kiosk (no staff exit) on the review of the single adult's first form, the
    editor open on its first field typed on the digits pad (a phone number, a postal code),
    four digits typed in it."""
    port = CataloguePort.load()
    window = kiosk_window(catalogue=port)
    assert runner().wait_idle(10_000)
    fill_sample(window, port, "single_adult", "ja")
    window.journey.acknowledge_notice()
    assert window.journey.screen is Screen.REVIEW
    window.fill_screen()
    qtbot.waitUntil(window.isFullScreen)
    screen = window.current_screen()
    form = window.journey.current_form()
    assert form is not None
    ff = next(f for f in form.fields if f.field.kind.keypad in ("phone", "postal_code", "digits"))
    screen.open_editor(ff, None)
    pad = screen.editor.pad
    assert pad is not None and pad.isVisible()
    pad.set_value("0312")
    pad.setFocus()
    return window, screen, pad


def test_sec01_system_keys_leave_the_full_screen_kiosk_on_the_same_screen(kiosk_window, qtbot):
    """SEC-01: each key a window manager, desktop or the X server would act on, pressed through
    the platform window while a resident types a phone number on the review, leaves the kiosk
    visible, full screen, on the review with the same editor open and the digits typed."""
    window, screen, pad = _review_with_editor(kiosk_window, qtbot)
    moved = []
    for name, key, mods in SYSTEM_KEYS:
        handle = window.windowHandle()
        assert handle is not None
        QTest.keyClick(handle, key, mods)
        QApplication.processEvents()
        where = (window.isVisible(), window.isFullScreen(), window.journey.screen,
                 screen.stack.currentWidget() is screen.editor, screen.editor.pad is pad, pad.value)
        if where != (True, True, Screen.REVIEW, True, True, "0312"):
            moved.append(f"{name}: {where}")
            pad.set_value("0312")
            if screen.stack.currentWidget() is not screen.editor:
                screen.open_editor(*screen.editor.target)  # type: ignore[misc]
            pad = screen.editor.pad
            pad.setFocus()
    assert moved == []
    QTest.keyClick(window.windowHandle(), Qt.Key.Key_1)  # the resident's own keys still type
    assert pad.value == "03121"
    QTest.keyClick(window.windowHandle(), Qt.Key.Key_Escape)  # and Escape still cancels the pad
    QApplication.processEvents()
    assert window.isFullScreen() and screen.stack.currentWidget() is not screen.editor


def test_sec01_the_kiosk_goes_back_to_full_screen_when_put_out_of_it(kiosk_window, qtbot):
    """SEC-01: minimised, or put back to a normal window (what a window manager does on a key it
    grabbed before the kiosk saw it), the kiosk returns to full screen on the same screen; a
    close is refused."""
    window, screen, pad = _review_with_editor(kiosk_window, qtbot)
    for leave in (window.showMinimized, window.showNormal, window.close):
        leave()
        qtbot.waitUntil(lambda: window.isVisible() and window.isFullScreen(), timeout=2000)
        assert window.journey.screen is Screen.REVIEW and pad.value == "0312"


def _fields_created_later(window) -> tuple[list[QWidget], QDialog]:
    """A line and a text field put on the current screen, and a dialog of the window with a line
    in it: widgets made after the screen was drawn, as a popup or a dialog would be."""
    line, text = QLineEdit(), QTextEdit()
    page = window.current_screen()
    page.layout().addWidget(line)
    page.layout().addWidget(text)
    dialog = QDialog(window)
    dialog_line = QLineEdit(dialog)
    QVBoxLayout(dialog).addWidget(dialog_line)
    dialog.show()
    QApplication.processEvents()
    return [line, text, dialog_line], dialog


def _text(field: QWidget) -> str:
    return field.text() if isinstance(field, QLineEdit) else field.toPlainText()  # type: ignore[attr-defined]


def test_sec01_priv08_no_paste_copy_cut_or_drop_in_the_kiosk_fields(kiosk_window, qtbot):
    """SEC-01, PRIV-08: with a previous resident's text in the clipboard, Ctrl+V, Shift+Insert and
    a drop put nothing in a field of the kiosk (the review's pad, and fields made later: on the
    screen and in a dialog of the window); text typed in a field and selected (Ctrl+A) does not
    reach the clipboard by Ctrl+C, Ctrl+Insert, Ctrl+X or Shift+Delete, and stays in the field."""
    window, _screen, pad = _review_with_editor(kiosk_window, qtbot)
    fields, dialog = _fields_created_later(window)
    clipboard = QApplication.clipboard()
    took: list[str] = []
    for field in (pad, *fields):
        clipboard.setText(CANARY)
        field.setFocus()
        for key, mods in PASTE_KEYS:
            QTest.keyClick(field, key, mods)
            if field.window().windowHandle() is not None:
                QTest.keyClick(field.window().windowHandle(), key, mods)
        if not isinstance(field, Keypad):
            mime = QMimeData()
            mime.setText(CANARY)
            drop = QDropEvent(field.rect().center().toPointF(), Qt.DropAction.CopyAction, mime,
                              Qt.MouseButton.LeftButton, Mod.NoModifier)
            QApplication.sendEvent(field, drop)
        shown = pad.value if field is pad else _text(field)
        if "山田" in shown or "090" in shown:
            took.append(f"paste into {type(field).__name__}: {shown!r}")
    for field in fields:
        clipboard.setText("")
        QTest.keyClicks(field, "secret")
        for key, mods in COPY_KEYS:
            QTest.keyClick(field, Qt.Key.Key_A, Mod.ControlModifier)
            QTest.keyClick(field, key, mods)
        if clipboard.text() or "secret" not in _text(field):
            took.append(f"copy out of {type(field).__name__}: {clipboard.text()!r}, left {_text(field)!r}")
    dialog.close()
    assert took == []


def test_sec01_fields_made_later_open_no_context_menu(kiosk_window, qtbot):
    """SEC-01: a line, a text field and a dialog's line made after the screen was drawn (Qt's own
    editors have an Undo/Cut/Copy/Paste menu of their own) open no menu by right-click, long
    press, the Menu key or the context-menu event."""
    window, _screen, _pad = _review_with_editor(kiosk_window, qtbot)
    fields, dialog = _fields_created_later(window)
    hold = QGuiApplication.styleHints().mousePressAndHoldInterval() + 200
    with PopupWatch() as watch:
        ask_context_menus(watch, fields, "later")
        for field in fields:
            press_menu_key(watch, field, "later")
        long_press(watch, fields[0], "later", hold)
    dialog.close()
    assert watch.seen == []


def test_priv08_the_clipboard_is_empty_at_the_kiosk_start_and_after_a_session(qapp, tmp_path, qtbot):
    """PRIV-08: what the clipboard held before the kiosk started is gone once it is built, and
    what it holds during a session is gone once the session ends (clipboard and selection)."""
    from kiosk.config import Config
    from kiosk.ui import app

    clipboard = QApplication.clipboard()
    clipboard.setText(CANARY)
    if clipboard.supportsSelection():
        clipboard.setText(CANARY, QClipboard.Mode.Selection)
    config = reference.demo_config(Config(), tmp_path / "data")
    kiosk = app.build(config, catalogue=None, output=None, database=None, card=False, dpi=96)
    window = kiosk.window
    window.staff_exit_allowed = True
    try:
        assert clipboard.text() == ""
        assert clipboard.text(QClipboard.Mode.Selection) == ""
        window.journey.choose_language("en")
        clipboard.setText(CANARY)
        window.end_session()
        qtbot.waitUntil(lambda: clipboard.text() == "")
    finally:
        window.close()
        window.timer.stop()
        kiosk.shutdown()



@pytest.mark.qt_log_ignore("^This plugin does not support (raise\\(\\)|grabbing the keyboard)$")
def test_sec01_a_workbench_around_a_form_preview_keeps_its_menus_and_clipboard(qtbot):
    """SEC-01 holds on the resident's screen only: a form preview in the administrators'
    workbench (the kiosk's own review screen) opens no menu and takes no paste, while the
    workbench's own field beside it keeps its menu, copy and paste."""
    from kiosk.sheets.specimen import specimen_values
    from kiosk.ui.admin.preview import resident_review

    catalogue = CataloguePort.load().catalogue
    form = next(iter(catalogue.forms.values()))
    host = QWidget()
    staff_line = QLineEdit()
    layout = QVBoxLayout(host)
    layout.addWidget(staff_line)
    preview = resident_review(catalogue, form, specimen_values(form), "ja")
    layout.addWidget(preview)
    qtbot.addWidget(host)
    host.show()
    qtbot.waitExposed(host)
    assert runner().wait_idle(10_000)
    resident_line = QLineEdit()
    preview.current_screen().layout().addWidget(resident_line)  # type: ignore[attr-defined]
    QApplication.processEvents()
    with PopupWatch() as resident:
        ask_context_menus(resident, [resident_line], "preview")
    with PopupWatch() as staff:
        ask_context_menus(staff, [staff_line], "workbench")
    clipboard = QApplication.clipboard()
    clipboard.setText("1990")
    for line in (resident_line, staff_line):
        line.setFocus()
        QTest.keyClick(line, Qt.Key.Key_V, Mod.ControlModifier)
    assert resident.seen == [] and resident_line.text() == ""
    assert staff.seen and staff_line.text() == "1990"
    preview.timer.stop()  # type: ignore[attr-defined]
    clipboard.clear()
