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

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QClipboard, QKeyEvent, QKeySequence, QMouseEvent, QWindow
from PySide6.QtWidgets import QApplication, QWidget

Key = Qt.Key
Mod = Qt.KeyboardModifier

# The keys a window manager, a desktop or the X server acts on, as (key, modifiers that must be
# held). Alt+Tab / Alt+Shift+Tab switch windows, Alt+F4 closes one, Alt+Esc / Ctrl+Esc /
# Ctrl+Shift+Esc open the window list, the start menu, the task manager; Ctrl+Alt+F1–F12 switch
# the virtual terminal, Ctrl+Alt+Backspace ends the X server, Ctrl+Alt+Del reboots or logs out;
# Ctrl+Q / Ctrl+W quit or close a window and F11 leaves full screen in many programs. The Win
# (Super/Meta) key, alone or with any key, and the Menu key are refused as a whole (WIN_KEYS).
SYSTEM_KEYS: tuple[tuple[Key, Mod], ...] = (
    (Key.Key_Tab, Mod.AltModifier), (Key.Key_Backtab, Mod.AltModifier),
    (Key.Key_F4, Mod.AltModifier), (Key.Key_Escape, Mod.AltModifier), (Key.Key_Escape, Mod.ControlModifier),
    *((Key(Key.Key_F1.value + n), Mod.ControlModifier | Mod.AltModifier) for n in range(12)),
    (Key.Key_Delete, Mod.ControlModifier | Mod.AltModifier),
    (Key.Key_Backspace, Mod.ControlModifier | Mod.AltModifier),
    (Key.Key_Q, Mod.ControlModifier), (Key.Key_W, Mod.ControlModifier),
    (Key.Key_F11, Mod.NoModifier),
)
WIN_KEYS = frozenset((Key.Key_Meta, Key.Key_Super_L, Key.Key_Super_R, Key.Key_Hyper_L, Key.Key_Hyper_R,
                      Key.Key_Menu))
CLIPBOARD_KEYS = (QKeySequence.StandardKey.Copy, QKeySequence.StandardKey.Cut, QKeySequence.StandardKey.Paste)
# The same whatever the platform's key bindings say: Ctrl+C/X/V and the Insert/Delete forms.
CLIPBOARD_COMBOS = frozenset((
    (Key.Key_C, Mod.ControlModifier), (Key.Key_X, Mod.ControlModifier), (Key.Key_V, Mod.ControlModifier),
    (Key.Key_Insert, Mod.ControlModifier), (Key.Key_Insert, Mod.ShiftModifier),
    (Key.Key_Delete, Mod.ShiftModifier),
))
KEY_EVENTS = frozenset((QEvent.Type.KeyPress, QEvent.Type.KeyRelease, QEvent.Type.ShortcutOverride))
MOUSE_EVENTS = frozenset((QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonRelease,
                          QEvent.Type.MouseButtonDblClick))
REFUSED = frozenset((QEvent.Type.ContextMenu, QEvent.Type.DragEnter, QEvent.Type.DragMove, QEvent.Type.Drop))
WATCHED = KEY_EVENTS | MOUSE_EVENTS | REFUSED
HELD = Mod.ControlModifier | Mod.AltModifier | Mod.ShiftModifier | Mod.MetaModifier


def system_key(event: QKeyEvent) -> bool:
    """``event`` is one of the keys a window manager or desktop acts on (:data:`SYSTEM_KEYS`)."""
    key, held = event.key(), event.modifiers() & HELD
    if key in WIN_KEYS or held & Mod.MetaModifier:
        return True
    for k, mods in SYSTEM_KEYS:
        if key == k and (held & mods) == mods:
            return True
    return False


def clipboard_key(event: QKeyEvent) -> bool:
    """``event`` cuts, copies or pastes (Ctrl+C/X/V, Ctrl+Insert, Shift+Insert, Shift+Delete)."""
    held = event.modifiers() & HELD
    if (event.key(), held & ~Mod.ShiftModifier) in CLIPBOARD_COMBOS or (event.key(), held) in CLIPBOARD_COMBOS:
        return True
    return any(event.matches(sequence) for sequence in CLIPBOARD_KEYS)


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


class Lockdown(QObject):
    """The application's event filter that keeps :func:`refused` input from ``root``'s widgets;
    installed while ``root`` lives (a child of it), or until :meth:`stop`."""

    def __init__(self, root: QWidget) -> None:
        super().__init__(root)
        self.root = root
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() not in WATCHED or not refused(event) or not within(self.root, watched):
            return False
        if event.type() is QEvent.Type.ShortcutOverride:
            event.accept()  # no shortcut acts on it either; the key press that follows is refused
        return True

    def stop(self) -> None:
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
