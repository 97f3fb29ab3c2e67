"""``kiosk card read`` and ``kiosk card simulate``.

``read`` takes the PIN from standard input (never from the command line), prints one JSON
object and exits 0 ok, 2 wrong PIN, 3 blocked, 4 no card / card removed, 5 not a My Number
card, 6 no reader, 1 anything else (garbled data, malformed PIN, unexpected status).

Without a PC/SC service, or without a reader the pattern allows, it says so at once (``"reason":
"no_pcsc_service"`` or ``"no_matching_reader"``) instead of waiting for a card.
"""

from __future__ import annotations

import argparse
import io
import json
import sys
import time
from types import FrameType
from typing import TYPE_CHECKING, Any, NoReturn

if TYPE_CHECKING:
    from kiosk.card.transport import Terminal

EXIT_CODES = {
    "ok": 0, "wrong_pin": 2, "blocked": 3, "no_card": 4, "removed": 4,
    "not_my_number_card": 5, "no_reader": 6,
}


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("card", help="read a My Number Card, or run the virtual card")
    sub = parser.add_subparsers(dest="card_command", metavar="ACTION")

    read = sub.add_parser(
        "read", help="read 基本4情報 (PIN from standard input) and print JSON",
        description="Read the 基本4情報 of a My Number Card and print one JSON object. The PIN is "
                    "read from standard input, never from the command line. Exit codes: 0 ok, "
                    "2 wrong PIN, 3 blocked, 4 no card or card removed, 5 not a My Number card, "
                    "6 no reader or no PC/SC service (said at once, with a \"reason\"), 1 other errors.")
    read.add_argument("--reader", metavar="PATTERN", default=None, type=_pattern,
                      help="regular expression on the reader name (default: card.reader_pattern)")
    read.add_argument("--allow-virtual", action="store_true",
                      help="allow a 'Virtual PCD' reader (development and tests only)")
    read.add_argument("--my-number", action="store_true", help="also read the 個人番号 (EF 0001)")
    read.add_argument("--wait", type=float, default=5.0, metavar="SECONDS",
                      help="how long to wait for a card (default 5)")
    read.set_defaults(func=read_command)

    sim = sub.add_parser("simulate", help="run a virtual My Number Card against pcscd's vpcd")
    sim.add_argument("--persona", required=True, metavar="FILE",
                     help="persona YAML (or a name from assets/personas)")
    sim.add_argument("--host", default="127.0.0.1")
    sim.add_argument("--port", type=int, default=35963)
    sim.set_defaults(func=simulate_command)

    def show_help(_args: argparse.Namespace) -> int:
        parser.print_help()
        return 2

    parser.set_defaults(func=show_help)


def _pattern(text: str) -> str:
    """A reader-name pattern, checked before the PIN is asked for."""
    import re

    try:
        re.compile(text)
    except re.error as exc:
        raise argparse.ArgumentTypeError(f"not a valid regular expression: {exc}") from exc
    return text


def _read_pin() -> bytearray:
    """The PIN from standard input into a wipeable buffer (read straight from the descriptor,
    so no immutable copy of it is left behind)."""
    if sys.stdin.isatty():
        import getpass

        return bytearray(getpass.getpass("PIN: ").encode("ascii", "replace"))
    buffer = bytearray(64)
    stream: object = sys.stdin.buffer
    raw = stream.raw if isinstance(stream, io.BufferedReader) else stream
    if not isinstance(raw, io.RawIOBase | io.BufferedIOBase):
        raise TypeError("standard input is not a binary stream")
    length = 0
    while length < len(buffer):
        view = memoryview(buffer)[length:]
        count = raw.readinto(view) or 0
        view.release()
        if count == 0 or b"\n" in buffer[length:length + count]:
            length += count
            break
        length += count
    end = buffer.find(b"\n", 0, length)
    end = length if end < 0 else end
    if end and buffer[end - 1] == 0x0D:
        end -= 1
    pin = bytearray(buffer[:end])
    for i in range(len(buffer)):
        buffer[i] = 0
    return pin


