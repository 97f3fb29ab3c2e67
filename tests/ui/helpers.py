"""Helpers shared by the resident screens' tests: widgets hosted on their own, keys pressed on a
pad by touch or by arrows and Enter, a window filled with a catalogue sample household, the
reference family's player, the text a window shows and the input its widgets receive."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QInputEvent, QMouseEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QVBoxLayout, QWidget

from kiosk.household import Household
from kiosk.journey import CataloguePort
from kiosk.session import SOURCE_MANUAL
from kiosk.ui import reference
from kiosk.ui.autoplay import Autoplay
from kiosk.ui.keypads import Keypad
from kiosk.ui.operations import runner
from kiosk.ui.widgets import RubyButton, RubyLabel


def host(qtbot, *widgets: QWidget) -> QWidget:
    """``widgets`` one above the other in a shown window, once the runner's work is done (a
    picker's index is read off the GUI thread)."""
    window = QWidget()
    layout = QVBoxLayout(window)
    for widget in widgets:
        layout.addWidget(widget)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert runner().wait_idle(10_000)
    return window


def until(predicate, what: str, *, later: bool = True) -> None:
    """Let the runner's work and Qt's events go on until ``predicate()`` holds (about 7.5 s at
    most; ``later=False``: not waiting for the work made ahead, as :meth:`wait_idle` says)."""
    for _ in range(1500):
        runner().wait_idle(later=later)
        QApplication.processEvents()
        if predicate():
            return
        QTest.qWait(5)
    raise AssertionError(f"never: {what}")


def tap(qtbot, pad: Keypad, text: str) -> None:
    """Tap each key; a voiced kana is its plain kana then ゛ (or ゜)."""
    keys = {b.property("char"): b for b in pad.grid.cells.values()}
    for ch in text:
        if ch not in keys:
            base, mark = unicodedata.normalize("NFD", ch)
            qtbot.mouseClick(keys[base], Qt.MouseButton.LeftButton)
            ch = "゛" if mark == "\u3099" else "゜"
        qtbot.mouseClick(keys[ch], Qt.MouseButton.LeftButton)


def tap_ok(qtbot, pad: Keypad, text: str = "") -> None:
    """Tap each key of ``text`` (as :func:`tap`), then OK."""
    tap(qtbot, pad, text)
    qtbot.mouseClick(pad.ok, Qt.MouseButton.LeftButton)


def key_kana(pad: Keypad, text: str) -> None:
    """Arrow keys over the pad, Enter on each key (no touch)."""
    where = {b.property("char"): pos for pos, b in pad.grid.cells.items()}
    pad.grid.cells[(0, 0)].setFocus()
    for ch in text:
        row, col = where[ch]
        for _ in range(30):
            r, c = next(p for p, b in pad.grid.cells.items() if b is pad.focusWidget())
            if (r, c) == (row, col):
                break
            key = Qt.Key.Key_Down if r < row else Qt.Key.Key_Up if r > row else (
                Qt.Key.Key_Right if c < col else Qt.Key.Key_Left)
            QTest.keyClick(pad.focusWidget(), key)
        QTest.keyClick(pad.focusWidget(), Qt.Key.Key_Return)
    assert pad.value == text


def fill_sample(window, port: CataloguePort, sample: str, lang: str, *, typed_by_hand: bool = True) -> None:
    """The catalogue's ``sample`` household answered and confirmed in ``lang`` (its members typed
    by hand unless ``typed_by_hand`` is false); the notice is not yet acknowledged."""
    session = window.journey.session
    window.journey.choose_language(lang)
    household = Household.from_dict(port.catalogue.samples[sample])
    session.answers.update(household.answers)
    session.members[:] = household.members
    if typed_by_hand:
        for member in session.members:
            member.source = SOURCE_MANUAL
    session.members_confirmed = True


