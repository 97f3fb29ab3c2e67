"""The clerk station's scanning page: the banner, the sheet and the actions (the sign-in page is
the staff gate's, :mod:`kiosk.ui.clerk.gate`). It only builds widgets;
:mod:`kiosk.ui.clerk.station_window` gives them life."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QTreeWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.ui.clerk import camera
from kiosk.ui.clerk.common import ScanField, message_line
from kiosk.ui.clerk.common import button as _button

if TYPE_CHECKING:
    from kiosk.ui.clerk.station_window import StationWindow


def build_scan(w: StationWindow) -> None:
    page = QWidget()
    layout = QVBoxLayout(page)
    top = QHBoxLayout()
    w.prompt = QLabel(w.t("clerk.scan_prompt"))
    top.addWidget(w.prompt, 1)
    w.image_button = _button(w.t("clerk.open_image"), "ImageButton")
    w.image_button.clicked.connect(w.pick_image)
    top.addWidget(w.image_button)
    w.camera_button = _button(w.t("clerk.camera"), "CameraButton")
    ok, reason = camera.availability()
    w.camera_button.setEnabled(ok)
    if not ok:
        w.camera_button.setToolTip(w.t("clerk.camera_unavailable", reason=reason))
    w.camera_reason = reason
    w.camera_button.clicked.connect(w.toggle_camera)
    top.addWidget(w.camera_button)
    w.trust_button = _button(w.t("clerk.trust_manage"), "TrustButton")
    w.trust_button.clicked.connect(w.open_trust_panel)
    w.trust_button.hide()  # administrators only
    top.addWidget(w.trust_button)
    w.sign_out_button = _button(w.t("clerk.sign_out"), "SignOutButton")
    w.sign_out_button.clicked.connect(lambda: w.lock("sign_out"))
    top.addWidget(w.sign_out_button)
    layout.addLayout(top)
    w.scan_field = ScanField()
    w.scan_field.returnPressed.connect(w.scanned)
    layout.addWidget(w.scan_field)
    w.banner = QLabel("")
    w.banner.setObjectName("Banner")
    w.banner.setAlignment(Qt.AlignmentFlag.AlignCenter)
    w.banner.setWordWrap(True)
    font = QFont(w.banner.font())
    font.setPointSize(36)
    font.setBold(True)
    w.banner.setFont(font)
    w.banner.setMinimumHeight(110)
    layout.addWidget(w.banner)
    w.detail = message_line("Detail")
    layout.addWidget(w.detail)
    w.tree = QTreeWidget()
    w.tree.setObjectName("Record")
    w.tree.setColumnCount(2)
    w.tree.setHeaderHidden(True)
    w.tree.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    layout.addWidget(w.tree, 1)
    actions = QHBoxLayout()
    w.receive_button = _button(w.t("clerk.receive"), "ReceiveButton")
    w.receive_button.clicked.connect(w.receive)
    w.json_button = _button(w.t("clerk.export_json"), "JsonButton")
    w.json_button.clicked.connect(lambda: w.export("json"))
    w.csv_button = _button(w.t("clerk.export_csv"), "CsvButton")
    w.csv_button.clicked.connect(lambda: w.export("csv", "utf-8"))
    w.sjis_button = _button(w.t("clerk.export_csv_sjis"), "SjisButton")
    w.sjis_button.clicked.connect(lambda: w.export("csv", "cp932"))
    w.reprint_button = _button(w.t("clerk.reprint"), "ReprintButton")
    w.reprint_button.clicked.connect(w.reprint)
    w.next_button = _button(w.t("clerk.next_sheet"), "NextButton")
    w.next_button.clicked.connect(w.next_sheet)
    for b in (w.receive_button, w.json_button, w.csv_button, w.sjis_button, w.reprint_button,
              w.next_button):
        actions.addWidget(b)
    layout.addLayout(actions)
    w.message = message_line("Message")
    layout.addWidget(w.message)
    w.stack.addWidget(page)
    w.scan_page = page
