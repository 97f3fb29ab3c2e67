"""``kiosk run``: the resident kiosk, full screen without decorations; staff leave it only with the
staff PIN (Config.kiosk.staff_pin)."""

from __future__ import annotations

import argparse


def register(subparsers) -> None:
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
        return app.exec()
    finally:
        kiosk.shutdown()
