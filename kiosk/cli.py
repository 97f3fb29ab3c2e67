"""The ``kiosk`` command. Each subcommand lives in ``kiosk/commands/<name>.py`` and exposes
``register(subparsers)``; heavy imports (Qt, pyscard, reportlab) happen inside the handlers so
``kiosk --help`` stays fast.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk import __version__
from kiosk.errors import KioskError

if TYPE_CHECKING:
    from kiosk.config import Config

# Order is the order shown in --help.
COMMANDS = (
    "run", "demo", "clerk", "admin", "doctor", "db",
    "card", "forms", "navigate", "sheet", "verify", "keys", "supervise",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
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


def load_config(args: argparse.Namespace) -> Config:
    """The configuration named by ``--config`` (or the default); shared by every command."""
    from kiosk.config import load

    return load(getattr(args, "config", None))
