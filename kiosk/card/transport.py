"""PC/SC transport through pyscard's thin ``smartcard.scard`` layer (exact error codes).

Reader choice: the configured regular expression on the reader name (empty = any); a reader
whose name contains "Virtual PCD" (vsmartcard's vpcd, which listens on the network) is never
chosen unless ``allow_virtual=True``. Among the remaining readers one with a card on it wins,
else the first. Readers are listed afresh on every call, and the PC/SC context is re-established
after service errors, so a reader unplugged and plugged back (or pcscd restarted) is picked up
without restarting the kiosk (REL-05).
"""

from __future__ import annotations

import os
import re
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from smartcard import scard

from kiosk.card import apdu
from kiosk.card.errors import CardRemoved, NoCard, NoReader
from kiosk.log import get_logger

if TYPE_CHECKING:
    from kiosk.config import Config

log = get_logger(__name__)

VIRTUAL_READER_MARK = "Virtual PCD"

_CARD_GONE = {
    scard.SCARD_W_REMOVED_CARD, scard.SCARD_E_NO_SMARTCARD, scard.SCARD_W_UNPOWERED_CARD,
    scard.SCARD_W_UNRESPONSIVE_CARD, scard.SCARD_E_NOT_TRANSACTED, scard.SCARD_E_COMM_DATA_LOST,
    scard.SCARD_W_RESET_CARD, scard.SCARD_E_PROTO_MISMATCH, scard.SCARD_W_UNSUPPORTED_CARD,
}
_READER_GONE = {
    scard.SCARD_E_READER_UNAVAILABLE, scard.SCARD_E_UNKNOWN_READER, scard.SCARD_E_NO_SERVICE,
    scard.SCARD_E_SERVICE_STOPPED, scard.SCARD_E_INVALID_HANDLE, scard.SCARD_E_NO_READERS_AVAILABLE,
    scard.SCARD_E_INVALID_VALUE, scard.SCARD_E_SHARING_VIOLATION,
}


def _error_text(code: int) -> str:
    try:
        return f"{scard.SCardGetErrorMessage(code)} (0x{code & 0xFFFFFFFF:08X})"
    except Exception:  # pragma: no cover - message lookup only
        return f"0x{code & 0xFFFFFFFF:08X}"


DEFAULT_PCSC_SOCKET = "/run/pcscd/pcscd.comm"


def pcsc_socket() -> str:
    """The pcscd socket this process talks to (pcsc-lite honours ``PCSCLITE_CSOCK_NAME``)."""
    return os.environ.get("PCSCLITE_CSOCK_NAME") or DEFAULT_PCSC_SOCKET


def pcsc_service_answers() -> bool:
    """Whether a PC/SC service answers on :func:`pcsc_socket`: a context is established and
    released. A pcscd of another namespace, a stale socket file or no daemon all answer False."""
    result, context = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
    if result != scard.SCARD_S_SUCCESS:
        return False
    scard.SCardReleaseContext(context)
    return True


def is_virtual(name: str) -> bool:
    return VIRTUAL_READER_MARK.lower() in name.lower()


def eligible(names: list[str], pattern: str = "", allow_virtual: bool = False) -> list[str]:
    """Readers the kiosk may use, in PC/SC order."""
    rx = re.compile(pattern) if pattern else None
    return [n for n in names if (allow_virtual or not is_virtual(n)) and (rx is None or rx.search(n))]


@dataclass(frozen=True)
class TerminalState:
    reader: str | None  # None: no eligible reader
    card_present: bool = False


class CardChannel(Protocol):
    """An open connection to a card (PC/SC or in-process): APDUs in, responses out."""

    def transmit(self, command: bytes | bytearray) -> apdu.Response: ...

    def close(self) -> None: ...


class CardTerminal(Protocol):
    """Where cards are found: :class:`Terminal` (PC/SC) or the in-process virtual reader."""

    def state(self) -> TerminalState: ...

    def connect(self) -> CardChannel: ...

    def close(self) -> None: ...


