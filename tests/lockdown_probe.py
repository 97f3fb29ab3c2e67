"""SEC-01 probes shared by the kiosk's and the counter's tests: every way a context menu is asked
for (a right-click through the platform window, a long press, the Menu key, and the context-menu
event itself with each of its reasons) sent to widgets, and every popup or new window that opens
recorded and closed at once (a menu's exec() would otherwise wait for a click that never comes)."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QContextMenuEvent, QPointingDevice
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

REASONS = (QContextMenuEvent.Reason.Mouse, QContextMenuEvent.Reason.Keyboard, QContextMenuEvent.Reason.Other)
_TOUCH: list[QPointingDevice] = []


def touch_device() -> QPointingDevice:
    """One touch screen for the whole run (Qt keeps every device registered)."""
    if not _TOUCH:
        _TOUCH.append(QTest.createTouchDevice())
    return _TOUCH[0]


class PopupWatch:
    """What opened while probing: each popup (menu) and each new visible top-level window, with
    where it was asked for; closed as soon as seen. Use as a context manager."""

    def __init__(self) -> None:
        self.seen: list[str] = []
        self.where = ""
        self._before: set[int] = set()
        self._timer = QTimer()
        self._timer.setInterval(5)
        self._timer.timeout.connect(self.check)

    def __enter__(self) -> PopupWatch:
        self._before = {id(w) for w in QApplication.topLevelWidgets() if w.isVisible()}
        self._timer.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._timer.stop()
        self.check()

    def check(self) -> None:
        popup = QApplication.activePopupWidget()
        while popup is not None:
            self.seen.append(f"{self.where}: popup {type(popup).__name__}")
            popup.close()
            QApplication.processEvents()
            if QApplication.activePopupWidget() is popup:
                break
            popup = QApplication.activePopupWidget()
        for widget in QApplication.topLevelWidgets():
            if widget.isVisible() and id(widget) not in self._before:
                self.seen.append(f"{self.where}: window {type(widget).__name__}")
                widget.close()


def shown_widgets(root: QWidget) -> list[QWidget]:
    """``root`` and every widget of it a resident can see now."""
    return [root, *(w for w in root.findChildren(QWidget) if w.isVisible() and w.isVisibleTo(root.window()))]


def ask_context_menus(watch: PopupWatch, widgets: list[QWidget], where: str) -> None:
    """On each widget: the context-menu event with each reason, then a right-click through its
    platform window (press and release, as a mouse sends them)."""
    for widget in widgets:
        if not widget.isVisible():
            continue  # hidden meanwhile (a page that changed)
        watch.where = f"{where} {type(widget).__name__}#{widget.objectName()}"
        centre = widget.rect().center()
        for reason in REASONS:
            QApplication.sendEvent(widget, QContextMenuEvent(reason, centre, widget.mapToGlobal(centre)))
            watch.check()
        handle = widget.window().windowHandle()
        point = widget.mapTo(widget.window(), centre)
        if handle is not None and widget.visibleRegion().contains(centre) and widget.window().rect().contains(point):
            QTest.mouseClick(handle, Qt.MouseButton.RightButton, Qt.KeyboardModifier.NoModifier, point)
            watch.check()


def press_menu_key(watch: PopupWatch, widget: QWidget, where: str) -> None:
    """The Menu key with the focus on ``widget``: the key through the platform window, then what
    the X11 (xcb) and Windows platforms make of it, a keyboard context-menu event to the window,
    which hands it to the focused widget (the offscreen platform makes none of its own)."""
    watch.where = f"{where} Menu key on {type(widget).__name__}#{widget.objectName()}"
    widget.window().activateWindow()
    widget.setFocus(Qt.FocusReason.OtherFocusReason)
    handle = widget.window().windowHandle()
    assert handle is not None
    QTest.keyClick(handle, Qt.Key.Key_Menu)
    QApplication.processEvents()
    watch.check()
    point = widget.mapTo(widget.window(), widget.rect().center())
    QApplication.sendEvent(handle, QContextMenuEvent(QContextMenuEvent.Reason.Keyboard, point,
                                                     handle.mapToGlobal(point)))
    QApplication.processEvents()
    watch.check()


def long_press(watch: PopupWatch, widget: QWidget, where: str, ms: int = 900) -> None:
    """A finger held on ``widget`` for ``ms`` (a touch screen's long press)."""
    watch.where = f"{where} long press on {type(widget).__name__}#{widget.objectName()}"
    handle = widget.window().windowHandle()
    assert handle is not None
    point = widget.mapTo(widget.window(), widget.rect().center())
    QTest.touchEvent(handle, touch_device()).press(0, point, handle).commit()
    QTest.qWait(ms)
    watch.check()
    QTest.touchEvent(handle, touch_device()).release(0, point, handle).commit()
    QApplication.processEvents()
    watch.check()


