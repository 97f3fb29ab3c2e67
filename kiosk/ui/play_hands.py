"""What a resident's hands do on a window, for the players that drive the real widgets (QTest):
find a button, click it (by mouse, or Tab then Enter when playing by keys alone), press a key,
type on a pad, choose a day on the date picker, take a screenshot; and the small pieces the
counter's player (``kiosk.ui.counter.autoplay``) and ``bench/`` reuse: :func:`pump_events`,
:func:`wait_until`, :class:`PlayError`, :class:`ManualPerson`, :func:`household_answer`, :data:`PIN`.
No decision about the journey is taken here."""

from __future__ import annotations

import datetime as dt
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QPushButton, QWidget

from kiosk.ui.date_picker import DatePicker

PIN = "1234"


class PlayError(RuntimeError):
    """The journey did not go where the household says it should."""


@dataclass
class ManualPerson:
    """What the resident types by hand for a member without a card (invented data)."""

    birth_date: dt.date
    sex: str  # "1" male, "2" female
    values: dict[str, str] = field(default_factory=dict)  # field id → text typed on the review screen
    chosen: dict[str, str] = field(default_factory=dict)  # field id → the candidate chosen after typing
    birth_typed: bool = False  # the birth date typed on the date pad (YYYYMMDD) rather than chosen in steps


def pump_events(seconds: float = 0.0) -> None:
    """Deliver Qt's events for ``seconds`` (at least once) as ``exec()`` would, deferred deletions
    included."""
    end = time.monotonic() + seconds
    while True:
        QApplication.processEvents()
        # What exec() would do between events: delete the widgets handed to deleteLater().
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        if time.monotonic() >= end:
            return
        time.sleep(0.005)


def wait_until(predicate: Callable[[], bool], what: str, timeout: float, pump: Callable[[float], None],
               where: Callable[[], str]) -> None:
    """Pump events until ``predicate`` holds; :class:`PlayError` naming ``what`` and the screen
    (``where``) after ``timeout`` seconds."""
    end = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > end:
            raise PlayError(f"timed out waiting for {what} (on {where()})")
        pump(0.01)


def household_answer(household: dict[str, Any], qid: str, person: int | None) -> Any:
    """The answer the household file gives to question ``qid`` (of member ``person``), or None."""
    if person is None:
        return household.get("answers", {}).get(qid)
    persons = household.get("persons", [])
    return persons[person].get("answers", {}).get(qid) if person < len(persons) else None


@dataclass
class Played:
    """What a play leaves behind: screenshots, time on each screen and per switch, the sheets."""

    shots: list[Path] = field(default_factory=list)
    transitions: list[tuple[str, float]] = field(default_factory=list)  # (screen, seconds shown)
    switches: list[tuple[str, float]] = field(default_factory=list)  # ("a→b", ms from input to new screen)
    record: Any = None
    sheets: list[tuple[str, bytes]] = field(default_factory=list)
    guide: bytes | None = None
    sheet_ids: list[str] = field(default_factory=list)  # ids only, for the issued-sheet record


