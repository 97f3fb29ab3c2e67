"""A division's station (``kiosk clerk --division ID``): the day's queue of that division —
waiting number, state (待ち / 対応中 / 完了), forms, the resident's next place — with 呼び出し,
対応開始 and 完了 by touch and by keys (↑↓ to choose, F5 / F6 / F7, or Tab to a button and Space).

The queue shows no personal data (numbers, form titles, places). A :class:`QueueListener` brings
changes from other processes (LISTEN/NOTIFY, polling on SQLite); every database call runs through
the operations runner; when the database cannot be reached a banner says so, the list keeps its
last state, and a health probe brings the station back by itself. The station also purges received
data whose retention has ended, at start and every ``purge_seconds``.
"""

from __future__ import annotations

from collections.abc import Callable

import shiboken6
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kiosk import i18n
from kiosk.catalogue.model import Catalogue, localized
from kiosk.errors import DatabaseUnreachable, KioskError
from kiosk.log import get_logger
from kiosk.routing import queue
from kiosk.routing.divisions import Division, Divisions
from kiosk.routing.listen import QueueEvent, QueueEventKind, QueueListener
from kiosk.routing.queue import Ticket
from kiosk.storage.database import Database
from kiosk.ui.clerk.common import COLOURS, DB_UNREACHABLE
from kiosk.ui.clerk.health import DatabaseHealth
from kiosk.ui.operations import runner

LOG = get_logger(__name__)
BASE_PX = 22
STATE_KEYS = {queue.ARRIVED: "routing.state_arrived", queue.IN_PROGRESS: "routing.state_in_progress",
              queue.DONE: "routing.state_done"}
ACTIONS = (("call", "routing.call", Qt.Key.Key_F5), ("take", "routing.take", Qt.Key.Key_F6),
           ("done", "routing.done", Qt.Key.Key_F7))


