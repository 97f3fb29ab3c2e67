"""The ``kiosk`` command. Each subcommand lives in ``kiosk/commands/<name>.py`` and exposes
``register(subparsers)``; heavy imports (Qt, pyscard, reportlab) happen inside the handlers so
``kiosk --help`` stays fast.

Whatever the arguments and files, a failing command prints one line on stderr and exits non-zero:
a usage mistake exits 2 (``kiosk sheet: the following arguments are required: --form (see kiosk
sheet --help)``), a typed :class:`~kiosk.errors.KioskError` exits 1 with its message, and anything
unforeseen exits :data:`EXIT_INTERNAL` naming only the exception's type, never a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from kiosk import __version__
from kiosk.errors import KioskError

if TYPE_CHECKING:
    from kiosk.config import Config

EXIT_INTERNAL = 70  # sysexits EX_SOFTWARE: an error the kiosk did not foresee

# Order is the order shown in --help.
COMMANDS = (
    "run", "demo", "clerk", "counter", "display", "admin", "doctor", "db",
    "card", "forms", "navigate", "sheet", "verify", "keys", "supervise",
)


class _Parser(argparse.ArgumentParser):
    """Usage mistakes in one line (sub-parsers are made of the same class)."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: {message} (see {self.prog} --help)\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="kiosk",
        description="No-write counter kiosk (書かない窓口): resident kiosk, clerk station and admin workbench.",
    )
    parser.add_argument("--version", action="version", version=f"kiosk {__version__}")
    parser.add_argument(
        "--config", type=Path, default=None,
        help="configuration file (TOML); default: $KIOSK_CONFIG or <config dir>/kiosk.toml",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        try:
            module = importlib.import_module(f"kiosk.commands.{name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"kiosk.commands.{name}":
                continue
            raise
        module.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args) or 0)
    except KioskError as exc:
        from kiosk import i18n

        print(f"kiosk: {i18n.text(exc.key, 'en', **exc.params)} ({exc})", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # the last guard: one line, the type only (a message may hold personal data)
        print(f"kiosk: internal error ({type(exc).__name__}); please report it with the command line", file=sys.stderr)
        return EXIT_INTERNAL


def load_config(args: argparse.Namespace) -> Config:
    """The configuration named by ``--config`` (or the default); shared by every command."""
    from kiosk.config import load

    return load(getattr(args, "config", None))
