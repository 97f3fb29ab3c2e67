"""The resident's screens locked down (SEC-01, PRIV-08): on a resident window — the kiosk's, the
counter's resident window — and on every widget shown from it later (its popups, dialogs,
editors), no context menu opens (right-click, a long press, the Menu key), nothing is cut,
copied, pasted or dropped into or out of a field (Ctrl+C/X/V, Ctrl+Insert, Shift+Insert,
Shift+Delete, the middle button's X11 selection paste, drag and drop), and the keys a window
manager or desktop acts on reach no widget of the resident's (:data:`SYSTEM_KEYS`). Staff
windows (the counter's clerk window, the workbench around a form preview) keep all of it.

What the application cannot swallow, because the X server or the kernel acts on it before any
window sees it (Ctrl+Alt+F1–F12, Ctrl+Alt+Backspace, Ctrl+Alt+Del, the power key, and the keys
a desktop session's window manager grabs), is the installation's: README, "The kiosk session"."""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QClipboard, QKeyEvent, QMouseEvent, QWindow
from PySide6.QtWidgets import QApplication, QWidget

Key = Qt.Key
Mod = Qt.KeyboardModifier
# Keys and modifiers as plain numbers: an event filter sees every key on its way through each
# widget it is offered to, and Python's flag arithmetic costs ten times the look-ups below.
CTRL, ALT, SHIFT, META = (m.value for m in (Mod.ControlModifier, Mod.AltModifier, Mod.ShiftModifier,
                                            Mod.MetaModifier))
HELD = CTRL | ALT | SHIFT | META

# The keys a window manager, a desktop or the X server acts on, as (key, modifiers that must be
# held). Alt+Tab / Alt+Shift+Tab switch windows, Alt+F4 closes one, Alt+Esc / Ctrl+Esc /
# Ctrl+Shift+Esc open the window list, the start menu, the task manager; Ctrl+Alt+F1–F12 switch
# the virtual terminal, Ctrl+Alt+Backspace ends the X server, Ctrl+Alt+Del reboots or logs out;
# Ctrl+Q / Ctrl+W quit or close a window and F11 leaves full screen in many programs. The Win
# (Super/Meta) key, alone or with any key, and the Menu key are refused as a whole (WIN_KEYS).
SYSTEM_KEYS: tuple[tuple[int, int], ...] = (
    (Key.Key_Tab, ALT), (Key.Key_Backtab, ALT), (Key.Key_F4, ALT), (Key.Key_Escape, ALT), (Key.Key_Escape, CTRL),
    *((Key.Key_F1 + n, CTRL | ALT) for n in range(12)),
    (Key.Key_Delete, CTRL | ALT), (Key.Key_Backspace, CTRL | ALT),
    (Key.Key_Q, CTRL), (Key.Key_W, CTRL), (Key.Key_F11, 0),
)
_SYSTEM_BY_KEY: dict[int, tuple[int, ...]] = {
    int(k): tuple(mods for key, mods in SYSTEM_KEYS if key == k) for k, _mods in SYSTEM_KEYS}
WIN_KEYS = frozenset(int(k) for k in (Key.Key_Meta, Key.Key_Super_L, Key.Key_Super_R, Key.Key_Hyper_L,
                                      Key.Key_Hyper_R, Key.Key_Menu))
# Cut, copy and paste, whatever the platform's key bindings say (QKeyEvent.matches asks the
# platform theme at every key, a hundred times slower): the keyboards' own Copy, Cut and Paste
# keys (F16, F20, F18 on X11), then Ctrl+C/X/V and the Insert/Delete forms, with or without Shift.
CLIPBOARD_KEYS = frozenset(int(k) for k in (Key.Key_Copy, Key.Key_Cut, Key.Key_Paste, Key.Key_F16, Key.Key_F18,
                                            Key.Key_F20))
CLIPBOARD_COMBOS = frozenset((
    (int(Key.Key_C), CTRL), (int(Key.Key_X), CTRL), (int(Key.Key_V), CTRL),
    (int(Key.Key_Insert), CTRL), (int(Key.Key_Insert), SHIFT), (int(Key.Key_Delete), SHIFT),
))
KEY_EVENTS = frozenset((QEvent.Type.KeyPress, QEvent.Type.KeyRelease, QEvent.Type.ShortcutOverride))
MOUSE_EVENTS = frozenset((QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonRelease,
                          QEvent.Type.MouseButtonDblClick))