def reference_player(setup, lang: str = "ja", **options: Any) -> Autoplay:
    """A player of the reference family on ``setup``'s window: its cards, the children typed by
    hand, the new address typed (``options`` override or add to these)."""
    family = reference.household()
    settings: dict[str, Any] = {
        "cards": list(setup.cards), "manual": reference.manual_people(family, len(setup.cards)),
        "typed": reference.NEW_ADDRESS, "simulator": setup.simulator, "lang": lang,
    }
    settings.update(options)
    return Autoplay(setup.kiosk.window, family, **settings)


def screen_text(window) -> str:
    """Every text and accessible name of the window's labels and buttons."""
    parts = []
    for w in window.findChildren(QLabel) + window.findChildren(QAbstractButton) + window.findChildren(RubyLabel):
        parts += [w.text(), w.accessibleName()]
    return "\n".join(parts)


def shown_text(window) -> str:
    """The texts of the window's labels and buttons on show (what the resident or staff read)."""
    shown = [w for w in window.findChildren(QLabel) + window.findChildren(QAbstractButton) if w.isVisible()]
    rubies = [w.text() for w in window.findChildren(RubyLabel) if w.isVisible()]
    return "\n".join([w.text() for w in shown] + rubies)


def shown_kiosk(qtbot, settings: dict[str, Any], made: list[Any]) -> Any:
    """The resident kiosk as ``kiosk run`` builds it from ``settings`` (a configuration file's
    tables), without catalogue, printer or card, shown at 1280×900; its window. The kiosk goes into
    ``made`` for the caller to shut down."""
    from kiosk.config import from_mapping
    from kiosk.ui.app import build

    kiosk = build(from_mapping(settings), catalogue=None, output=None, card=False, dpi=96.0)
    made.append(kiosk)
    window = kiosk.window
    window.resize(1280, 900)
    window.show()
    qtbot.waitExposed(window)
    return window


KANJI = re.compile(r"[\u4e00-\u9fff]")


def bare_kanji_buttons(window: QWidget) -> list[str]:
    """The texts of the shown buttons that draw no furigana yet show a kanji (A11Y-14 in
    やさしい日本語; data such as names and place names aside, which callers leave out)."""
    out = []
    for b in window.findChildren(QAbstractButton):
        if not b.isVisibleTo(window):
            continue
        if isinstance(b, RubyButton) and b.ruby is not None and b.ruby.isVisibleTo(b):
            continue
        if KANJI.search(b.text()):
            out.append(b.text())
    return out


class InputSeen(QObject):
    """Every input a window's widgets receive while installed as the application's event filter:
    (kind, timestamp) once per input, however many widgets it was offered to. A mouse moved with
    no button held is not input (the pointer passing over)."""

    KINDS = {
        QEvent.Type.MouseButtonPress: "press", QEvent.Type.MouseButtonRelease: "release",
        QEvent.Type.MouseButtonDblClick: "double", QEvent.Type.MouseMove: "drag",
        QEvent.Type.TouchBegin: "touch", QEvent.Type.TouchUpdate: "touch", QEvent.Type.TouchEnd: "touch",
        QEvent.Type.KeyPress: "key", QEvent.Type.Gesture: "gesture", QEvent.Type.Wheel: "wheel",
    }

    def __init__(self, window: QWidget) -> None:
        super().__init__()
        self.window = window
        self.seen: dict[tuple[str, int], None] = {}

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt naming
        kind = self.KINDS.get(event.type())
        if kind is None or not isinstance(watched, QWidget):
            return False
        if not (watched is self.window or self.window.isAncestorOf(watched)):
            return False
        if isinstance(event, QMouseEvent) and kind == "drag" and event.buttons() == Qt.MouseButton.NoButton:
            return False
        stamp = event.timestamp() if isinstance(event, QInputEvent) else 0
        self.seen[(kind, stamp)] = None
        return False

    @property
    def kinds(self) -> list[str]:
        return [kind for kind, _stamp in self.seen]
