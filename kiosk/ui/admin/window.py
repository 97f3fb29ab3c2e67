"""The workbench window: editor, preview, versions and publishing, audit, metrics. Any input
counts as activity; after the inactivity limit (≤ 15 min, SEC-10) the window locks until the
same administrator signs in again, and at the absolute limit it closes the session."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QMainWindow,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.ui.admin.audit import AuditPanel
from kiosk.ui.admin.common import AdminContext
from kiosk.ui.admin.dashboard import DashboardPanel
from kiosk.ui.admin.editor import EditorPanel
from kiosk.ui.admin.preview import PreviewPanel
from kiosk.ui.admin.publish import PublishPanel
from kiosk.ui.admin.signin import SignInDialog

ACTIVITY = {QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.Wheel}


class _Activity(QObject):
    def __init__(self, window: AdminWindow) -> None:
        super().__init__(window)
        self.window = window

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if event.type() in ACTIVITY and self.window.ctx.session is not None:
            self.window.ctx.session.touch()
        return False


class AdminWindow(QMainWindow):
    def __init__(self, ctx: AdminContext, *, check_interval_ms: int = 5000) -> None:
        super().__init__()
        self.ctx = ctx
        self.setWindowTitle(ctx.t("admin.window_title", account=ctx.session.actor if ctx.session else ""))
        self.pages = QStackedWidget()
        self.setCentralWidget(self.pages)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("workbench")
        self.editor = EditorPanel(ctx)
        self.preview = PreviewPanel(ctx, self.editor.wc.documents)
        self.publishing = PublishPanel(ctx)
        self.audit = AuditPanel(ctx)
        self.dashboard = DashboardPanel(ctx)
        for panel, key in ((self.editor, "admin.tab_editor"), (self.preview, "admin.tab_preview"),
                           (self.publishing, "admin.tab_publish"), (self.audit, "admin.tab_audit"),
                           (self.dashboard, "admin.tab_metrics")):
            self.tabs.addTab(panel, ctx.t(key))
        self.editor.saved.connect(self.publishing.refresh)
        self.editor.saved.connect(self.preview.refresh_choices)
        self.publishing.changed.connect(self.editor.reload)
        self.publishing.changed.connect(self.audit.refresh)
        self.pages.addWidget(self.tabs)
        self.lock_page = QWidget()
        lock = QVBoxLayout(self.lock_page)
        self.lock_label = QLabel(ctx.t("admin.locked"))
        self.lock_label.setObjectName("locked")
        lock.addWidget(self.lock_label)
        self.pages.addWidget(self.lock_page)
        self._filter = _Activity(self)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self._filter)
        self.timer = QTimer(self)
        self.timer.setInterval(check_interval_ms)
        self.timer.timeout.connect(self.check_session)
        self.timer.start()

    @property
    def locked(self) -> bool:
        return self.pages.currentWidget() is self.lock_page

    def check_session(self) -> str:
        """Lock or close the window according to the session state."""
        if self.ctx.session is None:
            return "none"
        state = self.ctx.session.state()
        if state == "locked" and not self.locked:
            self.pages.setCurrentWidget(self.lock_page)
            QTimer.singleShot(0, self.ask_unlock)
        elif state in ("expired", "ended"):
            self.pages.setCurrentWidget(self.lock_page)
            self.lock_label.setText(self.ctx.t("admin.session_expired"))
            self.timer.stop()
        elif state == "active" and self.locked:
            self.pages.setCurrentWidget(self.tabs)
        return state

    def ask_unlock(self) -> None:
        if not self.locked or self.ctx.session is None or self.ctx.session.state() != "locked":
            return
        dialog = SignInDialog(self.ctx, "unlock", self)
        dialog.exec()
        self.check_session()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt API)
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self._filter)
        if self.ctx.session is not None:
            self.ctx.session.sign_out()
        super().closeEvent(event)