def _no_reader(reason: str) -> dict[str, Any]:
    from kiosk.card.errors import NoReader

    return {"status": "no_reader", "reason": reason, "tries_left": None, "message_key": NoReader.key}


def _unavailable(terminal: Terminal) -> dict[str, Any] | None:
    """The result to give at once when there is no PC/SC service or no reader to wait on."""
    if not terminal.service_available():
        return _no_reader("no_pcsc_service")
    if not terminal.readers():
        return _no_reader("no_matching_reader")
    return None


def _emit(result: dict[str, Any]) -> int:
    print(json.dumps(result, ensure_ascii=False))
    return EXIT_CODES.get(result["status"], 1)


def read_command(args: argparse.Namespace) -> int:
    from kiosk.card import apdu, errors
    from kiosk.card.reader import KenhojoSession, pin_is_well_formed
    from kiosk.card.transport import Terminal
    from kiosk.cli import load_config
    from kiosk.errors import CardError

    config = load_config(args)
    pattern = args.reader if args.reader is not None else config.card.reader_pattern
    allow_virtual = args.allow_virtual or config.card.allow_virtual_reader
    terminal = Terminal(pattern, allow_virtual)
    missing = _unavailable(terminal)
    if missing is not None:  # said before the PIN is asked for
        terminal.close()
        return _emit(missing)
    pin = _read_pin()
    tries: int | None = None
    try:
        deadline = time.monotonic() + max(0.0, args.wait)
        while True:
            state = terminal.state()
            if state.reader is None:  # the reader went away: nothing to wait on
                return _emit(_unavailable(terminal) or _no_reader("no_matching_reader"))
            if state.card_present or time.monotonic() >= deadline:
                break
            time.sleep(0.05)
        with terminal.connect() as channel:
            session = KenhojoSession(channel)
            tries = session.query_tries()
            if not pin_is_well_formed(pin):
                raise errors.InvalidPin("the PIN must be exactly 4 digits")
            read = session.read(pin, my_number=args.my_number)
        result = {"status": "ok", "tries_left": 3, **read.basic.as_dict()}
        if read.my_number is not None:
            result["my_number"] = str(read.my_number)
        return _emit(result)
    except errors.WrongPin as exc:
        return _emit({"status": "wrong_pin", "tries_left": exc.tries_left, "message_key": exc.key})
    except errors.CardBlocked as exc:
        return _emit({"status": "blocked", "tries_left": 0, "message_key": exc.key})
    except CardError as exc:
        status = {
            errors.NoCard: "no_card", errors.CardRemoved: "removed", errors.NoReader: "no_reader",
            errors.NotMyNumberCard: "not_my_number_card", errors.CardDataError: "garbled",
            errors.InvalidPin: "pin_format", errors.UnexpectedStatus: "failed",
        }.get(type(exc), "failed")
        return _emit({"status": status, "tries_left": tries, "message_key": exc.key})
    finally:
        apdu.wipe(pin)
        terminal.close()


def simulate_command(args: argparse.Namespace) -> int:
    import signal

    from kiosk.card.persona import load_persona
    from kiosk.card.simulator import run_simulator

    def _terminate(_signum: int, _frame: FrameType | None) -> NoReturn:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, _terminate)
    persona = load_persona(args.persona)
    handle = run_simulator(persona, args.host, args.port)
    print(f"virtual My Number Card from {persona.source} on {args.host}:{args.port}; "
          "type 'remove', 'insert' or 'quit' (or press Ctrl-C)", file=sys.stderr)
    try:
        interactive = True
        while True:
            line = sys.stdin.readline() if interactive else ""
            if not line:
                interactive = False
                time.sleep(0.5)
                continue
            word = line.strip().lower()
            if word in ("r", "remove"):
                handle.remove()
            elif word in ("i", "insert"):
                handle.insert()
            elif word in ("q", "quit", "exit"):
                break
    except KeyboardInterrupt:
        pass
    finally:
        handle.stop()
    return 0