class DivisionWindow(QWidget):
    _event = Signal(object)  # from the listener's thread, delivered on the GUI thread

    def __init__(self, db: Database, catalogue: Catalogue, division: str, *, station_id: str, lang: str = "ja",
                 fullscreen: bool = False, health_probe_seconds: int = 5, purge_seconds: int = 600,
                 poll_seconds: float = 1.0) -> None:
        super().__init__()
        self.db = db
        self.catalogue = catalogue
        self.divisions = Divisions.of(catalogue)
        found = self.divisions.get(division)
        if found is None:
            raise KioskError(f"unknown division {division}", key="routing.error")
        self.division: Division = found
        self.station_id = station_id
        self.lang = lang
        self.tickets: list[Ticket] = []
        self.items: dict[int, QTreeWidgetItem] = {}
        self._loading = False
        self._reload_again = False
        self._busy = False
        self.setWindowTitle(self.t("routing.title", division=self.division.name_in("ja")))
        self._build()
        self.health = DatabaseHealth(db, health_probe_seconds, self)
        self.health.recovered.connect(self._recovered)
        self._event.connect(self._on_event)
        self.purge_timer = QTimer(self)
        self.purge_timer.setInterval(max(1, purge_seconds) * 1000)
        self.purge_timer.timeout.connect(self.purge)
        self.purge_timer.start()
        self.listener = QueueListener(db, self._relay, poll_seconds=poll_seconds)
        self.listener.start()
        self.purge()
        self.reload()
        if fullscreen:
            self.showFullScreen()

    # Text -------------------------------------------------------------------------------------
    def t(self, key: str, **params: object) -> str:
        """Japanese first; the interface language after it when it differs."""
        ja = i18n.plain(i18n.text(key, "ja", **params))
        if self.lang in ("ja", "ja-easy"):
            return ja
        return f"{ja} / {i18n.plain(i18n.text(key, self.lang, **params))}"

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        base = QFont(self.font())
        base.setPixelSize(BASE_PX)  # read at arm's length, touched with a finger
        self.setFont(base)
        title = QLabel(f"{self.t('routing.title', division=self.division.name_in('ja'))}　{self.division.place_in('ja')}")
        title.setObjectName("Title")
        font = QFont(base)
        font.setPixelSize(BASE_PX * 3 // 2)
        font.setBold(True)
        title.setFont(font)
        layout.addWidget(title)
        self.banner = QLabel("")
        self.banner.setObjectName("DivisionBanner")
        self.banner.setWordWrap(True)
        background, colour = COLOURS[DB_UNREACHABLE]
        self.banner.setStyleSheet(f"background:{background}; color:{colour}; padding:12px; font-weight:bold;")
        self.banner.hide()
        layout.addWidget(self.banner)
        self.tree = QTreeWidget()
        self.tree.setObjectName("DivisionQueue")
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        self.tree.header().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.tree.header().setStretchLastSection(True)
        self.tree.setHeaderLabels([self.t(k) for k in ("routing.col_number", "routing.col_state", "routing.col_forms",
                                                       "routing.col_next")])
        self.tree.setAccessibleName(self.t("routing.title", division=self.division.name_in("ja")))
        self.tree.currentItemChanged.connect(lambda *_: self._enable())
        layout.addWidget(self.tree, 1)
        self.empty = QLabel(self.t("routing.empty"))
        layout.addWidget(self.empty)
        row = QHBoxLayout()
        self.buttons: dict[str, QPushButton] = {}
        for action, key, shortcut in ACTIONS:
            button = QPushButton(f"{self.t(key)} ({QKeySequence(shortcut).toString()})")
            button.setObjectName(f"division-{action}")
            button.setMinimumHeight(56)
            button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # Tab reaches it; Space presses it
            button.setAccessibleName(self.t(key))
            button.clicked.connect(self._acting(action))
            keys = QShortcut(QKeySequence(shortcut), self)
            keys.activated.connect(self._acting(action))
            row.addWidget(button)
            self.buttons[action] = button
        layout.addLayout(row)
        self.message = QLabel("")
        self.message.setObjectName("DivisionMessage")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        hint = QLabel(self.t("routing.keys"))
        hint.setWordWrap(True)
        layout.addWidget(hint)
        self.tree.setFocus()
        self._enable()

    # Reading ----------------------------------------------------------------------------------
    def _relay(self, event: QueueEvent) -> None:
        if shiboken6.isValid(self):
            self._event.emit(event)

    def _on_event(self, event: QueueEvent) -> None:
        if event.kind is QueueEventKind.RESYNC or event.division == self.division.id:
            self.reload()

    def reload(self) -> None:
        if self._loading:
            self._reload_again = True
            return
        self._loading = True
        db, division = self.db, self.division.id
        runner().run(lambda: queue.division_queue(db, division), self._loaded, self._failed, owner=self)

    def _loaded(self, tickets: list[Ticket]) -> None:
        self._loading = False
        self.health.answered()
        self.banner.hide()
        self.tickets = tickets
        self._render()
        if self._reload_again:
            self._reload_again = False
            self.reload()

    def _failed(self, error: Exception) -> None:
        self._loading = self._busy = False
        if self._reload_again:
            self._reload_again = False
        if isinstance(error, DatabaseUnreachable):
            self.health.lost()
            self.banner.setText(self.t("routing.db_lost"))
            self.banner.show()
        elif isinstance(error, KioskError):
            self.message.setText(self.t(error.key, **error.params))
        else:
            LOG.error("division station: %s", type(error).__name__)
            self.message.setText(self.t("routing.error"))
        self._enable()

    def _recovered(self) -> None:
        self.banner.hide()
        self.reload()

    def _next_text(self, t: Ticket) -> str:
        nxt = self.divisions.get(t.next_division) if t.next_division else None
        if nxt is None:
            return self.t("routing.next_none")
        return self.t("routing.next", place=f"{nxt.place_in('ja')} {nxt.name_in('ja')}".strip())

    def _forms_text(self, t: Ticket) -> str:
        titles = []
        for form_id in t.forms:
            form = self.catalogue.forms.get(form_id)
            titles.append(localized(form.title, "ja") if form is not None else form_id)
        return "、".join(titles)

    def _render(self) -> None:
        current = self.current()
        keep = current.id if current is not None else None
        self.tree.clear()
        self.items = {}
        for t in self.tickets:
            item = QTreeWidgetItem([str(t.number), self.t(STATE_KEYS.get(t.state, "routing.state_arrived")),
                                    self._forms_text(t), self._next_text(t)])
            item.setData(0, Qt.ItemDataRole.UserRole, t.id)
            self.tree.addTopLevelItem(item)
            self.items[t.id] = item
        waiting = [t for t in self.tickets if t.state != queue.DONE]
        self.empty.setVisible(not waiting)
        chosen = self.items.get(keep) if keep is not None else None
        if chosen is None and waiting:
            chosen = self.items[waiting[0].id]
        if chosen is not None:
            self.tree.setCurrentItem(chosen)
        self._enable()

    def current(self) -> Ticket | None:
        item = self.tree.currentItem()
        if item is None:
            return None
        ticket_id = item.data(0, Qt.ItemDataRole.UserRole)
        return next((t for t in self.tickets if t.id == ticket_id), None)

    def _enable(self) -> None:
        t = self.current()
        state = t.state if t is not None else ""
        self.buttons["call"].setEnabled(not self._busy and state in (queue.ARRIVED, queue.IN_PROGRESS))
        self.buttons["take"].setEnabled(not self._busy and state == queue.ARRIVED)
        self.buttons["done"].setEnabled(not self._busy and state in (queue.ARRIVED, queue.IN_PROGRESS))

    # Acting -----------------------------------------------------------------------------------
    def _acting(self, action: str) -> Callable[[], None]:
        return lambda: self.act(action)

    def act(self, action: str) -> None:
        t = self.current()
        if t is None or self._busy or not self.buttons[action].isEnabled():
            return
        self._busy = True
        self._enable()
        self.message.setText("")
        work = {"call": queue.call, "take": queue.take, "done": queue.finish}[action]
        db, by, ticket_id = self.db, self.station_id, t.id
        runner().run(lambda: work(db, ticket_id, by=by), self._acted, self._failed, owner=self)

    def _acted(self, _ticket: Ticket) -> None:
        self._busy = False
        self.health.answered()
        self.reload()

    def purge(self) -> None:
        db = self.db
        runner().run(lambda: queue.purge_expired(db), lambda _n: self.health.answered(), self._purge_failed, owner=self)

    def _purge_failed(self, error: Exception) -> None:
        LOG.warning("queue purge not done: %s", type(error).__name__)  # tried again at the next period

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt naming
        self.stop()
        super().closeEvent(event)

    def stop(self) -> None:
        self.purge_timer.stop()
        self.health.stop()
        self.listener.stop()


def run_division(db: Database, catalogue: Catalogue, division: str, *, station_id: str, lang: str = "ja",
                 fullscreen: bool = True, health_probe_seconds: int = 5) -> int:
    import sys

    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv)
    window = DivisionWindow(db, catalogue, division, station_id=station_id, lang=lang, fullscreen=fullscreen,
                            health_probe_seconds=health_probe_seconds)
    if not fullscreen:
        window.resize(1100, 800)
        window.show()
    try:
        return app.exec()
    finally:
        window.stop()