class Hands:
    """Input on the kiosk window ``window`` as a resident gives it; what was clicked and shot is
    kept in :attr:`played`."""

    def __init__(self, window: Any, *, shots: Path | None = None, timeout: float = 30.0, keys: bool = False,
                 on_screen: Callable[[str], None] | None = None) -> None:
        self.w = window
        self.shots = shots
        self.timeout = timeout
        self.on_screen = on_screen  # called with the screen's name at every screenshot point
        self.keys = keys  # operate by keyboard alone: Tab to the control, then Enter (A11Y-10)
        self.key_presses = 0
        self.played = Played()
        self._n = 0

    def pump(self, seconds: float = 0.0) -> None:
        pump_events(seconds)

    def wait(self, predicate: Callable[[], bool], what: str, timeout: float | None = None) -> None:
        wait_until(predicate, what, timeout or self.timeout, self.pump, lambda: self.w.journey.screen.value)

    def find(self, name: str, root: QWidget | None = None) -> QPushButton:
        root = root or self.w.current_screen()
        for b in root.findChildren(QPushButton, name):
            if b.isVisibleTo(self.w) and b.isEnabled():
                return b
        raise PlayError(f"no button {name!r} on {self.w.journey.screen.value}")

    def click(self, widget: QPushButton) -> None:
        if not widget.isEnabled():
            raise PlayError(f"{widget.objectName() or widget.text()} is disabled")
        j = self.w.journey
        before, detail, started = j.screen, j.detail, time.perf_counter()
        self._click(widget)
        if (j.screen, j.detail) != (before, detail):
            self.played.switches.append((f"{before.value}→{j.screen.value}", (time.perf_counter() - started) * 1000))

    def _click(self, widget: QPushButton) -> None:
        if not self.keys:
            QTest.mouseClick(widget, Qt.MouseButton.LeftButton)
            self.pump()
            return
        if widget.focusPolicy() == Qt.FocusPolicy.NoFocus:
            raise PlayError(f"{widget.objectName() or widget.text()} cannot be reached by keys")
        for _ in range(400):
            if QApplication.focusWidget() is widget:
                break
            self.press(Qt.Key.Key_Tab)
        else:
            raise PlayError(f"Tab never reached {widget.objectName() or widget.text()}")
        self.press(Qt.Key.Key_Return)

    def press(self, key: Qt.Key, text: str = "") -> None:
        target = QApplication.focusWidget() or self.w
        QTest.keyClick(target, key)
        self.key_presses += 1
        self.pump()

    def type_pin(self, screen: Any, pin: str) -> None:
        if not self.keys:
            for digit in pin:
                self.click(screen.pin.keys[digit])
            self.click(screen.pin.keys["ok"])
            return
        if QApplication.focusWidget() is not screen.pin:
            raise PlayError("the PIN pad does not have the keyboard focus")
        for digit in pin:
            self.press(getattr(Qt.Key, f"Key_{digit}"))
        self.press(Qt.Key.Key_Enter)

    def shot(self, name: str) -> None:
        self.pump(0.05)
        if self.on_screen is not None:
            self.on_screen(name)
        if self.shots is None:
            return
        self._n += 1
        path = self.shots / f"{self._n:02d}-{name}.png"
        self.w.grab().save(str(path))
        self.played.shots.append(path)

    def type_on_pad(self, pad: Any, text: str, ok: bool = True) -> None:
        from kiosk.ui.keypads import KanaPad

        if self.keys and not isinstance(pad, KanaPad) and text.isascii():
            if not pad.isAncestorOf(QApplication.focusWidget()):
                self.click(next(iter(pad.grid.cells.values())))  # Tab into the pad
                self.press(Qt.Key.Key_Backspace)  # the Enter above typed that key
            for ch in text:
                focus = QApplication.focusWidget()
                if focus is None:
                    raise PlayError("nothing has the keyboard focus")
                QTest.keyClicks(focus, ch)
                self.key_presses += 1
            self.pump()
            if ok:
                self.click(pad.ok)
            return
        for ch in text:
            keys = [ch] if len(unicodedata.normalize("NFD", ch)) == 1 else list(unicodedata.normalize("NFD", ch))
            for k in keys:  # a voiced kana: its plain kana, then ゛ or ゜
                k = {"\u3099": "゛", "\u309a": "゜"}.get(k, k)
                key = next((b for b in pad.grid.cells.values() if b.property("char") == k), None)
                if key is None:
                    raise PlayError(f"no key {ch!r} on the pad")
                self.click(key)
        if ok:
            self.click(pad.ok)

    def choose_date(self, day: dt.date, *, typed: bool = False, root: QWidget | None = None) -> None:
        """A day on the date picker: its decade, year, month and day tapped in turn; or (``typed``)
        "数字で入力" and the date typed on the pad."""
        where = root or self.w.current_screen()
        picker = next((p for p in where.findChildren(DatePicker) if p.isVisibleTo(self.w)), None)
        if picker is None:
            raise PlayError(f"no date picker on {self.w.journey.screen.value}")
        if typed or picker.typing:
            if not picker.typing:
                self.click(self.find("date-type", picker))
            self.type_on_pad(picker.pad, day.strftime("%Y%m%d"))
            return
        for value in (day.year - day.year % 10, day.year, day.month, day.day):
            self.click(self.find(f"date-{value}", root))
