"""Sign-in of an administrator (account, password, TOTP code): for the workbench, to unlock it
after inactivity, and for a second administrator approving a 個人番号 change.

The check (argon2 and the database) runs through the operations runner: the dialog shows that it
is checking and stays responsive; the GUI thread never waits on it. The fields are the staff
gate's (:func:`kiosk.ui.clerk.gate.credential_fields`); the workbench keeps its own dialog because
its session (second factor required, unlock by the same administrator, approval by another) is
:class:`kiosk.admin.auth.AdminSession`'s."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QVBoxLayout, QWidget

from kiosk import staff
from kiosk.admin.auth import AdminSession
from kiosk.errors import KioskError
from kiosk.log import get_logger
from kiosk.ui.admin.common import AdminContext, MessageLine
from kiosk.ui.clerk.gate import credential_fields
from kiosk.ui.operations import runner

LOG = get_logger(__name__)


class SignInDialog(QDialog):
    """``mode``: "sign_in" (gives ``.session``), "unlock" (the signed-in account), or "approve"
    (another administrator; gives ``.account``). ``submit`` starts the check; the dialog accepts
    itself when it succeeds."""

    def __init__(self, ctx: AdminContext, mode: str = "sign_in", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.mode = mode
        self.session: AdminSession | None = None
        self.account: staff.StaffAccount | None = None
        self.checking = False
        self.setWindowTitle(ctx.t(f"admin.{mode}_title"))
        layout = QVBoxLayout(self)
        form, self.account_edit, self.password, self.code = credential_fields(
            (ctx.t("admin.account"), ctx.t("admin.password"), ctx.t("admin.totp_code")), ("account", "password", "code"))
        if mode == "unlock" and ctx.session is not None:
            self.account_edit.setText(ctx.session.actor)
            self.account_edit.setReadOnly(True)
        layout.addLayout(form)
        self.message = MessageLine("signin-message")
        layout.addWidget(self.message)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    def submit(self) -> bool:
        """Start checking what was typed; False if a check is already running."""
        if self.checking:
            return False
        account, password, code = self.account_edit.text().strip(), self.password.text(), self.code.text().strip()
        self.password.clear()
        self.code.clear()
        self._set_checking(True)
        self.message.show_text(self.ctx.t("clerk.checking"))
        runner().run(self._work(account, password, code), self._succeeded, self._failed, owner=self)
        return True

    def _work(self, account: str, password: str, code: str) -> Callable[[], object]:
        ctx, mode = self.ctx, self.mode

        def work() -> object:
            if mode == "sign_in":
                return AdminSession.sign_in(ctx.db, account, password, code, station=ctx.station)
            if mode == "unlock":
                if ctx.session is not None:
                    ctx.session.unlock(password, code)
                return None
            found = staff.sign_in(ctx.db, account, password, code, role="admin", station=ctx.station)
            if not found.has_totp:
                raise KioskError("no second factor", key="admin.totp_required")
            return found

        return work

    def _succeeded(self, value: object) -> None:
        self._set_checking(False)
        if isinstance(value, AdminSession):
            self.session = value
        elif isinstance(value, staff.StaffAccount):
            self.account = value
        self.message.show_text("")
        self.accept()

    def _failed(self, error: Exception) -> None:
        self._set_checking(False)
        if isinstance(error, KioskError):
            self.message.show_error(self.ctx, error)
        else:
            LOG.error("administrator sign-in failed: %s", type(error).__name__)
            self.message.show_text(self.ctx.t("error.generic"), "error")
        self.password.setFocus()

    def _set_checking(self, on: bool) -> None:
        self.checking = on
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        if ok is not None:
            ok.setEnabled(not on)
