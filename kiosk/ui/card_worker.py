"""The card reader for the card screen: a worker thread over :mod:`kiosk.card`, and the port the
screen talks to.

:class:`CardPort` is what the card screen uses. :class:`CardReader` implements it: it owns a
:class:`CardWorker` in a thread of its own and re-emits the worker's signals on the thread the
reader lives on (the GUI thread), so every consumer — screens and tests — receives them there.
Signals of the port, all delivered on the GUI thread::

    card_present()            a card arrived (the tries are being read)
    tries_left(int)           tries left on the PIN, read before the PIN is asked for (SEC-05)
    read_ok(CardRead)         a kiosk.card.reader.CardRead
    wrong_pin(int)            VERIFY failed; tries left (≥ 1)
    blocked()                 the PIN is locked (no VERIFY was or will be sent)
    removed()                 the card left (mid-read or after it), or a PIN came with no card
                              session to take it; not a user failure (SEC-06)
    not_my_number_card()      the card has no 券面事項入力補助AP
    reader_lost() / reader_back()
    failed(str)               message key (card.garbled, card.failed, card.pin_format, …)

Every PIN handed to :meth:`CardPort.submit_pin` gets one of read_ok, wrong_pin, blocked,
removed, failed or reader_lost: none is dropped silently.

A session reads the 券面事項入力補助AP for a resident by default; :meth:`CardPort.start_session`
may name another kind of card session (the kiosk's staff exit checks a staff card,
:class:`kiosk.staff_card.EntryCheck`): the same signals, read_ok then carrying its result.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import (
    QCoreApplication,
    QMetaObject,
    QObject,
    Qt,
    QThread,
    QTimer,
    Signal,
    SignalInstance,
    Slot,
)

from kiosk.card import apdu
from kiosk.card.errors import (
    CardBlocked,
    CardRemoved,
    NoCard,
    NoReader,
    NotMyNumberCard,
    WrongPin,
)
from kiosk.card.reader import KenhojoSession
from kiosk.card.transport import CardChannel, CardMonitor, CardTerminal, Terminal
from kiosk.errors import CardError
from kiosk.log import get_logger

if TYPE_CHECKING:
    from kiosk.config import Config

log = get_logger(__name__)


class CardSession(Protocol):
    """One card session on the worker's thread: the tries read before the PIN, then one PIN."""

    def query_tries(self) -> int: ...

    def read(self, pin: bytearray, *, my_number: bool = False) -> object: ...


SessionFactory = Callable[[CardChannel], CardSession]


class CardPort(QObject):
    """The card reader as the card screen sees it (signals in the module docstring):
    :class:`CardWorker` and :class:`CardReader` declare these signals once, here."""

    card_present = Signal()
    tries_left = Signal(int)
    read_ok = Signal(object)  # CardRead
    wrong_pin = Signal(int)
    blocked = Signal()
    removed = Signal()
    not_my_number_card = Signal()
    reader_lost = Signal()
    reader_back = Signal()
    failed = Signal(str)

    def start_session(self, session_factory: SessionFactory | None = None) -> None:
        """Begin (or restart) watching for a card for the current resident (or, with
        ``session_factory``, for that kind of card session)."""
        raise NotImplementedError

    def submit_pin(self, pin: bytearray) -> None:
        """VERIFY ``pin`` and read; the caller's buffer is wiped at once (PRIV-04)."""
        raise NotImplementedError

    def cancel(self) -> None:
        """The resident left the card step (manual path, session end)."""
        raise NotImplementedError


