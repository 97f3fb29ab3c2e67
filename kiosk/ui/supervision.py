"""Telling the supervisor (systemd or ``kiosk supervise``) how the GUI is doing (SEC-02).

``READY=1`` goes out once the window's first frame is painted, ``STATUS=<app>: <screen>`` on every
page change of its stack (screen names only; a window of one screen has no stack), and ``WATCHDOG=1`` from a timer on the GUI thread at half the
watchdog interval: a GUI thread that hangs stops the pings and the supervisor restarts the app.
Nothing happens when no supervisor asked for notifications.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer
from PySide6.QtWidgets import QStackedWidget, QWidget

from kiosk.watchdog import Notifier


class Supervision(QObject):
    def __init__(self, notifier: Notifier, window: QWidget, stack: QStackedWidget | None, *, app_name: str,
                 screen_name: Callable[[QWidget | None], str]) -> None:
        super().__init__(window)
        self.notifier = notifier
        self.window = window
        self.stack = stack
        self.app_name = app_name
        self.screen_name = screen_name
        self.ready = False
        self.timer = QTimer(self)
        if notifier.interval is not None:
            self.timer.setInterval(max(100, int(notifier.interval * 1000)))
            self.timer.timeout.connect(notifier.ping)
            self.timer.start()
        if stack is not None:
            stack.currentChanged.connect(self._page_changed)
        window.installEventFilter(self)
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self._quitting)

    def status_text(self) -> str:
        page = self.stack.currentWidget() if self.stack is not None else self.window
        return f"{self.app_name}: {self.screen_name(page)}"

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt naming
        if watched is self.window and event.type() == QEvent.Type.Paint and not self.ready:
            self.ready = True
            self.window.removeEventFilter(self)
            QTimer.singleShot(0, self._announce_ready)  # after the frame is complete
        return False

    def _announce_ready(self) -> None:
        self.notifier.ready(self.status_text())
        if self.notifier.interval is not None:
            self.notifier.ping()

    def _page_changed(self, _index: int) -> None:
        if self.ready:
            self.notifier.status(self.status_text())

    def _quitting(self) -> None:
        self.timer.stop()
        self.notifier.stopping()


def supervise_window(window: QWidget, stack: QStackedWidget | None, *, app_name: str,
                     screen_name: Callable[[QWidget | None], str],
                     notifier: Notifier | None = None) -> Supervision | None:
    """Attach the notifications to a top-level window; None when no supervisor listens."""
    notifier = notifier or Notifier.from_environ()
    if not notifier.enabled:
        return None
    return Supervision(notifier, window, stack, app_name=app_name, screen_name=screen_name)


def page_names(pages: Mapping[QWidget, str]) -> Callable[[QWidget | None], str]:
    """A ``screen_name`` for a window whose pages are named; another page is named by its class."""
    return lambda page: pages.get(page, type(page).__name__) if page is not None else "none"


def exec_supervised(app: QCoreApplication, window: QWidget, stack: QStackedWidget | None, *, app_name: str,
                    screen_name: Callable[[QWidget | None], str]) -> int:
    """Run the event loop of a full-screen program with its window supervised (SEC-02): READY=1,
    STATUS and watchdog pings when a supervisor listens; the pings stop with the loop."""
    supervision = supervise_window(window, stack, app_name=app_name, screen_name=screen_name)
    try:
        return app.exec()
    finally:
        if supervision is not None:
            supervision.timer.stop()
