"""Assembling the resident kiosk: configuration → catalogue, card worker thread, printer, storage,
window. Shared by ``kiosk run``, ``kiosk demo`` and the tests."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from kiosk.config import Config
from kiosk.journey import CataloguePort, Journey
from kiosk.log import get_logger
from kiosk.memory import fix_mmap_threshold
from kiosk.no_dumps import forbid_core_dumps

if TYPE_CHECKING:
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QApplication, QWidget

    from kiosk.storage.database import Database
    from kiosk.ui.card_worker import CardReader
    from kiosk.ui.output import Output
    from kiosk.ui.window import KioskWindow

LOG = get_logger(__name__)


@dataclass
class Kiosk:
    window: Any
    worker: CardReader | None = None  # the card reader; stopped (its thread ended) by shutdown
    extras: list[Any] = field(default_factory=list)

    def shutdown(self) -> None:
        """Stop the card thread and delete the Qt objects while the application still exists."""
        from PySide6.QtCore import QCoreApplication, QEvent

        window = self.window
        if window is not None:
            window.timer.stop()
            app = QCoreApplication.instance()
            if app is not None:
                app.removeEventFilter(window)
            from kiosk.ui.card_screen import CardScreen

            for screen in window.screens.values():
                if isinstance(screen, CardScreen):
                    screen.disconnect_worker()
        if self.worker is not None:
            self.worker.stop()
        if window is not None:
            window.staff_exit_allowed = True
            window.close()  # its last heartbeat, "stopped", is written on the runner (REL-10)
            from kiosk.ui.operations import runner

            runner().wait_idle(5_000, later=False)  # before the process (or its database) ends
            window.deleteLater()
        if self.worker is not None:
            self.worker.deleteLater()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        QCoreApplication.processEvents()
        self.window = self.worker = None


def application(argv: list[str] | None = None) -> QApplication:
    """The Qt application of every station (the kiosk, the counter, the clerk and division
    stations, the display, the admin workbench): no core file of it is ever written and no other
    process reads its memory (kiosk.no_dumps, PRIV-09), the C library's large blocks are mapped on
    their own from its start on, whatever is freed later (kiosk.memory), and Python's cyclic
    garbage is collected on the GUI thread only (kiosk.ui.collector)."""
    from PySide6.QtWidgets import QApplication

    from kiosk.ui.collector import collect_on_gui_thread

    forbid_core_dumps()
    fix_mmap_threshold()
    app = QApplication.instance() or QApplication(argv or sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("kiosk")
    collect_on_gui_thread(app)
    return app


def set_aside_once_up(app: QCoreApplication, journey: Journey) -> None:
    """Once the station's start-up work is done (its catalogue loaded, the runner idle), what it
    holds for its whole life is set aside from later garbage collections (kiosk.ui.collector)."""
    from kiosk.ui.collector import collect_on_gui_thread
    from kiosk.ui.operations import runner

    collect_on_gui_thread(app).set_aside_once_warm(lambda: not journey.starting and not runner().busy)


def load_catalogue_port(config: Config, database: Any = None) -> CataloguePort | None:
    """The navigator/prefill seam over the catalogue a new session must use: the latest one the
    administrators published (when a database is given and holds one), else ``forms/``.
    None when the catalogue cannot be loaded."""
    try:
        enabled = config.kiosk.my_number_enabled
        if database is not None:
            from kiosk.admin.publishing import published_catalogue_dir

            published = published_catalogue_dir(database, config.data_dir / "catalogue-cache")
            if published is not None:
                return CataloguePort.load(published, my_number_enabled=enabled)
        return CataloguePort.load(config.forms_dir if config.paths.forms_dir else None, my_number_enabled=enabled)
    except Exception as exc:  # the kiosk still offers manual help: call staff
        LOG.error("catalogue not loaded: %s", exc)
        return None


def make_output(config: Config, catalogue_port: CataloguePort | None, *, printer: bool = True,
                database: Database | None = None) -> Output:
    from kiosk.keys import check_key
    from kiosk.ui.output import Output

    check_key(config.key_dir)  # a missing key, or one others may read: no printing (the key loads off the GUI thread)

    queue = None
    if printer:
        from kiosk.print_queue import PrintQueue

        queue = PrintQueue(config.printer.queue, timeout=config.printer.job_timeout_seconds)
    catalogue = catalogue_port.catalogue if catalogue_port is not None else None
    return Output(config, key_dir=config.key_dir, queue=queue, catalogue=catalogue, database=database)


def make_database(config: Config) -> Database | None:
    """The configured database, its embedded file checked first (REL-09); None when it cannot be
    made. A damaged file raises :class:`~kiosk.errors.DatabaseDamaged`: the kiosk goes out of service."""
    from kiosk.errors import DatabaseDamaged

    try:
        from kiosk.storage.database import database_for

        return database_for(config)  # its timeouts, and the key folder for the audit checkpoints
    except DatabaseDamaged:
        raise
    except Exception as exc:
        LOG.warning("database not available: %s", type(exc).__name__)
        return None


def build(config: Config, *, catalogue: Any = "load", output: Any = "make", database: Any = "make",
          card: bool = True, dpi: float | None = None, clock: Any = None) -> Kiosk:
    """Everything the resident window needs, from the configuration."""
    from kiosk.ui.window import KioskWindow

    application()
    database_source = None
    if database == "make":  # made by the window off the GUI thread, before the first catalogue load
        database, database_source = None, (lambda: make_database(config))
    # "load": the window loads the catalogue off the GUI thread, its language screen waiting for it.
    port = None if catalogue == "load" else catalogue
    if output == "make":
        try:
            output = make_output(config, port, database=database)
        except Exception as exc:  # no key yet: the result screen says "call staff"
            LOG.error("printing not available: %s", exc)
            output = None
    worker = None
    if card:
        from kiosk.ui.card_worker import CardReader

        worker = CardReader.from_config(config)
    windows: list[Any] = []  # the source runs after the window exists, and reads its database then
    source = (lambda: load_catalogue_port(config, windows[0].database)) if catalogue == "load" else None
    window = KioskWindow(config, catalogue=port, card_worker=worker, output=output, database=database,
                         dpi=dpi, clock=clock, catalogue_source=source, database_source=database_source)
    windows.append(window)
    from kiosk.ui.lockdown import clear_clipboard

    clear_clipboard()  # PRIV-08: the first resident finds nothing left in it from before the start
    if card:  # REL-10: the health checks ask for the reader too, on a PC/SC context of their own
        from kiosk.card.transport import Terminal

        window.health.reader = Terminal.from_config(config)
    from kiosk.kanji import load_index
    from kiosk.ui.operations import runner

    def build_kanji_index() -> None:  # built once off the GUI thread, after the first screen is drawn
        runner().run(load_index, owner=window)

    runner().after_paint(build_kanji_index, owner=window)
    kiosk = Kiosk(window, worker)
    from kiosk.ui.supervision import supervise_window

    supervision = supervise_window(window, window.stack, app_name="kiosk",
                                   screen_name=lambda widget: screen_name(window, widget))
    if supervision is not None:  # SEC-02: READY=1, STATUS and watchdog pings to the supervisor
        kiosk.extras.append(supervision)
    return kiosk


def screen_name(window: KioskWindow, widget: QWidget | None) -> str:
    """The journey screen a page of the resident window shows (an overlay: its class name)."""
    for key, page in window.screens.items():
        if page is widget:
            return str(key)
    return type(widget).__name__ if widget is not None else "none"


def install_crash_screen(kiosk: Kiosk) -> None:
    """SEC-03: an unhandled exception shows only "please call staff" and wipes the session."""

    def hook(kind, value, tb) -> None:
        LOG.error("unhandled %s", kind.__name__)
        try:
            from PySide6.QtCore import QTimer

            from kiosk.journey import Ending

            kiosk.window.journey.end(Ending.ERROR)
            QTimer.singleShot(50, kiosk.window.show_error)
        except Exception as exc:  # never let the hook itself raise
            LOG.error("crash screen failed: %s", type(exc).__name__)

    sys.excepthook = hook


_wake_sockets: list[tuple[Any, Any]] = []  # end_on_sigterm's, kept open for the process's life


def end_on_sigterm(app: QCoreApplication) -> None:
    """SIGTERM (systemd stopping the unit with ``KillMode=mixed``, ``kiosk supervise`` stopping)
    ends the event loop, so that the kiosk shuts down in order (:meth:`Kiosk.shutdown`, then the
    speech-ahead process's input closed and the process waited for) instead of dying at once and
    leaving its own processes behind (SEC-02: the restart starts clean). Python runs the handler
    only when it gets control: the signal wakes the event loop through a socket pair."""
    import signal
    import socket

    from PySide6.QtCore import QSocketNotifier

    wake_read, wake_write = socket.socketpair()
    for end in (wake_read, wake_write):
        end.setblocking(False)
    signal.set_wakeup_fd(wake_write.fileno(), warn_on_full_buffer=False)
    signal.signal(signal.SIGTERM, lambda _signum, _frame: app.exit(0))
    notifier = QSocketNotifier(wake_read.fileno(), QSocketNotifier.Type.Read, app)

    def woken() -> None:  # the handler itself runs as Python gets control here
        try:
            wake_read.recv(64)
        except BlockingIOError:
            pass

    notifier.activated.connect(woken)
    _wake_sockets.append((wake_read, wake_write))