class PcscChannel:
    """An open connection to the card; ``transmit`` raises CardRemoved / NoReader, never scard errors."""

    def __init__(self, hcard: int, protocol: int, reader: str) -> None:
        self.hcard, self.protocol, self.reader = hcard, protocol, reader
        self.apdu_count = 0
        self._open = True

    def transmit(self, command: bytes | bytearray) -> apdu.Response:
        if not self._open:
            raise CardRemoved("connection closed")
        raw = list(command)
        try:
            self.apdu_count += 1
            result, response = scard.SCardTransmit(self.hcard, self.protocol, raw)
        finally:
            apdu.wipe(raw)
        if result != scard.SCARD_S_SUCCESS:
            self._open = False
            if result in _CARD_GONE:
                raise CardRemoved(f"transmit: {_error_text(result)}")
            raise NoReader(f"transmit: {_error_text(result)}")
        if len(response) < 2:
            raise CardRemoved("transmit: response without a status word")
        return apdu.Response(bytes(response[:-2]), response[-2] << 8 | response[-1])

    def close(self) -> None:
        """Disconnect and reset the card, so its security status (verified PIN) ends here."""
        if self._open:
            self._open = False
            try:
                scard.SCardDisconnect(self.hcard, scard.SCARD_RESET_CARD)
            except Exception:  # the card or reader is already gone
                pass

    def __enter__(self) -> PcscChannel:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class Terminal:
    """The kiosk's card reader, found afresh on every call."""

    def __init__(self, pattern: str = "", allow_virtual: bool = False) -> None:
        re.compile(pattern)  # a bad pattern fails here, not at the first tap
        self.pattern = pattern
        self.allow_virtual = allow_virtual
        self._context: int | None = None
        self._lock = threading.RLock()

    @classmethod
    def from_config(cls, config: Config) -> Terminal:
        return cls(config.card.reader_pattern, config.card.allow_virtual_reader)

    # -- context --------------------------------------------------------------------------
    def _ctx(self) -> int:
        if self._context is None:
            result, context = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
            if result != scard.SCARD_S_SUCCESS:
                raise NoReader(f"PC/SC service: {_error_text(result)}")
            self._context = context
        return self._context

    def _drop_context(self) -> None:
        if self._context is not None:
            try:
                scard.SCardReleaseContext(self._context)
            except Exception:
                pass
            self._context = None

    def close(self) -> None:
        with self._lock:
            self._drop_context()

    def service_available(self) -> bool:
        """Whether the PC/SC service answers at all (pcscd running on the socket this process uses)."""
        with self._lock:
            try:
                self._ctx()
            except NoReader:
                return False
            return True

    # -- readers --------------------------------------------------------------------------
    def all_readers(self) -> list[str]:
        """Every reader PC/SC knows (including excluded ones); [] when none or no service."""
        with self._lock:
            for _attempt in (1, 2):
                try:
                    context = self._ctx()
                except NoReader:
                    return []
                result, names = scard.SCardListReaders(context, [])
                if result == scard.SCARD_S_SUCCESS:
                    return list(names)
                if result == scard.SCARD_E_NO_READERS_AVAILABLE:
                    return []
                self._drop_context()  # service restarted or context invalid: try once more
            return []

    def readers(self) -> list[str]:
        return eligible(self.all_readers(), self.pattern, self.allow_virtual)

    def state(self) -> TerminalState:
        names = self.readers()
        if not names:
            return TerminalState(None)
        with self._lock:
            try:
                context = self._ctx()
            except NoReader:
                return TerminalState(None)
            result, states = scard.SCardGetStatusChange(
                context, 0, [(n, scard.SCARD_STATE_UNAWARE) for n in names])
            if result != scard.SCARD_S_SUCCESS:
                self._drop_context()
                return TerminalState(None)
        for name, event, _atr in states:
            if event & scard.SCARD_STATE_PRESENT and not event & scard.SCARD_STATE_MUTE:
                return TerminalState(name, True)
        return TerminalState(names[0], False)

    def connect(self) -> PcscChannel:
        """Open the card on the chosen reader; NoReader / NoCard when there is nothing to open."""
        current = self.state()
        if current.reader is None:
            raise NoReader("no eligible reader")
        if not current.card_present:
            raise NoCard("no card on the reader")
        with self._lock:
            result, hcard, protocol = scard.SCardConnect(
                self._ctx(), current.reader, scard.SCARD_SHARE_SHARED,
                scard.SCARD_PROTOCOL_T0 | scard.SCARD_PROTOCOL_T1)
        if result != scard.SCARD_S_SUCCESS:
            if result in _CARD_GONE:
                raise CardRemoved(f"connect: {_error_text(result)}")
            if result in _READER_GONE:
                raise NoReader(f"connect: {_error_text(result)}")
            raise CardRemoved(f"connect: {_error_text(result)}")
        return PcscChannel(hcard, protocol, current.reader)


class CardMonitor:
    """Turns successive :meth:`Terminal.state` snapshots into events.

    ``poll()`` returns a list of "reader_lost", "reader_back", "card_present", "card_removed".
    A monitor that starts without a reader reports "reader_lost" once."""

    def __init__(self, terminal: CardTerminal) -> None:
        self.terminal = terminal
        self.reader_ok: bool | None = None
        self.card_present = False

    def poll(self) -> list[str]:
        try:
            current = self.terminal.state()
        except Exception as exc:  # never let a monitor error end monitoring
            log.warning("reader state unavailable: %s", type(exc).__name__)
            current = TerminalState(None)
        events: list[str] = []
        reader_ok = current.reader is not None
        if reader_ok != self.reader_ok:
            if not reader_ok:
                events.append("reader_lost")
            elif self.reader_ok is False:
                events.append("reader_back")
        self.reader_ok = reader_ok
        if current.card_present != self.card_present:
            events.append("card_present" if current.card_present else "card_removed")
        self.card_present = current.card_present
        return events
