"""``kiosk counter``: the clerk-assisted counter (書かない窓口) on the kiosk's own journey — the
clerk's window driven by keys, the resident's window on the second screen."""

from __future__ import annotations

import argparse

from kiosk.config import SHIPPED_LANGUAGES


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "counter", help="clerk-assisted counter: clerk window and resident window (second screen)",
        description="The resident's journey driven by a clerk at a desk: sign in as at the clerk station, "
                    "answer by keys, the household as a table; the resident confirms each form and types "
                    "the card PIN on their own screen. Scans the kiosk's resume code (続きは窓口で).")
    parser.add_argument("--no-printer", action="store_true", help="render the sheets without a print queue")
    parser.add_argument("--no-card", action="store_true", help="no card reader: every member by hand")
    parser.add_argument("--lang", default="ja", choices=SHIPPED_LANGUAGES,
                        help="the clerk's window's language (default: ja); the resident's window follows the resident")
    parser.set_defaults(func=handle)


def handle(args: argparse.Namespace) -> int:
    from kiosk.cli import load_config
    from kiosk.ui.app import set_aside_once_up
    from kiosk.ui.counter.app import application, from_config

    config = load_config(args)
    app = application()
    counter = from_config(config, printer=not args.no_printer, card=not args.no_card, lang=args.lang)
    set_aside_once_up(app, counter.controller.journey)  # what it holds for good, out of later collections
    try:
        return int(app.exec())
    finally:
        counter.shutdown()
