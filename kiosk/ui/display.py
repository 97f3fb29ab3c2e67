"""The public display (``kiosk display``): per counter, the number being called now in very large
type and the two called before it, the counter's place, and its name in Japanese with a second line
that goes through every shipped language in turn. Full screen, no window manager needed, no
pointer. Numbers come from the division stations' 呼び出し through the shared database
(LISTEN/NOTIFY on PostgreSQL, polling on SQLite); reading goes through the operations runner.
Nothing personal is shown: numbers, places and division names only."""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QFont, QFontMetrics, QResizeEvent
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QLayout, QVBoxLayout, QWidget

from kiosk import i18n
from kiosk.config import SHIPPED_LANGUAGES
from kiosk.errors import DatabaseUnreachable
from kiosk.log import get_logger
from kiosk.routing import queue
from kiosk.routing.divisions import Division, Divisions
from kiosk.routing.listen import QueueEvent, QueueEventKind, QueueListener
from kiosk.routing.queue import Ticket
from kiosk.storage.database import Database
from kiosk.ui.operations import Reload

LOG = get_logger(__name__)
BACKGROUND, TEXT, CALLED = "#0a0a0a", "#ffffff", "#ffd200"  # contrast well above 7:1
OTHER_LANGUAGES = tuple(lang for lang in SHIPPED_LANGUAGES if lang != "ja")


# A counter's lines in type units: place, name, the name in another language (up to four lines:
# the longest languages wrap), the number called, the ones before it. The title takes TITLE.
LINES = {"place": 1.4, "name": 0.9, "other": 0.7, "number": 4.0, "before": 1.0}
OTHER_LINES = 4
TITLE = 1.2
PANEL_PX = 60  # a counter's frame, margins and spacing between its lines
WINDOW_PX = 48  # the window's margins and the room between the title and the counters


def _label(text: str, size: float, colour: str = TEXT, *, bold: bool = False) -> QLabel:
    label = QLabel(text)
    font = QFont(label.font())
    font.setBold(bold)
    label.setFont(font)
    _size(label, size)
    label.setStyleSheet(f"color:{colour};")
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setWordWrap(True)
    return label


def _size(label: QLabel, px: float) -> None:
    font = QFont(label.font())
    font.setPixelSize(max(12, int(px)))
    label.setFont(font)


