"""One staff sign-in gate for the windows staff work at: the clerk station, the counter's clerk
window and a division's queue station.

A window says which role it needs, how its sign-in page is titled, and what happens after sign-in
and after sign-out; the gate owns the rest:

- the sign-in page (staff id, password, one-time code when the account has one), by keys alone
  (Enter in the id moves to the password, Enter there signs in) and by touch alone (the fields and
  a large button);
- the check itself, :func:`kiosk.staff.sign_in` (argon2, role, failure count and lock, audit),
  through the operations runner: the GUI thread never waits on it;
- its messages in the window's language: wrong id, password or code (one message whatever was
  wrong), account locked, wrong role for this window, database unreachable — never a stack trace;
- sign-out (audited with its reason; the windows' サインアウト buttons and :data:`SIGN_OUT_KEYS`), the inactivity sign-out and the absolute session length
  (SEC-10); any key, click, wheel or touch on any window restarts the inactivity timer.

The work page is shown only while someone is signed in.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer
from PySide6.QtWidgets import (
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk import staff
from kiosk.errors import DatabaseUnreachable, KioskError
from kiosk.log import get_logger
from kiosk.storage.database import Database
from kiosk.ui.clerk.common import ACTIVITY, message_line
from kiosk.ui.clerk.health import DatabaseHealth
from kiosk.ui.operations import runner

LOG = get_logger(__name__)
IDLE_REASONS = ("inactivity", "session_limit")  # sign-outs the person did not ask for: the page says why
DEFAULT_SESSION_SECONDS = 12 * 3600  # SEC-10: absolute session length
SIGN_OUT_KEYS = "Ctrl+Shift+L"  # signs out of a gated window's work page; shown on its サインアウト button and key hints


def credential_fields(labels: tuple[str, str, str], names: tuple[str, str, str]
                      ) -> tuple[QFormLayout, QLineEdit, QLineEdit, QLineEdit]:
    """The account, password and one-time code fields in a labelled form (also the admin
    workbench's sign-in dialog). Each field is named for assistive technology by its label."""
    form = QFormLayout()
    account, password, code = QLineEdit(), QLineEdit(), QLineEdit()
    password.setEchoMode(QLineEdit.EchoMode.Password)
    code.setMaxLength(8)
    for field, label, name in zip((account, password, code), labels, names, strict=True):
        field.setObjectName(name)
        field.setAccessibleName(label)
        form.addRow(label, field)
    return form, account, password, code


class SignInPage(QWidget):
    """The page the gate shows while nobody is signed in. It only builds widgets."""

    def __init__(self, title: str, t: Callable[..., str]) -> None:
        super().__init__()
        self.setObjectName("SignInPage")
        layout = QVBoxLayout(self)
        self.title = QLabel(title)
        self.title.setObjectName("Title")
        self.title.setWordWrap(True)
        layout.addWidget(self.title)
        form, self.account_field, self.password_field, self.totp_field = credential_fields(
            (t("clerk.account"), t("clerk.password"), t("clerk.totp")), ("AccountField", "PasswordField", "TotpField"))
        layout.addLayout(form)
        self.sign_in_button = QPushButton(t("clerk.sign_in"))
        self.sign_in_button.setObjectName("SignInButton")
        self.sign_in_button.setMinimumHeight(44)
        layout.addWidget(self.sign_in_button)
        self.message = message_line("SignInMessage")
        layout.addWidget(self.message)
        layout.addStretch(1)
        self.account_field.returnPressed.connect(self.password_field.setFocus)


class SignInGate(QObject):
    """The sign-in gate of one window. ``stack`` holds the gate's page and ``work_page``; the
    gate switches between them. ``on_signed_in(account)`` runs once the work page shows;
    ``on_signed_out(reason)`` runs before the gate's page comes back (the window clears its work
    there). ``db`` None: no staff database is configured and nobody can sign in."""

    def __init__(self, db: Database | None, *, station_id: str, stack: QStackedWidget, work_page: QWidget,
                 title: str, t: Callable[..., str], on_signed_in: Callable[[staff.StaffAccount], None],
                 on_signed_out: Callable[[str], None], role: str = "clerk", max_failures: int = 5,
                 lock_after_seconds: float = 300, max_session_seconds: float = DEFAULT_SESSION_SECONDS,
                 health: DatabaseHealth | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.db, self.station_id, self.role, self.max_failures = db, station_id, role, max_failures
        self.stack, self.work_page, self.t = stack, work_page, t
        self.on_signed_in, self.on_signed_out = on_signed_in, on_signed_out
        self.health = health
        self.account: staff.StaffAccount | None = None
        self.checking = False
        self.page = SignInPage(title, t)
        self.page.sign_in_button.clicked.connect(self.submit)
        self.page.password_field.returnPressed.connect(self.submit)
        self.page.totp_field.returnPressed.connect(self.submit)
        stack.addWidget(self.page)
        stack.setCurrentWidget(self.page)
        self.page.account_field.setFocus()
        self.idle = self._timer(lock_after_seconds, "inactivity")
        self.session_limit = self._timer(max_session_seconds, "session_limit")
        if health is not None:
            health.recovered.connect(self._recovered)
        self._filtering = QCoreApplication.instance()
        if self._filtering is not None:
            self._filtering.installEventFilter(self)

    def _timer(self, seconds: float, reason: str) -> QTimer:
        timer = QTimer(self)
        timer.setSingleShot(True)
        timer.setInterval(max(1, int(seconds * 1000)))
        timer.timeout.connect(lambda: self.sign_out(reason))
        return timer

    # Signing in ---------------------------------------------------------------------------------
    def submit(self) -> None:
        """Check what was typed on a worker; the page says it is checking, the GUI does not wait."""
        page = self.page
        if self.checking or self.account is not None:
            return
        account_id, password = page.account_field.text().strip(), page.password_field.text()
        code = page.totp_field.text().strip() or None
        page.password_field.clear()
        page.totp_field.clear()
        db = self.db
        if db is None:
            page.message.setText(self.t("db.unreachable"))
            return
        self.checking = True
        page.sign_in_button.setEnabled(False)
        page.message.setText(self.t("clerk.checking"))
        role, failures, station = self.role, self.max_failures, self.station_id

        def work() -> staff.StaffAccount:
            return staff.sign_in(db, account_id, password, code, role=role, max_failures=failures, station=station)

        runner().run(work, self.admit, self._refused, owner=self)

    def admit(self, account: staff.StaffAccount) -> None:
        """``account`` is signed in: the work page shows and the session timers start."""
        self.checking = False
        self.page.sign_in_button.setEnabled(True)
        if self.health is not None:
            self.health.answered()
        self.account = account
        self.page.message.clear()
        self.stack.setCurrentWidget(self.work_page)
        self.idle.start()
        self.session_limit.start()
        self.on_signed_in(account)

    def _refused(self, error: Exception) -> None:
        self.checking = False
        self.page.sign_in_button.setEnabled(True)
        if isinstance(error, DatabaseUnreachable) and self.health is not None:
            self.health.lost()
        if isinstance(error, KioskError):
            self.page.message.setText(self.t(error.key, **error.params))
        else:
            LOG.error("staff sign-in failed: %s", type(error).__name__)
            self.page.message.setText(self.t("error.generic"))
        self.page.password_field.setFocus()

    def _recovered(self) -> None:
        if self.account is None and not self.checking:
            self.page.message.setText(self.t("clerk.db_recovered"))

    # Signing out --------------------------------------------------------------------------------
    def sign_out(self, reason: str) -> None:
        """Back to the sign-in page (``reason``: sign_out, inactivity, session_limit, closed);
        the window clears its work first. The end of the staff session is audited."""
        if self.account is None:
            return
        account, self.account = self.account, None
        self.idle.stop()
        self.session_limit.stop()
        self.on_signed_out(reason)
        self.stack.setCurrentWidget(self.page)
        self.page.message.setText(self.t("clerk.locked_screen") if reason in IDLE_REASONS else "")
        if self.db is not None:
            db, station = self.db, self.station_id
            runner().run(lambda: staff.sign_out(db, account, reason=reason, station=station),
                         on_failure=lambda error: LOG.warning("sign-out not audited: %s", type(error).__name__))
        self.page.account_field.setFocus()

    def stop(self) -> None:
        """The window goes away: no timer fires and no event passes through the gate any more."""
        self.idle.stop()
        self.session_limit.stop()
        if self._filtering is not None:
            self._filtering.removeEventFilter(self)
            self._filtering = None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt naming
        if self.account is not None and event.type() in ACTIVITY:
            self.idle.start()
        return False


class Gated:
    """What a window behind a gate shows of it: the signed-in account, the page and its fields,
    signing in and out (the window sets ``gate`` before anything reads these)."""

    gate: SignInGate

    @property
    def account(self) -> staff.StaffAccount | None:
        return self.gate.account

    @property
    def sign_in_page(self) -> SignInPage:
        return self.gate.page

    @property
    def account_field(self) -> QLineEdit:
        return self.gate.page.account_field

    @property
    def password_field(self) -> QLineEdit:
        return self.gate.page.password_field

    @property
    def totp_field(self) -> QLineEdit:
        return self.gate.page.totp_field

    @property
    def sign_in_button(self) -> QPushButton:
        return self.gate.page.sign_in_button

    @property
    def sign_in_message(self) -> QLabel:
        return self.gate.page.message

    def sign_in(self) -> None:
        self.gate.submit()

    def lock(self, reason: str) -> None:
        """Sign out (the button, the inactivity timer, closing); nothing of the work stays on screen."""
        self.gate.sign_out(reason)
