"""``kiosk display``: the public display of the numbers being called per counter (full screen)."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "display", help="public display of the waiting numbers being called, per counter",
        description="Full-screen display of the numbers the division stations call (呼び出し), per counter, in "
                    "large type, with every shipped language's counter names. Needs no window manager "
                    "(e.g. QT_QPA_PLATFORM=eglfs or linuxfb on a bare screen).",
    )
    parser.add_argument("--divisions", default="", metavar="ID,ID",
                        help="show only these divisions (default: every counter in the catalogue)")
    parser.add_argument("--windowed", action="store_true", help="do not open full screen")
    parser.set_defaults(func=_display)


def _display(args: argparse.Namespace) -> int:
    from kiosk import log
    from kiosk.catalogue.loader import load_catalogue
    from kiosk.cli import load_config
    from kiosk.routing.divisions import Divisions
    from kiosk.storage.database import open_database
    from kiosk.ui.display import run_display

    config = load_config(args)
    log.setup(config.log_dir)
    catalogue = load_catalogue(config.forms_dir, municipality=str(config.municipality.code))
    only = tuple(d for d in args.divisions.split(",") if d)
    return run_display(open_database(config), Divisions.of(catalogue), only=only, fullscreen=not args.windowed)
