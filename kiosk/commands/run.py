"""``kiosk run``: the resident kiosk, full screen without decorations; staff leave it only with
their enrolled staff card and its PIN, or the installation's shared staff PIN (Config.kiosk.staff_pin)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtCore import QCoreApplication

    from kiosk.ports import CataloguePort
    from kiosk.ui.window import KioskWindow


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("run", help="start the resident kiosk (full screen)")
    parser.add_argument("--windowed", action="store_true", help="a normal window (development, demos)")
    parser.set_defaults(func=handler)


def handler(args: argparse.Namespace) -> int:
    from dataclasses import replace

    from PySide6.QtCore import Qt

    from kiosk import cli, log
    from kiosk.ui.app import application, build, end_on_sigterm, install_crash_screen, set_aside_once_up

    config = cli.load_config(args)
    if args.windowed:
        config = replace(config, kiosk=replace(config.kiosk, fullscreen=False))
    log.setup(config.log_dir)
    app = application()
    kiosk = build(config)
    install_crash_screen(kiosk)
    end_on_sigterm(app)  # systemd's stop: shut down in order, the kiosk's own processes with it
    window = kiosk.window
    _check_catalogue_first(config.forms_dir, window, app)
    set_aside_once_up(app, window.journey)  # what it holds for good, out of later collections
    if config.kiosk.fullscreen:
        window.setWindowFlags(Qt.WindowType.FramelessWindowHint | Qt.WindowType.WindowStaysOnTopHint)
        window.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        window.fill_screen()  # sized from the screen itself: no window manager needed
    else:
        window.resize(1280, 900)
        window.show()
    try:
        return int(app.exec())
    finally:
        kiosk.shutdown()


def _check_catalogue_first(forms_dir: Path, window: KioskWindow, app: QCoreApplication) -> None:
    """The kiosk refuses to start with an invalid catalogue, and says why. The whole catalogue is
    checked off the GUI thread once the first screen ("getting ready") is drawn, and the first
    session's catalogue loads only after the check: on a problem the kiosk prints it and exits
    with status 1 before anyone could start."""
    import threading

    from kiosk.catalogue.loader import check_catalogue
    from kiosk.ui.operations import runner

    checked = threading.Event()
    problems: list[str] = []
    load = window.catalogue_source

    def check() -> list[str]:  # on a worker
        try:
            problems.extend(check_catalogue(forms_dir))
        except Exception as exc:  # a check that cannot run refuses as well
            problems.append(f"{forms_dir}: not checked ({type(exc).__name__})")
        finally:
            checked.set()
        return problems

    def checked_source() -> CataloguePort | None:  # on a worker: waits for the check
        checked.wait()
        return None if problems or load is None else load()

    def verdict(found: list[str]) -> None:
        if found:
            print(f"kiosk: the form catalogue in {forms_dir} is invalid:", file=sys.stderr)
            for problem in found:
                print(f"  {problem}", file=sys.stderr)
            app.exit(1)

    def start() -> None:
        runner().run(check, verdict, owner=window)

    window.catalogue_source = checked_source
    runner().after_paint(start, owner=window)