REFUSED = frozenset((QEvent.Type.ContextMenu, QEvent.Type.DragEnter, QEvent.Type.DragMove, QEvent.Type.Drop))
WATCHED = KEY_EVENTS | MOUSE_EVENTS | REFUSED


def system_key(event: QKeyEvent) -> bool:
    """``event`` is one of the keys a window manager or desktop acts on (:data:`SYSTEM_KEYS`)."""
    key, held = event.key(), event.modifiers().value & HELD
    if key in WIN_KEYS or held & META:
        return True
    return any(held & mods == mods for mods in _SYSTEM_BY_KEY.get(key, ()))


def clipboard_key(event: QKeyEvent) -> bool:
    """``event`` cuts, copies or pastes (Ctrl+C/X/V, Ctrl+Insert, Shift+Insert, Shift+Delete, the
    Copy, Cut and Paste keys)."""
    key, held = event.key(), event.modifiers().value & HELD
    return key in CLIPBOARD_KEYS or (key, held & ~SHIFT) in CLIPBOARD_COMBOS or (key, held) in CLIPBOARD_COMBOS


def refused(event: QEvent) -> bool:
    """What a resident's widget never receives: a context menu, a drag or drop, a paste by the
    middle button, a cut/copy/paste key or a system key (see the module's text)."""
    kind = event.type()
    if kind in REFUSED:
        return True
    if kind in MOUSE_EVENTS and isinstance(event, QMouseEvent):
        return event.button() == Qt.MouseButton.MiddleButton
    if kind in KEY_EVENTS and isinstance(event, QKeyEvent):
        return system_key(event) or clipboard_key(event)
    return False


def within(root: QWidget, obj: QObject) -> bool:
    """``obj`` is ``root``, one of its widgets, a window shown from one of them (a popup, a dialog,
    an editor), or ``root``'s own platform window when it is a window of its own."""
    if isinstance(obj, QWindow):
        return root.isWindow() and obj is root.windowHandle()
    widget = obj if isinstance(obj, QWidget) else None
    while widget is not None:
        if widget is root:
            return True
        widget = widget.parentWidget()
    return False


def clear_clipboard() -> None:
    """Both of the clipboard's places emptied: the clipboard and the X11 selection (PRIV-08)."""
    clipboard = QApplication.clipboard()
    clipboard.clear(QClipboard.Mode.Clipboard)
    if clipboard.supportsSelection():
        clipboard.clear(QClipboard.Mode.Selection)


class _Gate(QObject):
    """The one application-wide event filter behind every :class:`Lockdown`: installed once, it
    costs the same per event however many resident windows an application has made (a window
    that is never closed keeps no filter of its own running), and looks for the window an event
    belongs to only when the event is one it would refuse."""

    def __init__(self) -> None:
        super().__init__()
        self.locks: list[Lockdown] = []

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if not self.locks or event.type() not in WATCHED or not refused(event):
            return False
        self.locks = [lock for lock in self.locks if shiboken6.isValid(lock)]
        if not any(within(lock.root, watched) for lock in self.locks):
            return False
        if event.type() is QEvent.Type.ShortcutOverride:
            event.accept()  # no shortcut acts on it either; the key press that follows is refused
        return True


_gate: _Gate | None = None


def _the_gate() -> _Gate | None:
    global _gate
    app = QApplication.instance()
    if app is None:
        return None
    if _gate is None or not shiboken6.isValid(_gate):
        _gate = _Gate()
        app.installEventFilter(_gate)
    return _gate


def locked_roots() -> list[QWidget]:
    """The windows whose widgets are locked down now."""
    gate = _the_gate()
    return [] if gate is None else [lock.root for lock in gate.locks if shiboken6.isValid(lock)]


class Lockdown(QObject):
    """Keeps :func:`refused` input from ``root``'s widgets while ``root`` lives (a child of it),
    or until :meth:`stop`."""

    def __init__(self, root: QWidget) -> None:
        super().__init__(root)
        self.root = root
        gate = _the_gate()
        if gate is not None:
            gate.locks.append(self)

    def stop(self) -> None:
        gate = _the_gate()
        if gate is not None and self in gate.locks:
            gate.locks.remove(self)
