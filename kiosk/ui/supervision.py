"""Telling the supervisor (systemd or ``kiosk supervise``) how the GUI is doing (SEC-02).

``READY=1`` goes out once the window's first frame is painted, ``STATUS=<app>: <screen>`` on every
page change (screen names only), and ``WATCHDOG=1`` from a timer on the GUI thread at half the
watchdog interval: a GUI thread that hangs stops the pings and the supervisor restarts the app.
Nothing happens when no supervisor asked for notifications.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer
from PySide6.QtWidgets import QStackedWidget, QWidget

from kiosk.watchdog import Notifier


class Supervision(QObject):
    def __init__(self, notifier: Notifier, window: QWidget, stack: QStackedWidget, *, app_name: str,
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
        stack.currentChanged.connect(self._page_changed)
        window.installEventFilter(self)
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self._quitting)

    def status_text(self) -> str:
        return f"{self.app_name}: {self.screen_name(self.stack.currentWidget())}"

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


def supervise_window(window: QWidget, stack: QStackedWidget, *, app_name: str,
                     screen_name: Callable[[QWidget | None], str],
                     notifier: Notifier | None = None) -> Supervision | None:
    """Attach the notifications to a top-level window; None when no supervisor listens."""
    notifier = notifier or Notifier.from_environ()
    if not notifier.enabled:
        return None
    return Supervision(notifier, window, stack, app_name=app_name, screen_name=screen_name)
