"""The virtual My Number Card behind pcscd: a small vpcd client (default, non-reversed mode).

pcscd's vpcd driver listens on TCP 35963 (+1 per slot); the card connects. Frames in both
directions are a 2-byte big-endian length and a payload; a 1-byte payload from vpcd is a control
code (00 power off, 01 power on, 02 reset, 04 get ATR — only 04 is answered); anything longer is
a C-APDU answered with data+SW. Closing the socket removes the card. ``TCP_QUICKACK`` is set
before every ``recv`` (vpcd 0.8 sends length and APDU separately: without it each APDU costs
≈48 ms of delayed ACK).

In process::

    handle = run_simulator(load_persona("adult"), "127.0.0.1", 35963)
    handle.remove(); handle.insert(); handle.card.log; handle.stop()
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from kiosk.card import apdu
from kiosk.card.errors import CardRemoved
from kiosk.card.persona import Persona
from kiosk.card.virtual_card import ATR, LoggedApdu, OtherCard, VirtualCard  # noqa: F401  (re-exported)
from kiosk.log import get_logger

if TYPE_CHECKING:
    from kiosk.card.transport import TerminalState

log = get_logger(__name__)

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 35963
CTRL_OFF, CTRL_ON, CTRL_RESET, CTRL_ATR = 0, 1, 2, 4
_LEFT_AT: dict[tuple[str, int], float] = {}  # when a card last left each vpcd slot (any handle)


class InProcessChannel:
    """A :class:`kiosk.card.reader.Channel` straight into a :class:`VirtualCard` (no pcscd)."""

    def __init__(self, card: VirtualCard) -> None:
        self.card = card
        card.inserted()

    def transmit(self, command: bytes | bytearray) -> apdu.Response:
        if self.card.should_remove_now():
            raise CardRemoved("card left the virtual reader")
        raw = self.card.process(bytes(command))
        return apdu.Response(raw[:-2], int.from_bytes(raw[-2:], "big"))


class InProcessTerminal:
    """A :class:`kiosk.card.transport.Terminal` stand-in with the virtual card on it and no
    pcscd at all (for the demo on machines without PC/SC, and for UI tests)::

        terminal = InProcessTerminal(VirtualCard(persona)); CardReader(CardWorker(terminal))
        terminal.remove(); terminal.insert(VirtualCard(other))
    """

    reader_name = "In-process virtual card"

    def __init__(self, card: VirtualCard | OtherCard | None = None) -> None:
        self.card = card
        self.reader_present = True  # False: as if the reader were unplugged
        self._present = card is not None
        self._channel: _InProcessConnection | None = None
        if card is not None:
            card.inserted()

    def insert(self, card: VirtualCard | OtherCard | None = None) -> None:
        if card is not None:
            self.card = card
        self._drop()
        if self.card is not None:
            self.card.inserted()
        self._present = True

    def remove(self) -> None:
        self._present = False
        self._drop()

    def _drop(self) -> None:
        if self._channel is not None:
            self._channel.alive = False
            self._channel = None

    # Terminal API ---------------------------------------------------------------------------
    def all_readers(self) -> list[str]:
        return [self.reader_name] if self.reader_present else []

    readers = all_readers

    def state(self) -> TerminalState:
        from kiosk.card.transport import TerminalState

        if not self.reader_present:
            return TerminalState(None)
        return TerminalState(self.reader_name, self._present and self.card is not None)

    def connect(self) -> _InProcessConnection:
        from kiosk.card.errors import NoCard, NoReader

        if not self.reader_present:
            raise NoReader("in-process reader switched off")
        if not (self._present and self.card is not None):
            raise NoCard("no virtual card")
        self._drop()
        self.card.power_on()
        self._channel = _InProcessConnection(self.card, self)
        return self._channel

    def close(self) -> None:
        self._drop()


class _InProcessConnection:
    def __init__(self, card: VirtualCard | OtherCard, terminal: InProcessTerminal) -> None:
        self.card, self.terminal, self.alive, self.apdu_count = card, terminal, True, 0

    def transmit(self, command: bytes | bytearray) -> apdu.Response:
        if not self.alive:
            raise CardRemoved("virtual card removed")
        self.apdu_count += 1
        if self.card.should_remove_now():
            self.terminal.remove()
            raise CardRemoved("virtual card left the reader")
        raw = self.card.process(bytes(command))
        return apdu.Response(raw[:-2], int.from_bytes(raw[-2:], "big"))

    def close(self) -> None:
        if self.alive:
            self.alive = False
            self.card.reset()

    def __enter__(self) -> _InProcessConnection:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _quickack(sock: socket.socket) -> None:
    if hasattr(socket, "TCP_QUICKACK"):
        try:
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_QUICKACK, 1)
        except OSError:
            pass


def _recv_exact(sock: socket.socket, n: int, quickack: bool = True) -> bytes | None:
    chunks = bytearray()
    while len(chunks) < n:
        if quickack:
            _quickack(sock)
        part = sock.recv(n - len(chunks))
        if not part:
            return None
        chunks.extend(part)
    return bytes(chunks)


def _send_frame(sock: socket.socket, payload: bytes) -> None:
    sock.sendall(len(payload).to_bytes(2, "big") + payload)


class SimulatorHandle:
    """A virtual card running in a thread; ``insert``/``remove`` move it on and off the reader."""

    def __init__(self, card: VirtualCard | OtherCard, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT,
                 *, inserted: bool = True, min_absence: float = 1.0, quickack: bool = True) -> None:
        self.card = card
        self.quickack = quickack  # off only to measure what it saves
        # pcscd polls presence every ≈0.44 s; a card back sooner than that after leaving is never
        # seen to leave, and pcscd then keeps the slot "empty". A hand is not that fast either.
        self.min_absence = min_absence
        self.host, self.port = host, port
        self.connected = threading.Event()  # set while the card sits on the reader
        self._inserted = threading.Event()
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._sock: socket.socket | None = None
        self.insertions = 0
        self.connected_at = 0.0  # perf_counter() of the last insertion (the "tap")
        if inserted:
            self._inserted.set()
        self._thread = threading.Thread(target=self._run, name=f"virtual-card-{port}", daemon=True)
        self._thread.start()

    # -- control --------------------------------------------------------------------------
    def insert(self) -> None:
        self._inserted.set()

    @property
    def inserted(self) -> bool:
        """The card is meant to be on the reader (placed and not taken off, by hand or by a fault)."""
        return self._inserted.is_set()

    def remove(self) -> None:
        self._inserted.clear()
        self._close()

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        self.remove()
        self._thread.join(timeout)

    def wait_connected(self, timeout: float = 5.0) -> bool:
        return self.connected.wait(timeout)

    def wait_removed(self, timeout: float = 5.0) -> bool:
        end = time.monotonic() + timeout
        while self.connected.is_set() and time.monotonic() < end:
            time.sleep(0.01)
        return not self.connected.is_set()

    def replace_card(self, card: VirtualCard) -> None:
        """Swap the card (takes effect at the next insertion)."""
        self.card = card

    @property
    def log(self) -> list[LoggedApdu]:
        return self.card.log

    def __enter__(self) -> SimulatorHandle:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- thread ---------------------------------------------------------------------------
    def _close(self) -> None:
        with self._lock:
            sock, self._sock = self._sock, None
        if sock is not None:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            sock.close()

    def _run(self) -> None:
        while not self._stop.is_set():
            if not self._inserted.wait(0.05):
                continue
            if time.monotonic() - _LEFT_AT.get((self.host, self.port), 0.0) < self.min_absence:
                time.sleep(0.05)
                continue
            try:
                sock = socket.create_connection((self.host, self.port), timeout=1.0)
            except OSError:
                time.sleep(0.1)  # pcscd not up yet (or restarting): keep trying
                continue
            sock.settimeout(None)
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            with self._lock:
                if not self._inserted.is_set() or self._stop.is_set():
                    sock.close()
                    continue
                self._sock = sock
            self.insertions += 1
            self.card.inserted()
            self.connected_at = time.perf_counter()
            self.connected.set()
            removed_by_fault = False
            try:
                removed_by_fault = self._serve(sock)
            except OSError:
                pass
            finally:
                if removed_by_fault:
                    # Off the reader before the socket closes: pcscd cannot see the card go before
                    # this, so an insert() made once it has (a hand placing it again) is never lost.
                    self._inserted.clear()
                self.connected.clear()
                self._close()
                _LEFT_AT[(self.host, self.port)] = time.monotonic()
            if removed_by_fault:
                log.info("virtual card removed by fault after APDU %d", self.card.apdus_since_insert)

    def _serve(self, sock: socket.socket) -> bool:
        card = self.card
        while True:
            header = _recv_exact(sock, 2, self.quickack)
            if header is None:
                return False
            payload = _recv_exact(sock, int.from_bytes(header, "big"), self.quickack)
            if payload is None:
                return False
            if len(payload) == 1:
                code = payload[0]
                if code == CTRL_ATR:
                    _send_frame(sock, getattr(card, "atr", ATR))
                elif code == CTRL_OFF:
                    card.power_off()
                elif code == CTRL_ON:
                    card.power_on()
                elif code == CTRL_RESET:
                    card.reset()
                continue
            if not payload:
                continue
            if card.should_remove_now():
                return True
            _send_frame(sock, card.process(payload))


def wait_for(predicate: Callable[[], object], timeout: float = 5.0, interval: float = 0.02) -> bool:
    """Poll ``predicate`` until it is true or ``timeout`` passes (pcscd notices cards by polling)."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(interval)
    return bool(predicate())


def run_simulator(persona: Persona | VirtualCard | OtherCard, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT,
                  *, inserted: bool = True, quickack: bool = True) -> SimulatorHandle:
    """Start a virtual card for ``persona`` on the vpcd slot at ``host:port`` (in a thread)."""
    card = VirtualCard(persona) if isinstance(persona, Persona) else persona
    return SimulatorHandle(card, host, port, inserted=inserted, quickack=quickack)
