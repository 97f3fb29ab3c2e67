"""The clerk station's staff-call panel: every open 係員を呼ぶ (kiosk, screen, minutes waiting) with
an acknowledge button, and a sound when a call comes in or is raised again. The alerts a kiosk
raises itself (its printer running low, REL-04; its clock astray, REL-11) are on it too, said as
such, and acknowledged the same way. So are the kiosks gone silent (REL-10): running, and no
heartbeat for longer than ``silent_after_seconds`` (kiosk.heartbeat) — read every few seconds,
since a kiosk that is off announces nothing; the row goes when the kiosk is heard again.

A :class:`~kiosk.staffcalls.CallListener` waits on its own thread (LISTEN/NOTIFY on PostgreSQL,
polling on SQLite) and hands each event to the GUI thread through a queued signal; reading the
open calls, acknowledging and raising unanswered calls again go through the operations runner.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import shiboken6
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication, QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from kiosk import heartbeat, staffcalls
from kiosk.config import StaffCallSection
from kiosk.heartbeat import Beat
from kiosk.log import get_logger
from kiosk.staffcalls import Call, CallEvent, CallEventKind, CallListener
from kiosk.storage.database import Database
from kiosk.ui.operations import Reload, runner

LOG = get_logger(__name__)


def beep() -> None:
    """The alert sound: the platform bell. A machine without an audio device stays silent, it never fails."""
    QApplication.beep()


class CallsPanel(QFrame):
    """Open staff calls; hidden while there are none. ``alerted`` carries the id of each call the
    station sounded for (a new call, or one raised again)."""

    alerted = Signal(int)
    _event = Signal(object)  # emitted on the listener's thread, delivered on the GUI thread

    def __init__(self, db: Database, station_id: str, t: Callable[..., str], *,
                 settings: StaffCallSection | None = None, sound: Callable[[], None] = beep,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        settings = settings or StaffCallSection()
        self.setObjectName("StaffCalls")
        self.setStyleSheet("#StaffCalls { background:#fff4c2; border:2px solid #8a4b00; }")
        self.db = db
        self.station_id = station_id
        self.t = t
        self.sound = sound
        self.raise_after = dt.timedelta(seconds=settings.raise_again_seconds)
        self.calls: list[Call] = []
        self._known: set[int] = set()  # ids on the panel: a call new to it sounds
        self.ack_buttons: dict[int, QPushButton] = {}
        self.rows: dict[int, QLabel] = {}
        self._reload = Reload(lambda: staffcalls.open_calls(db), self._loaded, self._failed, owner=self)
        self._raising = False
        self.silent: list[Beat] = []  # running kiosks not heard for longer than silent_after
        self.silent_rows: dict[str, QLabel] = {}
        silent_after = dt.timedelta(seconds=settings.silent_after)
        self._silence = Reload(lambda: heartbeat.silent_kiosks(db, silent_after), self._heard, self._failed,
                               owner=self)
        layout = QVBoxLayout(self)
        self.title = QLabel(t("clerk.calls_title"))
        self.title.setObjectName("StaffCallsTitle")
        layout.addWidget(self.title)
        self.list = QVBoxLayout()
        layout.addLayout(self.list)
        self.silent_list = QVBoxLayout()
        layout.addLayout(self.silent_list)
        self.message = QLabel("")
        self.message.setWordWrap(True)
        self.message.hide()
        layout.addWidget(self.message)
        self.hide()
        self._event.connect(self._on_event)
        self.clock = QTimer(self)  # minutes waiting
        self.clock.setInterval(30_000)
        self.clock.timeout.connect(self._render)
        self.raise_timer = QTimer(self)
        self.raise_timer.setInterval(max(1, min(settings.raise_again_seconds, 10)) * 1000)
        self.raise_timer.timeout.connect(self._raise_due)
        self.silence_timer = QTimer(self)  # nothing announces a kiosk's silence: look for it
        self.silence_timer.setInterval(max(1, min(settings.health_seconds, 10)) * 1000)
        self.silence_timer.timeout.connect(self._silence.start)
        self.silence_timer.start()
        self.listener = CallListener(db, self._relay, poll_seconds=settings.poll_seconds)
        self.listener.start()

    # Events (listener thread → GUI thread) ---------------------------------------------------
    def _relay(self, event: CallEvent) -> None:
        if shiboken6.isValid(self):
            self._event.emit(event)

    def _on_event(self, event: CallEvent) -> None:
        """A raised call sounds at once; a new one sounds when it is on the panel (see _loaded)."""
        if event.kind is CallEventKind.RAISED and event.call_id is not None:
            self.alert(event.call_id)
        self.reload()

    def alert(self, call_id: int) -> None:
        self.sound()
        self.alerted.emit(call_id)

    # Reading -------------------------------------------------------------------------------------
    def reload(self) -> None:
        self._reload.start()
        self._silence.start()

    def _loaded(self, calls: list[Call]) -> None:
        self.message.hide()
        self.calls = calls
        self._render()
        for call in calls:  # every call this station has not shown before, however it learned of it
            if call.id not in self._known:
                self.alert(call.id)
        self._known = {call.id for call in calls}

    def _heard(self, silent: list[Beat]) -> None:
        """A kiosk newly silent sounds once; one heard again leaves the panel."""
        known = {beat.kiosk_id for beat in self.silent}
        self.message.hide()
        self.silent = silent
        self._render()
        if any(beat.kiosk_id not in known for beat in silent):
            LOG.warning("kiosks silent: %s", ", ".join(beat.kiosk_id for beat in silent))
            self.sound()

    def _failed(self, error: Exception) -> None:
        self._raising = False
        LOG.warning("staff calls not read: %s", type(error).__name__)
        self.message.setText(self.t("clerk.call_failed"))
        self.message.show()
        self.show()

    def _render(self) -> None:
        now = dt.datetime.now(dt.UTC)
        wanted = {call.id for call in self.calls}
        for call_id in [i for i in self.rows if i not in wanted]:
            row = self.rows.pop(call_id)
            self.ack_buttons.pop(call_id).hide()
            parent = row.parentWidget()
            if parent is not None:
                parent.hide()
                parent.deleteLater()
        for call in self.calls:
            if call.id not in self.rows:
                self._add_row(call)
            alert = call.alert  # raised by the kiosk itself (its printer, its clock), not a resident
            if alert is not None:
                text = self.t(f"clerk.call_{alert.replace('.', '_')}", kiosk=call.kiosk_id,
                              minutes=call.minutes_waiting(now))
            else:
                text = self.t("clerk.call_row", kiosk=call.kiosk_id, screen=call.screen,
                              minutes=call.minutes_waiting(now))
            if call.raise_count:
                text += " " + self.t("clerk.call_again", count=call.raise_count)
            self.rows[call.id].setText(text)
        self._render_silent()
        self.setVisible(bool(self.calls) or bool(self.silent) or self.message.isVisible())
        for timer in (self.clock, self.raise_timer):
            if self.calls and not timer.isActive():
                timer.start()
            elif not self.calls:
                timer.stop()

    def _render_silent(self) -> None:
        wanted = {beat.kiosk_id: beat for beat in self.silent}
        for kiosk_id in [k for k in self.silent_rows if k not in wanted]:
            label = self.silent_rows.pop(kiosk_id)
            label.hide()
            label.deleteLater()
        today = dt.datetime.now().astimezone().date()
        for kiosk_id, beat in wanted.items():
            if kiosk_id not in self.silent_rows:
                added = self.silent_rows[kiosk_id] = QLabel("")
                added.setObjectName(f"silent-{kiosk_id}")
                added.setWordWrap(True)
                self.silent_list.addWidget(added)
            label = self.silent_rows[kiosk_id]
            local = beat.beat_at.astimezone()
            since = local.strftime("%H:%M" if local.date() == today else "%m-%d %H:%M")
            label.setText(self.t("clerk.kiosk_silent", kiosk=kiosk_id, time=since))

    def _add_row(self, call: Call) -> None:
        holder = QWidget()
        row = QHBoxLayout(holder)
        row.setContentsMargins(0, 0, 0, 0)
        label = QLabel("")
        label.setObjectName(f"call-{call.id}")
        ack = QPushButton(self.t("clerk.call_acknowledge").replace("\n", " / "))
        ack.setObjectName(f"call-ack-{call.id}")
        ack.setAccessibleName(f"{self.t('clerk.call_acknowledge')} {call.kiosk_id}")
        ack.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # Tab reaches it; Space or Enter presses it
        ack.setAutoDefault(True)
        ack.setMinimumHeight(44)
        ack.clicked.connect(lambda _=False, call_id=call.id: self.acknowledge(call_id))
        row.addWidget(label, 1)
        row.addWidget(ack)
        self.list.addWidget(holder)
        self.rows[call.id] = label
        self.ack_buttons[call.id] = ack

    # Acting ----------------------------------------------------------------------------------------
    def acknowledge(self, call_id: int) -> None:
        """This station goes: the call leaves every station's panel and the kiosk says staff are coming."""
        button = self.ack_buttons.get(call_id)
        if button is not None:
            button.setEnabled(False)
        db, station_id = self.db, self.station_id
        runner().run(lambda: staffcalls.acknowledge(db, call_id, by=station_id), lambda _call: self.reload(),
                     self._ack_failed(call_id), owner=self)

    def _ack_failed(self, call_id: int) -> Callable[[Exception], None]:
        def failed(error: Exception) -> None:
            button = self.ack_buttons.get(call_id)
            if button is not None:
                button.setEnabled(True)
            self._failed(error)

        return failed

    def _raise_due(self) -> None:
        """Calls nobody answered within ``raise_again_seconds`` alert every station again (through
        the database, so each is raised once whichever station notices it first)."""
        if self._raising:
            return
        self._raising = True
        db, after = self.db, self.raise_after
        runner().run(lambda: staffcalls.raise_due(db, after), self._raised, self._failed, owner=self)

    def _raised(self, _calls: list[Call]) -> None:
        self._raising = False  # the listener's RAISED events sound the alert on every station

    def stop(self) -> None:
        self.silence_timer.stop()
        self.clock.stop()
        self.raise_timer.stop()
        self.listener.stop()
