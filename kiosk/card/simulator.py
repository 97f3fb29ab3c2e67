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

from kiosk.card import apdu
from kiosk.card.errors import CardRemoved
from kiosk.card.persona import Persona
from kiosk.card.virtual_card import ATR, LoggedApdu, VirtualCard  # noqa: F401  (re-exported)
from kiosk.log import get_logger

log = get_logger(__name__)

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 35963
CTRL_OFF, CTRL_ON, CTRL_RESET, CTRL_ATR = 0, 1, 2, 4


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


def _quickack(sock: socket.socket) -> None:
    if hasattr(socket, "TCP_QUICKACK"):
        try:
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_QUICKACK, 1)
        except OSError:
            pass


def _recv_exact(sock: socket.socket, n: int) -> bytes | None:
    chunks = bytearray()
    while len(chunks) < n:
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

    def __init__(self, card: VirtualCard, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT,
                 *, inserted: bool = True) -> None:
        self.card = card
        self.host, self.port = host, port
        self.connected = threading.Event()  # set while the card sits on the reader
        self._inserted = threading.Event()
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._sock: socket.socket | None = None
        self.insertions = 0
        if inserted:
            self._inserted.set()
        self._thread = threading.Thread(target=self._run, name=f"virtual-card-{port}", daemon=True)
        self._thread.start()

    # -- control --------------------------------------------------------------------------
    def insert(self) -> None:
        self._inserted.set()

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
            self.connected.set()
            try:
                removed_by_fault = self._serve(sock)
            except OSError:
                removed_by_fault = False
            finally:
                self.connected.clear()
                self._close()
            if removed_by_fault:
                self._inserted.clear()
                log.info("virtual card removed by fault after APDU %d", self.card.apdus_since_insert)

    def _serve(self, sock: socket.socket) -> bool:
        card = self.card
        while True:
            header = _recv_exact(sock, 2)
            if header is None:
                return False
            payload = _recv_exact(sock, int.from_bytes(header, "big"))
            if payload is None:
                return False
            if len(payload) == 1:
                code = payload[0]
                if code == CTRL_ATR:
                    _send_frame(sock, ATR)
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


def run_simulator(persona: Persona | VirtualCard, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT,
                  *, inserted: bool = True) -> SimulatorHandle:
    """Start a virtual card for ``persona`` on the vpcd slot at ``host:port`` (in a thread)."""
    card = persona if isinstance(persona, VirtualCard) else VirtualCard(persona)
    return SimulatorHandle(card, host, port, inserted=inserted)
