""""Call staff": tells the resident whether staff were told and when they are on their way; staff
leave the kiosk only with the staff PIN."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from kiosk.journey import Ending
from kiosk.ui.keypads import NumericPad
from kiosk.ui.widgets import RubyLabel, button

if TYPE_CHECKING:  # pragma: no cover
    from kiosk.ui.window import KioskWindow


class StaffPanel(QWidget):
    """"Call staff": tells the resident help is coming; staff exit needs the staff PIN."""

    name = "staff"

    def __init__(self, window: KioskWindow, *, calling: bool = True) -> None:
        super().__init__()
        self.setObjectName("Screen")
        self.kiosk = window
        self.calling = calling  # False: the error screen, whose title is its own
        layout = QVBoxLayout(self)
        s = window.metrics_px.spacing
        layout.setContentsMargins(s * 6, s * 3, s * 6, s * 3)
        self.title = RubyLabel(window.t(window.staff_caller.title_key) if calling else "", object_name="Title")
        self.text = RubyLabel(window.t("resident.staff_text"))
        layout.addWidget(self.title)
        layout.addWidget(self.text)
        self.pad_box = QVBoxLayout()
        layout.addLayout(self.pad_box)
        layout.addStretch(1)
        row = QHBoxLayout()
        self.back = button(window.t("resident.back"), primary=True, name="staff-back")
        self.back.clicked.connect(window.close_overlay)
        self.cancel = button(window.t("resident.cancel_all"), name="staff-cancel")
        self.cancel.clicked.connect(lambda: window.end_session(Ending.CANCELLED))
        self.staff = button(window.t("resident.staff_only"), name="staff-exit")
        self.staff.clicked.connect(self.open_pad)
        row.addWidget(self.back)
        row.addWidget(self.cancel)
        row.addStretch(1)
        row.addWidget(self.staff)
        layout.addLayout(row)

    def initial_focus(self) -> QWidget | None:
        """Back to the resident's screen is what most residents want next (A11Y-10)."""
        return self.back

    def primary_actions(self) -> list[QWidget]:
        return [self.back]

    def refresh(self) -> None:
        if self.calling:
            self.title.setText(self.kiosk.t(self.kiosk.staff_caller.title_key))

    def open_pad(self) -> None:
        pad = NumericPad(self.kiosk.lang, "", kind="secret")
        pad.accepted.connect(self._check)
        pad.cancelled.connect(self.kiosk.close_overlay)
        self.pad_box.addWidget(pad)
        self.staff.setEnabled(False)
        self.pad = pad

    def _check(self, pin: str) -> None:
        if not self.kiosk.staff_exit(pin):
            self.pad.value = ""
            self.pad._show()
