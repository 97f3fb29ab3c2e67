"""A division's station (``kiosk clerk --division ID``): the day's queue of that division —
waiting number, state (待ち / 対応中 / 完了), forms, the resident's next place — with 呼び出し,
対応開始 and 完了 by touch and by keys (↑↓ to choose, F5 / F6 / F7, or Tab to a button and Space),
all listed under the queue with the sign-out key.

A clerk signs in first, at the staff gate (:mod:`kiosk.ui.clerk.gate`, as at the clerk station):
the queue shows only while someone is signed in, each action is recorded under the signed-in
staff id (``called_by`` / ``taken_by`` / ``done_by``), and signing out (the button or Ctrl+Shift+L,
inactivity, the session limit) clears the list and returns to the gate.

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
    QStackedWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kiosk import staff
from kiosk.catalogue.model import Catalogue, localized
from kiosk.errors import DatabaseUnreachable, KioskError
from kiosk.log import get_logger
from kiosk.routing import queue
from kiosk.routing.divisions import Division, Divisions
from kiosk.routing.listen import QueueEvent, QueueEventKind, QueueListener
from kiosk.routing.queue import Ticket
from kiosk.storage.database import Database
from kiosk.ui.clerk.common import COLOURS, DB_UNREACHABLE, message_line, staff_text
from kiosk.ui.clerk.gate import DEFAULT_SESSION_SECONDS, SIGN_OUT_KEYS, Gated, SignInGate
from kiosk.ui.clerk.health import DatabaseHealth
from kiosk.ui.flow import FlowRow
from kiosk.ui.operations import runner

LOG = get_logger(__name__)
BASE_PX = 22
STATE_KEYS = {queue.ARRIVED: "routing.state_arrived", queue.IN_PROGRESS: "routing.state_in_progress",
              queue.DONE: "routing.state_done"}
ACTIONS = (("call", "routing.call", Qt.Key.Key_F5), ("take", "routing.take", Qt.Key.Key_F6),
           ("done", "routing.done", Qt.Key.Key_F7))


class DivisionWindow(Gated, QWidget):
    _event = Signal(object)  # from the listener's thread, delivered on the GUI thread

    def __init__(self, db: Database, catalogue: Catalogue, division: str, *, station_id: str, lang: str = "ja",
                 fullscreen: bool = False, health_probe_seconds: int = 5, purge_seconds: int = 600,
                 poll_seconds: float = 1.0, max_failures: int = 5, lock_after_seconds: float = 300,
                 max_session_seconds: float = DEFAULT_SESSION_SECONDS) -> None:
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
        self._busy = False  # an action, then the queue read after it: no other action meanwhile
        self._in_flight = False  # the action itself (its transaction) under way
        self._reads = 0  # reads of the queue started so far
        self._settled_by = 0  # the read that shows the last action done (ends ``_busy``)
        self._typed_ahead: list[str] = []  # actions keyed while busy: done in turn, each on the queue as read after the last
        self.setWindowTitle(self.t("routing.title", division=self.division.name_in("ja")))
        self.health = DatabaseHealth(db, health_probe_seconds, self)
        self.health.recovered.connect(self._recovered)
        self._build()
        self.gate = SignInGate(db, station_id=station_id, stack=self.stack, work_page=self.queue_page,
                               title=self._title(), t=self.t, on_signed_in=self._signed_in,
                               on_signed_out=self._signed_out, role="clerk", max_failures=max_failures,
                               lock_after_seconds=lock_after_seconds, max_session_seconds=max_session_seconds,
                               health=self.health, parent=self)
        self._event.connect(self._on_event)
        self.purge_timer = QTimer(self)
        self.purge_timer.setInterval(max(1, purge_seconds) * 1000)
        self.purge_timer.timeout.connect(self.purge)
        self.purge_timer.start()
        self.listener = QueueListener(db, self._relay, poll_seconds=poll_seconds)
        self.listener.start()
        self.purge()
        if fullscreen:
            self.showFullScreen()

    # Text -------------------------------------------------------------------------------------
    def t(self, key: str, **params: object) -> str:
        """Japanese first; the interface language after it when it differs."""
        return staff_text(key, self.lang, " / ", **params)

    def _title(self) -> str:
        return f"{self.t('routing.title', division=self.division.name_in('ja'))}　{self.division.place_in('ja')}"

    def _build(self) -> None:
        base = QFont(self.font())
        base.setPixelSize(BASE_PX)  # read at arm's length, touched with a finger
        self.setFont(base)
        self.stack = QStackedWidget()
        QVBoxLayout(self).addWidget(self.stack)
        self.queue_page = QWidget()
        layout = QVBoxLayout(self.queue_page)
        header = QWidget()  # a narrow window (portrait) puts the staff id and サインアウト under the title
        top = FlowRow(header)
        top.setContentsMargins(0, 0, 0, 0)
        top.setSpacing(12)
        title = QLabel(self._title())
        title.setObjectName("Title")
        title.setWordWrap(True)
        font = QFont(base)
        font.setPixelSize(BASE_PX * 3 // 2)
        font.setBold(True)
        title.setFont(font)
        top.addWidget(title)
        top.addStretch()
        self.signed_in_as = QLabel("")
        self.signed_in_as.setObjectName("SignedInAs")
        top.addWidget(self.signed_in_as)
        self.sign_out_button = QPushButton(f"{self.t('clerk.sign_out')} ({SIGN_OUT_KEYS})")
        self.sign_out_button.setObjectName("division-sign-out")
        self.sign_out_button.setMinimumHeight(56)
        self.sign_out_button.setAccessibleName(self.t("clerk.sign_out"))
        self.sign_out_button.clicked.connect(lambda: self.lock("sign_out"))
        top.addWidget(self.sign_out_button)
        QShortcut(QKeySequence(SIGN_OUT_KEYS), self.queue_page, lambda: self.lock("sign_out"))
        layout.addWidget(header)
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
        self.message = message_line("DivisionMessage")
        layout.addWidget(self.message)
        self.keys_hint = QLabel(self.t("routing.keys", sign_out=SIGN_OUT_KEYS))  # every key of the page
        self.keys_hint.setObjectName("DivisionKeys")
        self.keys_hint.setWordWrap(True)
        layout.addWidget(self.keys_hint)
        self.stack.addWidget(self.queue_page)
        self._enable()

    # Signed in and out (the gate does the rest) ------------------------------------------------
    def _signed_in(self, account: staff.StaffAccount) -> None:
        self.signed_in_as.setText(self.t("clerk.signed_in_as", account=account.id))
        self.message.setText("")
        self.tree.setFocus()
        self.reload()

    def _signed_out(self, _reason: str) -> None:
        """Nothing of the queue stays in the window while nobody is signed in."""
        self.tickets = []
        self.items = {}
        self.tree.clear()
        self.signed_in_as.setText("")
        self.message.setText("")
        self._typed_ahead.clear()
        self._enable()

    # Reading ----------------------------------------------------------------------------------
    def _relay(self, event: QueueEvent) -> None:
        if shiboken6.isValid(self):
            self._event.emit(event)

    def _on_event(self, event: QueueEvent) -> None:
        if event.kind is QueueEventKind.RESYNC or event.division == self.division.id:
            self.reload()

    def reload(self) -> None:
        if self.account is None:  # the queue is read for a signed-in clerk only
            return
        if self._loading:
            self._reload_again = True
            return
        self._loading = True
        self._reads += 1
        db, division, read = self.db, self.division.id, self._reads
        runner().run(lambda: queue.division_queue(db, division), lambda tickets: self._loaded(tickets, read),
                     self._failed, owner=self)

    def _loaded(self, tickets: list[Ticket], read: int = 0) -> None:
        self._loading = False
        self.health.answered()
        self.banner.hide()
        if self._busy and not self._in_flight and read >= self._settled_by:  # as the last action left it
            self._busy = False
        if self.account is None:  # signed out while it was read
            self._reload_again = False
            self._typed_ahead.clear()
            return
        self.tickets = tickets
        self._render()
        while not self._busy and self._typed_ahead:  # F5 then F6 at once: the call, then the start
            self.act(self._typed_ahead.pop(0))  # one the number's new state does not allow is dropped
        if self._reload_again:
            self._reload_again = False
            self.reload()

    def _failed(self, error: Exception) -> None:
        """The queue not read."""
        self._loading = self._reload_again = False
        if not self._in_flight:
            self._busy = False
        self._typed_ahead.clear()  # nothing keyed meanwhile follows a queue not shown
        self._report(error)

    def _act_failed(self, error: Exception) -> None:
        """The action not done (refused, or the database lost)."""
        self._busy = self._in_flight = False
        self._typed_ahead.clear()
        self._report(error)

    def _report(self, error: Exception) -> None:
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
        """Call, take or finish the chosen number, recorded under the signed-in staff id."""
        t = self.current()
        account = self.account
        if account is None or t is None:
            return
        if self._busy:  # the last action or its read is under way: this one follows it
            self._typed_ahead.append(action)
            return
        if not self.buttons[action].isEnabled():
            return
        self._busy = self._in_flight = True
        self._enable()
        self.message.setText("")
        work = {"call": queue.call, "take": queue.take, "done": queue.finish}[action]
        db, by, ticket_id = self.db, account.id, t.id
        runner().run(lambda: work(db, ticket_id, by=by), self._acted, self._act_failed, owner=self)

    def _acted(self, _ticket: Ticket) -> None:
        """Done: the buttons stay off until the queue is read again (a read already under way shows
        it as it was before), so that the next key acts on the number as it now stands."""
        self.health.answered()
        self._in_flight = False
        self._settled_by = self._reads + 1
        self.reload()

    def purge(self) -> None:
        db, station = self.db, self.station_id
        runner().run(lambda: queue.purge_expired(db, by=station), lambda _n: self.health.answered(), self._purge_failed, owner=self)

    def _purge_failed(self, error: Exception) -> None:
        LOG.warning("queue purge not done: %s", type(error).__name__)  # tried again at the next period

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt naming
        self.stop()
        super().closeEvent(event)

    def stop(self) -> None:
        self.gate.sign_out("closed")
        self.gate.stop()
        self.purge_timer.stop()
        self.health.stop()
        self.listener.stop()


def run_division(db: Database, catalogue: Catalogue, division: str, *, station_id: str, lang: str = "ja",
                 fullscreen: bool = True, health_probe_seconds: int = 5, max_failures: int = 5,
                 lock_after_seconds: float = 300) -> int:
    import sys

    from kiosk.ui.app import application

    app = application(sys.argv)  # runs for days: its memory and garbage as every station's
    window = DivisionWindow(db, catalogue, division, station_id=station_id, lang=lang, fullscreen=fullscreen,
                            health_probe_seconds=health_probe_seconds, max_failures=max_failures,
                            lock_after_seconds=lock_after_seconds)
    if not fullscreen:
        window.resize(1100, 800)
        window.show()
    from kiosk.ui.supervision import exec_supervised, page_names

    pages = {window.sign_in_page: "sign-in", window.queue_page: "queue"}
    try:  # SEC-02: READY=1, STATUS and watchdog pings to the supervisor
        return exec_supervised(app, window, window.stack, app_name="division", screen_name=page_names(pages))
    finally:
        window.stop()
