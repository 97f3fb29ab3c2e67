"""Confirm (explicit confirmation before print, A11Y-12) and result: print progress, a preview of
the sheets, "take your card and your sheets", the guide slip, where to go next."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar

from kiosk import i18n
from kiosk.catalogue.model import localized
from kiosk.journey import Ending
from kiosk.log import get_logger
from kiosk.ui.base import ScreenBase
from kiosk.ui.widgets import RubyLabel, button, set_text

LOG = get_logger(__name__)


class ConfirmScreen(ScreenBase):
    name = "confirm"

    def __init__(self, window) -> None:
        super().__init__(window)
        self.summary = RubyLabel("")
        self.body.addWidget(self.summary)
        self.items = RubyLabel("")
        self.body.addWidget(self.items)
        self.body.addStretch(1)
        self.print_button = button("", primary=True, name="confirm-print")
        self.print_button.clicked.connect(self.confirm)
        self.actions.addStretch(1)
        self.actions.addWidget(self.print_button)

    def refresh(self) -> None:
        self.title.setText(self.t("resident.confirm_title"))
        forms = self.journey.forms()
        self.summary.setText(self.t("resident.confirm_text", n=len(forms)))
        lines = [f"・{f.title.get('ja', f.id)}" + (f"  ({localized(f.title, self.lang)})"
                                                   if self.lang not in ("ja", "ja-easy") else "") for f in forms]
        self.items.setText("\n".join(lines))
        set_text(self.print_button, self.t("resident.confirm_print"))
        self.print_button.setFocus()

    def confirm(self) -> None:
        self.kiosk.tapped()
        self.journey.confirm()


class ResultScreen(ScreenBase):
    name = "result"

    def __init__(self, window) -> None:
        super().__init__(window)
        self.status = RubyLabel("")
        self.body.addWidget(self.status)
        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        self.progress.setAccessibleName("print progress")
        self.body.addWidget(self.progress)
        row = QHBoxLayout()
        self.preview = QLabel()
        self.preview.setAccessibleName("sheet preview")
        self.preview.setObjectName("Preview")
        self.preview.setAlignment(Qt.AlignmentFlag.AlignTop)
        row.addWidget(self.preview)
        self.next_steps = RubyLabel("")
        row.addWidget(self.next_steps, 1)
        self.body.addLayout(row, 1)
        self.retry = button("", name="result-retry")
        self.retry.clicked.connect(self.start_printing)
        self.retry.hide()
        self.done = button("", primary=True, name="result-done")
        self.done.clicked.connect(self.finish)
        self.actions.addWidget(self.retry)
        self.actions.addStretch(1)
        self.actions.addWidget(self.done)
        self.produced: Any = None
        self.jobs: list[Any] = []
        self.poll = QTimer(self)
        self.poll.setInterval(500)
        self.poll.timeout.connect(self._follow)
        self.state = ""

    def refresh(self) -> None:
        self.title.setText(self.t("resident.result_title"))
        set_text(self.done, self.t("resident.result_done"))
        set_text(self.retry, self.t("resident.result_retry"))
        self._steps()
        if self.produced is None and self.journey.screen.value == "result":
            self.start_printing()
        self._render_state()

    def _steps(self) -> None:
        catalogue = self.journey.catalogue
        lines = [i18n.plain(self.t("resident.result_next"))]
        if catalogue is not None:
            counters = _by_id(getattr(catalogue.catalogue, "counters", None))
            procedures = _by_id(getattr(catalogue.catalogue, "procedures", None))
            for pid in self.journey.session.procedures:
                p = procedures.get(pid)
                if p is None:
                    continue
                counter = counters.get(p.counter)
                where = localized(counter.name, self.lang) if counter else p.counter
                lines.append(f"・{localized(p.title, self.lang)} → {where}")
        self.next_steps.setText("\n".join(lines))

    def start_printing(self) -> None:
        self.retry.hide()
        output = self.kiosk.output
        if output is None:
            self.state = "no_printer"
            self._render_state()
            return
        try:
            if self.produced is None:
                self.produced = output.produce(self.journey.session, self.journey.forms())
                self._show_preview(self.produced.sheets[0][1] if self.produced.sheets else None)
            self.state = "printing"
            self.jobs = output.submit(self.produced)
            self.poll.start()
        except Exception as exc:  # a typed print error shows its message; never a traceback
            LOG.warning("printing failed: %s", type(exc).__name__)
            self.state = getattr(exc, "key", "resident.print_failed")
            self.retry.show()
        self._render_state()

    def _follow(self) -> None:
        state = self.kiosk.output.state(self.jobs)
        if state != self.state:
            self.state = state
            self._render_state()
        if state in ("done", "failed", "out_of_paper"):
            self.poll.stop()
            if state != "done":
                self.retry.show()

    def _render_state(self) -> None:
        keys = {
            "printing": "resident.result_printing", "done": "resident.result_take",
            "no_printer": "resident.print_failed", "failed": "resident.print_failed",
            "out_of_paper": "resident.print_out_of_paper",
        }
        key = keys.get(self.state, self.state if self.state.startswith(("resident.", "print.")) else "")
        if key:
            self.status.setText(self.t(key))
        self.progress.setVisible(self.state in ("printing", "done"))
        self.progress.setValue(100 if self.state == "done" else 40)
        self.progress.setFormat("")

    def _show_preview(self, pdf: bytes | None) -> None:
        """First page of the first sheet, rendered with QtPdf from memory."""
        if not pdf:
            return
        from PySide6.QtCore import QBuffer, QByteArray
        from PySide6.QtPdf import QPdfDocument

        doc = QPdfDocument(self)
        buffer = QBuffer(self)
        buffer.setData(QByteArray(pdf))
        buffer.open(QBuffer.OpenModeFlag.ReadOnly)
        doc.load(buffer)
        if doc.pageCount() < 1:
            return
        height = int(self.kiosk.height() * 0.5) or 480
        size = QSize(int(height / 1.414), height)
        image = doc.render(0, size)
        self.preview.setPixmap(QPixmap.fromImage(image))
        doc.close()
        buffer.close()

    def finish(self) -> None:
        self.kiosk.tapped()
        self.poll.stop()
        if self.kiosk.output is not None and self.produced is not None:
            self.kiosk.output.discard(self.produced)
        self.produced = None
        self.kiosk.end_session(Ending.COMPLETED)


def _by_id(items: Any) -> dict[str, Any]:
    if not items:
        return {}
    return dict(items) if isinstance(items, dict) else {x.id: x for x in items}
