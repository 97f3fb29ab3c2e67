"""The kiosk's out-of-service screen: shown instead of the language screen when the kiosk must
not start a resident's journey: its embedded database failed SQLite's own check at start
(REL-09, :class:`kiosk.errors.DatabaseDamaged`), or a disk it writes is too full (REL-12,
:class:`kiosk.errors.DiskFull`, lifted by itself once there is room). It says so in the kiosk's language, gives staff
the reason (a message key, never a trace or a path) and offers only the staff exit by the shared
staff PIN (a staff card is checked against the database, which is what failed). A wrong PIN says
so; with no PIN set, the screen says the kiosk's service must be stopped. By touch and by keys: the
staff button takes the focus, the pad takes digits and Enter."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from kiosk import i18n
from kiosk.errors import KioskError
from kiosk.ui.base import ScreenBase
from kiosk.ui.keypads import NumericPad
from kiosk.ui.widgets import RubyLabel, button, set_text

if TYPE_CHECKING:  # pragma: no cover
    from kiosk.ui.window import KioskWindow


class OutOfServiceScreen(ScreenBase):
    """"Out of service" and, for staff, why (``error``'s message key in the kiosk's language)."""

    name = "out_of_service"

    def __init__(self, window: KioskWindow, error: KioskError) -> None:
        super().__init__(window)
        self.error = error
        self.text = RubyLabel("")
        self.reason = RubyLabel("", object_name="Small")
        self.body.addWidget(self.text)
        self.body.addWidget(self.reason)
        self.notice = RubyLabel("", object_name="Small")  # for staff: a wrong PIN, or no PIN set
        self.notice.hide()
        self.body.addWidget(self.notice)
        self.pad: NumericPad | None = None
        self.body.addStretch(1)
        self.staff = button("", primary=True, name="out-of-service-staff")
        self.staff.clicked.connect(self.open_pad)
        self.action_row.addStretch(1)
        self.action_row.addWidget(self.staff)

    def refresh(self) -> None:
        self.title.setText(self.t("resident.out_of_service_title"))
        self.text.setText(self.t("resident.out_of_service_text"))
        reason = i18n.plain(self.t(self.error.key, **self.error.params))
        self.reason.setText(self.t("resident.out_of_service_staff", reason=reason))
        set_text(self.staff, self.t("resident.staff_only"))

    def initial_focus(self) -> QWidget | None:
        return self.pad.ok if self.pad is not None else self.staff  # digits typed reach the pad from its OK

    def open_pad(self) -> None:
        """The staff PIN pad (each try audited where the database allows: SEC-09)."""
        if self.pad is not None:
            return
        if not self.kiosk.config.kiosk.staff_pin:
            self._tell("resident.out_of_service_no_pin")
            return
        self.notice.hide()
        self.pad = NumericPad(self.lang, "", kind="secret")
        self.pad.accepted.connect(self._check)
        self.pad.cancelled.connect(self.close_pad)
        self.body.insertWidget(self.body.count() - 1, self.pad)
        self.staff.setEnabled(False)
        self.settle_focus()

    def close_pad(self) -> None:
        if self.pad is not None:
            self.pad.hide()
            self.pad.deleteLater()
            self.pad = None
        self.staff.setEnabled(True)
        self.settle_focus()

    def _check(self, pin: str) -> None:
        if not self.kiosk.staff_exit(pin):
            self.close_pad()
            self._tell("staff_card.shared_pin_locked" if self.kiosk.shared_pin_locked()
                       else "staff_card.shared_pin_wrong")

    def _tell(self, key: str) -> None:
        self.notice.setText(self.t(key))
        self.notice.show()
