"""The public display (``kiosk display``): per counter, the number being called now in very large
type and the two called before it, the counter's place, and its name in Japanese with a second line
that goes through every shipped language in turn. Full screen, no window manager needed, no
pointer. Numbers come from the division stations' 呼び出し through the shared database
(LISTEN/NOTIFY on PostgreSQL, polling on SQLite); reading goes through the operations runner.
Nothing personal is shown: numbers, places and division names only."""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QFont
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QVBoxLayout, QWidget

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


def _label(text: str, size: float, colour: str = TEXT, *, bold: bool = False) -> QLabel:
    label = QLabel(text)
    font = QFont(label.font())
    font.setPixelSize(max(12, int(size)))
    font.setBold(bold)
    label.setFont(font)
    label.setStyleSheet(f"color:{colour};")
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setWordWrap(True)
    return label


class CounterPanel(QFrame):
    """One counter: place, names, the number being called and the ones before it."""

    def __init__(self, division: Division, unit: float) -> None:
        super().__init__()
        self.division = division
        self.setObjectName(f"counter-{division.id}")
        self.setStyleSheet(f"#counter-{division.id} {{ border: 3px solid #5a5a5a; border-radius: 8px; }}")
        layout = QVBoxLayout(self)
        self.place = _label(division.place_in("ja") or division.name_in("ja"), unit * 1.4, bold=True)
        self.name = _label(division.name_in("ja"), unit * 0.9)
        self.other = _label("", unit * 0.7)
        self.other.setObjectName(f"names-{division.id}")
        self.number = _label(i18n.plain(i18n.text("routing.display_none", "ja")), unit * 4.0, CALLED, bold=True)
        self.number.setObjectName(f"number-{division.id}")
        self.before = _label("", unit * 1.0)
        self.before.setObjectName(f"before-{division.id}")
        for widget in (self.place, self.name, self.other, self.number, self.before):
            layout.addWidget(widget)
        self.show_language(OTHER_LANGUAGES[0])

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
        self.title = _label(f"{i18n.plain(i18n.text('routing.display_title', 'ja'))}", unit * 1.2, bold=True)
        layout.addWidget(self.title)
        self.banner = _label(i18n.plain(i18n.text("db.unreachable", "ja")), unit * 0.6, CALLED)
        self.banner.hide()
        layout.addWidget(self.banner)
        grid = QGridLayout()
        columns = 4 if len(shown) > 6 else 3 if len(shown) > 2 else max(1, len(shown))
        self.panels: dict[str, CounterPanel] = {}
        for i, division in enumerate(shown):
            panel = CounterPanel(division, unit)
            grid.addWidget(panel, i // columns, i % columns)
            self.panels[division.id] = panel
        layout.addLayout(grid, 1)
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
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv)
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