class CardWorker(CardPort):
    """Polls the terminal and talks to the card, in the thread it was moved to. Its signals are
    emitted from that thread: consumers use :class:`CardReader`, which relays them."""

    _do_start = Signal(object)
    _do_submit = Signal(object)
    _do_cancel = Signal()

    def __init__(self, terminal: CardTerminal | None = None, *, reader_pattern: str = "",
                 allow_virtual: bool = False, read_my_number: bool = False, poll_ms: int = 200) -> None:
        super().__init__()
        self.terminal: CardTerminal = terminal or Terminal(reader_pattern, allow_virtual)
        self.read_my_number = read_my_number
        self.poll_ms = poll_ms
        self.monitor = CardMonitor(self.terminal)
        self._timer: QTimer | None = None
        self._channel: CardChannel | None = None
        self._session: CardSession | None = None
        self._factory: SessionFactory = KenhojoSession
        self._active = False  # a resident is at the card step
        self._announced = False  # card_present was emitted for the card on the reader
        self._settled = False  # outcome given for this card: wait for it to leave
        self._do_start.connect(self._start)
        self._do_submit.connect(self._submit)
        self._do_cancel.connect(self._cancel)

    @classmethod
    def from_config(cls, config: Config) -> CardWorker:
        return cls(Terminal.from_config(config), read_my_number=config.card.read_my_number)

    # -- requests (any thread; queued to the worker thread) -----------------------------------
    def start_session(self, session_factory: SessionFactory | None = None) -> None:
        self._do_start.emit(session_factory)

    def submit_pin(self, pin: bytearray) -> None:
        """VERIFY ``pin`` and read. The caller's buffer is copied and wiped at once."""
        copy = bytearray(pin)
        apdu.wipe(pin)
        self._do_submit.emit(copy)

    def set_read_my_number(self, enabled: bool) -> None:
        """PRIV-02: read EF 0001 too, only for a form whose legal basis needs the 個人番号."""
        self.read_my_number = bool(enabled)

    def cancel(self) -> None:
        self._do_cancel.emit()

    # -- worker thread ----------------------------------------------------------------------------
    def _ensure_timer(self) -> None:
        if self._timer is None:
            self._timer = QTimer(self)
            self._timer.setInterval(self.poll_ms)
            self._timer.timeout.connect(self._tick)
            self._timer.start()

    @Slot(object)
    def _start(self, session_factory: SessionFactory | None = None) -> None:
        self._factory = session_factory or KenhojoSession
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
        """Stop polling, close the card and hand this object back to the application's thread
        (so it can be deleted there once the worker thread has ended)."""
        self._cancel()
        if self._timer is not None:
            self._timer.stop()
            self._timer.setParent(None)
            self._timer = None  # deleted here, in the thread it belongs to
        self.terminal.close()
        app = QCoreApplication.instance()
        if app is not None:
            self.moveToThread(app.thread())

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
            channel = self._channel = self.terminal.connect()
            self._session = self._factory(channel)
            tries = self._session.query_tries()
        except CardError as exc:
            self._outcome(exc)
            return
        self.tries_left.emit(tries)

    @Slot(object)
    def _submit(self, pin: bytearray) -> None:
        try:
            if self._session is None:
                # No card session can take this PIN (the card left, or its outcome is given):
                # the resident is asked to place the card again (its tries are read again).
                log.info("card outcome: PIN without a card session")
                self._close()
                self._announced = False
                self.removed.emit()
                return
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


class CardReader(CardPort):
    """The :class:`CardPort` of the kiosk: runs ``worker`` in its own thread and relays every
    signal of the worker to the same-named signal of this object, which lives on the thread that
    created it (the GUI thread). End it with :meth:`stop`."""

    def __init__(self, worker: CardWorker, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.worker = worker
        queued = Qt.ConnectionType.QueuedConnection
        relays: tuple[tuple[SignalInstance, SignalInstance], ...] = (
            (worker.card_present, self.card_present), (worker.tries_left, self.tries_left),
            (worker.read_ok, self.read_ok), (worker.wrong_pin, self.wrong_pin),
            (worker.blocked, self.blocked), (worker.removed, self.removed),
            (worker.not_my_number_card, self.not_my_number_card),
            (worker.reader_lost, self.reader_lost), (worker.reader_back, self.reader_back),
            (worker.failed, self.failed),
        )
        for source, target in relays:
            source.connect(target, queued)
        self._thread = QThread()
        self._thread.setObjectName("card-reader")
        worker.moveToThread(self._thread)
        self._thread.start()

    @classmethod
    def from_config(cls, config: Config) -> CardReader:
        return cls(CardWorker.from_config(config))

    @property
    def running(self) -> bool:
        return self._thread.isRunning()

    # -- the port ---------------------------------------------------------------------------------
    def start_session(self, session_factory: SessionFactory | None = None) -> None:
        if self.running:
            self.worker.start_session(session_factory)
        else:
            self.reader_lost.emit()

    def submit_pin(self, pin: bytearray) -> None:
        if self.running:
            self.worker.submit_pin(pin)
            return
        apdu.wipe(pin)
        log.info("card outcome: PIN with the reader stopped")
        self.reader_lost.emit()  # the screen offers hand entry or staff

    def cancel(self) -> None:
        if self.running:
            self.worker.cancel()

    # -- configuration and lifetime ------------------------------------------------------------------
    def set_read_my_number(self, enabled: bool) -> None:
        """PRIV-02: read EF 0001 too, only for a form whose legal basis needs the 個人番号."""
        self.worker.set_read_my_number(enabled)

    def stop(self, timeout_ms: int = 5000) -> None:
        """Stop polling and close the card in the worker thread, then end the thread. Signals
        the worker emitted before are still delivered by the GUI thread's event loop."""
        if not self._thread.isRunning():
            return
        QMetaObject.invokeMethod(self.worker, "_stop", Qt.ConnectionType.BlockingQueuedConnection)
        self._thread.quit()
        self._thread.wait(timeout_ms)
