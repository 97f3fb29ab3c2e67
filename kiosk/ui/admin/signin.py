"""Sign-in of an administrator (account, password, TOTP code): for the workbench, to unlock it
after inactivity, and for a second administrator approving a 個人番号 change."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLineEdit, QVBoxLayout

from kiosk import staff
from kiosk.admin.auth import AdminSession
from kiosk.errors import KioskError
from kiosk.ui.admin.common import AdminContext, MessageLine


class SignInDialog(QDialog):
    """``mode``: "sign_in" (gives ``.session``), "unlock" (the signed-in account), or "approve"
    (another administrator; gives ``.account``)."""

    def __init__(self, ctx: AdminContext, mode: str = "sign_in", parent=None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.mode = mode
        self.session: AdminSession | None = None
        self.account: staff.StaffAccount | None = None
        self.setWindowTitle(ctx.t(f"admin.{mode}_title"))
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.account_edit = QLineEdit()
        self.account_edit.setObjectName("account")
        self.password = QLineEdit()
        self.password.setObjectName("password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.code = QLineEdit()
        self.code.setObjectName("code")
        self.code.setMaxLength(8)
        for widget, key in ((self.account_edit, "admin.account"), (self.password, "admin.password"),
                            (self.code, "admin.totp_code")):
            widget.setAccessibleName(ctx.t(key))
            form.addRow(ctx.t(key), widget)
        if mode == "unlock" and ctx.session is not None:
            self.account_edit.setText(ctx.session.actor)
            self.account_edit.setReadOnly(True)
        layout.addLayout(form)
        self.message = MessageLine("signin-message")
        layout.addWidget(self.message)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def submit(self) -> bool:
        account, password, code = self.account_edit.text().strip(), self.password.text(), self.code.text().strip()
        self.password.clear()
        self.code.clear()
        try:
            if self.mode == "sign_in":
                self.session = AdminSession.sign_in(self.ctx.db, account, password, code, station=self.ctx.station)
            elif self.mode == "unlock":
                self.ctx.session.unlock(password, code)
            else:
                found = staff.sign_in(self.ctx.db, account, password, code, role="admin", station=self.ctx.station)
                if not found.has_totp:
                    raise KioskError("no second factor", key="admin.totp_required")
                self.account = found
        except KioskError as exc:
            self.message.show_error(self.ctx, exc)
            return False
        self.accept()
        return True
