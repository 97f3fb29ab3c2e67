"""``kiosk run``: the resident kiosk, full screen without decorations; staff leave it only with the
staff PIN (Config.kiosk.staff_pin)."""

from __future__ import annotations

import argparse
import sys


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("run", help="start the resident kiosk (full screen)")
    parser.add_argument("--windowed", action="store_true", help="a normal window (development, demos)")
    parser.set_defaults(func=handler)


def handler(args: argparse.Namespace) -> int:
    from dataclasses import replace

    from PySide6.QtCore import Qt

    from kiosk import cli, log
    from kiosk.ui.app import application, build, install_crash_screen

    config = cli.load_config(args)
    if args.windowed:
        config = replace(config, kiosk=replace(config.kiosk, fullscreen=False))
    log.setup(config.log_dir)
    from kiosk.catalogue.loader import check_catalogue

    problems = check_catalogue(config.forms_dir)
    if problems:  # the kiosk refuses to start with an invalid catalogue, and says why
        print(f"kiosk: the form catalogue in {config.forms_dir} is invalid:", file=sys.stderr)
        for problem in problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    app = application()
    kiosk = build(config)
    install_crash_screen(kiosk)
    window = kiosk.window
    if config.kiosk.fullscreen:
        window.setWindowFlags(Qt.WindowType.FramelessWindowHint | Qt.WindowType.WindowStaysOnTopHint)
        window.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        window.showFullScreen()
    else:
        window.resize(1280, 900)
        window.show()
    try:
        return int(app.exec())
    finally:
        kiosk.shutdown()
