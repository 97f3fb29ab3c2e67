"""The card reader in a worker thread: a thin Qt adapter over :mod:`kiosk.card`.

Run it with :func:`start_in_thread`. Every public method may be called from any thread (it
re-dispatches to the worker thread through a queued signal). Signals::

    card_present()            a card arrived (the tries are being read)
    tries_left(int)           tries left on the PIN, read before the PIN is asked for (SEC-05)
    read_ok(object)           a kiosk.card.reader.CardRead
    wrong_pin(int)            VERIFY failed; tries left (≥ 1)
    blocked()                 the PIN is locked (no VERIFY was or will be sent)
    removed()                 the card left (mid-read or after it); not a user failure (SEC-06)
    not_my_number_card()      the card has no 券面事項入力補助AP
    reader_lost() / reader_back()
    failed(str)               message key (card.garbled, card.failed, card.pin_format, …)
"""

from __future__ import annotations

from PySide6.QtCore import QMetaObject, QObject, Qt, QThread, QTimer, Signal, Slot

from kiosk.card import apdu
from kiosk.card.errors import (
    CardBlocked,
    CardError,
    CardRemoved,
    NoCard,
    NoReader,
    NotMyNumberCard,
    WrongPin,
)
from kiosk.card.reader import KenhojoSession
from kiosk.card.transport import CardMonitor, PcscChannel, Terminal
from kiosk.log import get_logger

log = get_logger(__name__)


class CardWorker(QObject):
    card_present = Signal()
    tries_left = Signal(int)
    read_ok = Signal(object)
    wrong_pin = Signal(int)
    blocked = Signal()
    removed = Signal()
    not_my_number_card = Signal()
    reader_lost = Signal()
    reader_back = Signal()
    failed = Signal(str)

    _do_start = Signal()
    _do_submit = Signal(object)
    _do_cancel = Signal()
    _do_stop = Signal()

    def __init__(self, terminal: Terminal | None = None, *, reader_pattern: str = "",
                 allow_virtual: bool = False, read_my_number: bool = False, poll_ms: int = 200) -> None:
        super().__init__()
        self.terminal = terminal or Terminal(reader_pattern, allow_virtual)
        self.read_my_number = read_my_number
        self.poll_ms = poll_ms
        self.monitor = CardMonitor(self.terminal)
        self._timer: QTimer | None = None
        self._channel: PcscChannel | None = None
        self._session: KenhojoSession | None = None
        self._active = False  # a resident is at the card step
        self._announced = False  # card_present was emitted for the card on the reader
        self._settled = False  # outcome given for this card: wait for it to leave
        self._do_start.connect(self._start)
        self._do_submit.connect(self._submit)
        self._do_cancel.connect(self._cancel)
        self._do_stop.connect(self._stop)

    @classmethod
    def from_config(cls, config) -> CardWorker:
        return cls(Terminal.from_config(config), read_my_number=config.card.read_my_number)

    # -- public API (any thread) --------------------------------------------------------------
    @Slot()
    def start_session(self) -> None:
        """Begin (or restart) watching for a card for the current resident."""
        self._do_start.emit()

    start = start_session

    @Slot(object)
    def read_with_pin(self, pin: bytearray) -> None:
        """VERIFY ``pin`` and read. The caller's buffer is copied and wiped at once."""
        copy = bytearray(pin)
        if isinstance(pin, bytearray):
            apdu.wipe(pin)
        self._do_submit.emit(copy)

    submit_pin = read_with_pin

    @Slot(bool)
    def set_read_my_number(self, enabled: bool) -> None:
        """PRIV-02: read EF 0001 too, only for a form whose legal basis needs the 個人番号."""
        self.read_my_number = bool(enabled)

    @Slot()
    def cancel(self) -> None:
        """The resident left the card step (manual path, session end)."""
        self._do_cancel.emit()

    forget = cancel

    @Slot()
    def stop(self) -> None:
        self._do_stop.emit()

    # -- worker thread ----------------------------------------------------------------------------
    def _ensure_timer(self) -> None:
        if self._timer is None:
            self._timer = QTimer(self)
            self._timer.setInterval(self.poll_ms)
            self._timer.timeout.connect(self._tick)
            self._timer.start()

    @Slot()
    def _start(self) -> None:
        self._ensure_timer()
        self._close()
        self._active, self._announced, self._settled = True, False, False
        self._tick()

    @Slot()
    def _cancel(self) -> None:
        self._close()
        self._active, self._announced, self._settled = False, False, False

    @Slot()
    def _stop(self) -> None:
        self._cancel()
        if self._timer is not None:
            self._timer.stop()
            self._timer.setParent(None)
            self._timer = None
        self.terminal.close()

    def _close(self) -> None:
        if self._channel is not None:
            self._channel.close()
        self._channel, self._session = None, None

    @Slot()
    def _tick(self) -> None:
        for event in self.monitor.poll():
            if event == "reader_lost":
                self._lost_card()
                self.reader_lost.emit()
            elif event == "reader_back":
                self.reader_back.emit()
            elif event == "card_removed":
                self._lost_card()
                self._settled = False
        if self._active and self.monitor.card_present and self._channel is None and not self._settled:
            self._open()

    def _lost_card(self) -> None:
        self._close()
        if self._announced:
            self._announced = False
            if self._active:
                self.removed.emit()

    def _open(self) -> None:
        """Connect, select the AP and read the tries (the card is on the reader)."""
        if not self._announced:
            self._announced = True
            self.card_present.emit()
        try:
            self._channel = self.terminal.connect()
            self._session = KenhojoSession(self._channel)
            tries = self._session.query_tries()
        except CardError as exc:
            self._outcome(exc)
            return
        self.tries_left.emit(tries)

    @Slot(object)
    def _submit(self, pin: bytearray) -> None:
        try:
            if self._session is None:
                raise CardRemoved("no card session")
            result = self._session.read(pin, my_number=self.read_my_number)
        except CardError as exc:
            self._outcome(exc)
            return
        finally:
            apdu.wipe(pin)
        self._close()
        self._settled = True
        self.read_ok.emit(result)

    def _outcome(self, exc: CardError) -> None:
        log.info("card outcome: %s (%s)", type(exc).__name__, exc.key)
        if isinstance(exc, WrongPin):
            self.wrong_pin.emit(exc.tries_left)
            return
        if exc.key == "card.pin_format":
            self.failed.emit(exc.key)
            return
        self._close()
        if isinstance(exc, (CardRemoved, NoCard)):
            self._lost_card()  # the next tick reopens it if it is still (or again) there
            return
        self._settled = True
        if isinstance(exc, CardBlocked):
            self.blocked.emit()
        elif isinstance(exc, NotMyNumberCard):
            self.not_my_number_card.emit()
        elif isinstance(exc, NoReader):
            self._announced = False
            self._settled = False
        else:
            self.failed.emit(exc.key)


def start_in_thread(worker: CardWorker) -> QThread:
    """Move ``worker`` to a new QThread and start it; end with :func:`stop_thread`."""
    thread = QThread()
    thread.setObjectName("card-reader")
    worker.moveToThread(thread)
    thread.start()
    return thread


def stop_thread(worker: CardWorker, thread: QThread, timeout_ms: int = 5000) -> None:
    """Stop polling and close the card in the worker thread, then end the thread."""
    if thread.isRunning():
        QMetaObject.invokeMethod(worker, "_stop", Qt.ConnectionType.BlockingQueuedConnection)
        thread.quit()
        thread.wait(timeout_ms)
