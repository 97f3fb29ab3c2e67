"""The virtual card's simulator as pcscd's vpcd driver sees it (a listener speaking vpcd's frames on
an ephemeral port, so that the moment the card leaves can be met exactly; the same card through the
real pcscd is in test_card_pcsc.py)."""

from __future__ import annotations

import socket

from kiosk.card.persona import load_persona as persona
from kiosk.card.simulator import SimulatorHandle
from kiosk.card.virtual_card import VirtualCard

SELECT_KENHOJO = bytes.fromhex("00A4040C0AD3921000310001010402")


def _frame(sock: socket.socket, payload: bytes) -> None:
    sock.sendall(len(payload).to_bytes(2, "big") + payload)


def _answer(sock: socket.socket) -> bytes | None:
    """One frame from the card, or None once it has closed the connection (taken off)."""
    header = sock.recv(2, socket.MSG_WAITALL)
    if len(header) < 2:
        return None
    return sock.recv(int.from_bytes(header, "big"), socket.MSG_WAITALL)


def test_rel06_a_card_a_fault_took_off_is_off_before_the_reader_sees_it_go_so_placing_it_again_is_kept():
    """A card pulled mid-read (the ``remove_after_apdu`` fault) and placed again as soon as the
    reader has seen it go comes back. The simulator used to take it off its own books only after
    closing the connection, so a hand quick enough (or a loaded machine) lost the new placing and
    the card never came back: a real pcscd run once waited 30 s for it."""
    with socket.create_server(("127.0.0.1", 0)) as reader:
        reader.settimeout(5)
        port = reader.getsockname()[1]
        card = VirtualCard(persona("adult", remove_after_apdu=2))
        with SimulatorHandle(card, "127.0.0.1", port, min_absence=0.0) as handle:
            first, _ = reader.accept()
            with first:
                first.settimeout(5)
                answers = 0
                while True:
                    _frame(first, SELECT_KENHOJO)
                    if _answer(first) is None:
                        break
                    answers += 1
                # The reader has just seen the card go: at this moment the card must already be off.
                off_when_seen_gone = not handle.inserted
                handle.insert()  # placed again at once
            assert answers == 1 and off_when_seen_gone  # taken off at the second APDU, unanswered
            second, _ = reader.accept()  # the card comes back (a timeout here: the placing was lost)
            with second:
                assert handle.wait_connected(5) and handle.insertions == 2