def grid_shape(count: int, portrait: bool) -> tuple[int, int]:
    """(columns, rows) of ``count`` counters: four (three, fewer) across a landscape screen, two
    across a portrait one."""
    if portrait:
        columns = 2 if count > 2 else 1
    else:
        columns = 4 if count > 6 else 3 if count > 2 else max(1, count)
    return columns, max(1, -(-count // columns))


def fitted_unit(height: int, rows: int, line: float) -> float:
    """The largest type unit whose ``rows`` of counters and title fit ``height`` px (``line``: a
    line's height per px of type)."""
    per_row = (sum(LINES.values()) + LINES["other"] * (OTHER_LINES - 1)) * line
    return max(1.0, (height - WINDOW_PX - rows * PANEL_PX) / (rows * per_row + TITLE * line))


class CounterPanel(QFrame):
    """One counter: place, names, the number being called and the ones before it."""

    def __init__(self, division: Division, unit: float) -> None:
        super().__init__()
        self.division = division
        self.setObjectName(f"counter-{division.id}")
        self.setStyleSheet(f"#counter-{division.id} {{ border: 3px solid #5a5a5a; border-radius: 8px; }}")
        layout = QVBoxLayout(self)
        self.place = _label(division.place_in("ja") or division.name_in("ja"), unit * LINES["place"], bold=True)
        self.name = _label(division.name_in("ja"), unit * LINES["name"])
        self.other = _label("", unit * LINES["other"])
        self.other.setObjectName(f"names-{division.id}")
        self.number = _label(i18n.plain(i18n.text("routing.display_none", "ja")), unit * LINES["number"], CALLED,
                             bold=True)
        self.number.setObjectName(f"number-{division.id}")
        self.before = _label("", unit * LINES["before"])
        self.before.setObjectName(f"before-{division.id}")
        for widget in (self.place, self.name, self.other, self.number, self.before):
            layout.addWidget(widget)
        self.show_language(OTHER_LANGUAGES[0])

    def set_unit(self, unit: float) -> None:
        for key, label in zip(LINES, (self.place, self.name, self.other, self.number, self.before), strict=True):
            _size(label, unit * LINES[key])

    def show_language(self, lang: str) -> None:
        place = self.division.place_in(lang)
        self.other.setText(f"{place}　{self.division.name_in(lang)}".strip() if place else self.division.name_in(lang))
        self.other.setProperty("lang", lang)

    def show_called(self, called: list[Ticket]) -> None:
        none = i18n.plain(i18n.text("routing.display_none", "ja"))
        self.number.setText(str(called[0].number) if called else none)
        self.before.setText("  ".join(str(t.number) for t in called[1:]))


class DisplayWindow(QWidget):
    _event = Signal(object)

    def __init__(self, db: Database, divisions: Divisions, *, only: tuple[str, ...] = (), fullscreen: bool = True,
                 rotate_seconds: float = 4.0, poll_seconds: float = 1.0, unit: float = 40.0) -> None:
        super().__init__()
        self.db = db
        self.setObjectName("PublicDisplay")
        self.setStyleSheet(f"#PublicDisplay {{ background:{BACKGROUND}; }}")
        self.setAutoFillBackground(True)
        self.setCursor(Qt.CursorShape.BlankCursor)
        self.setWindowTitle(i18n.plain(i18n.text("routing.display_title", "ja")))
        shown = [d for d in sorted(divisions.by_id.values(), key=lambda d: d.sort_key) if not only or d.id in only]
        layout = QVBoxLayout(self)
        layout.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)  # the type follows the size, not the reverse
        self.unit = unit  # the type unit at most (a window too small for it: smaller, resizeEvent)
        self.title = _label(f"{i18n.plain(i18n.text('routing.display_title', 'ja'))}", unit * TITLE, bold=True)
        layout.addWidget(self.title)
        self.banner = _label(i18n.plain(i18n.text("db.unreachable", "ja")), unit * 0.6, CALLED)
        self.banner.hide()
        layout.addWidget(self.banner)
        self.grid = QGridLayout()
        self.panels: dict[str, CounterPanel] = {}
        for division in shown:
            self.panels[division.id] = CounterPanel(division, unit)
        self._shape = (0, 0)
        self._arrange(portrait=False)
        layout.addLayout(self.grid, 1)
        self.language_index = 0
        self.rotation = QTimer(self)
        self.rotation.setInterval(int(rotate_seconds * 1000))
        self.rotation.timeout.connect(self.rotate)
        self.rotation.start()
        self._reload = Reload(lambda: queue.called_numbers(db), self._loaded, self._failed, owner=self)
        self._event.connect(self._on_event)
        self.listener = QueueListener(db, self._relay, poll_seconds=poll_seconds)
        self.listener.start()
        if fullscreen:
            self.showFullScreen()

    def _arrange(self, *, portrait: bool) -> None:
        shape = grid_shape(len(self.panels), portrait)
        if shape == self._shape:
            return
        self._shape = shape
        for i, panel in enumerate(self.panels.values()):
            self.grid.addWidget(panel, i // shape[0], i % shape[0])

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt naming
        """Two counters across a portrait screen; type that lets every row fit the height."""
        super().resizeEvent(event)
        self._arrange(portrait=self.height() > self.width())
        line = QFontMetrics(self.title.font()).lineSpacing() / max(1, self.title.font().pixelSize())
        unit = min(self.unit, fitted_unit(self.height(), self._shape[1], line))
        _size(self.title, unit * TITLE)
        _size(self.banner, unit * 0.6)
        for panel in self.panels.values():
            panel.set_unit(unit)

    def rotate(self) -> None:
        """The names' second line moves on to the next shipped language."""
        self.language_index = (self.language_index + 1) % len(OTHER_LANGUAGES)
        for panel in self.panels.values():
            panel.show_language(OTHER_LANGUAGES[self.language_index])

    def _relay(self, event: QueueEvent) -> None:
        if shiboken6.isValid(self):
            self._event.emit(event)

    def _on_event(self, event: QueueEvent) -> None:
        if event.kind in (QueueEventKind.CALLED, QueueEventKind.RESYNC):
            self.reload()

    def reload(self) -> None:
        self._reload.start()

    def _loaded(self, called: dict[str, list[Ticket]]) -> None:
        self.banner.hide()
        for division, panel in self.panels.items():
            panel.show_called(called.get(division, []))

    def _failed(self, error: Exception) -> None:
        if not isinstance(error, DatabaseUnreachable):
            LOG.error("display: %s", type(error).__name__)
        self.banner.show()  # the listener reconnects; its RESYNC reads the numbers again

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt naming
        self.stop()
        super().closeEvent(event)

    def stop(self) -> None:
        self.rotation.stop()
        self.listener.stop()


def display_unit(height: int) -> float:
    """The type unit on a screen ``height`` px high: 27 units to the screen's height."""
    return height / 27


def run_display(db: Database, divisions: Divisions, *, only: tuple[str, ...] = (), fullscreen: bool = True) -> int:
    import sys

    from PySide6.QtGui import QGuiApplication

    from kiosk.ui.app import application

    app = application(sys.argv)  # runs for days: its memory and garbage as every station's
    screen = QGuiApplication.primaryScreen()
    unit = display_unit(screen.geometry().height()) if screen is not None else 40.0
    window = DisplayWindow(db, divisions, only=only, fullscreen=fullscreen, unit=unit)
    if not fullscreen:
        window.resize(1280, 720)
        window.show()
    from kiosk.ui.supervision import exec_supervised

    try:  # SEC-02: READY=1, STATUS and watchdog pings to the supervisor; one screen, the numbers
        return exec_supervised(app, window, None, app_name="display", screen_name=lambda _window: "numbers")
    finally:
        window.stop()
