"""Confirm (explicit confirmation before print, A11Y-12) and result: print progress, a preview of
the sheets, "take your card and your sheets", the guide slip, where to go next.

Signing, rendering, spooling and print polling run on the operations runner
(:mod:`kiosk.ui.operations`): the result screen shows progress meanwhile and never blocks. The
preview is drawn by QtPdf on its own thread (:class:`Preview`): a render called from Python would
hold the interpreter lock, and with it the GUI thread, for as long as it draws."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QBuffer, QByteArray, QObject, QSize, Qt, QTimer
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar

from kiosk import i18n
from kiosk.catalogue.model import Form, localized
from kiosk.errors import KioskError
from kiosk.journey import Ending, Screen
from kiosk.log import get_logger
from kiosk.ui.base import ScreenBase
from kiosk.ui.operations import runner
from kiosk.ui.output import Output, Produced, SessionSnapshot
from kiosk.ui.widgets import RubyLabel, button, form_title, set_text, show_busy

if TYPE_CHECKING:
    from PySide6.QtPdf import QPdfDocument, QPdfDocumentRenderOptions, QPdfPageRenderer

    from kiosk.ui.window import KioskWindow

LOG = get_logger(__name__)

POLL_MS = 500
FINAL_STATES = ("done", "failed", "out_of_paper")


class ConfirmScreen(ScreenBase):
    name = "confirm"

    def __init__(self, window: KioskWindow) -> None:
        super().__init__(window)
        self.summary = RubyLabel("")
        self.body.addWidget(self.summary)
        self.items = RubyLabel("")
        self.body.addWidget(self.items)
        self.body.addStretch(1)
        self.print_button = button("", primary=True, name="confirm-print")
        self.print_button.clicked.connect(self.confirm)
        self.counter_button = button("", name="confirm-counter")  # 続きは窓口で: a resume code, no sheets
        self.counter_button.clicked.connect(self.continue_at_counter)
        self.action_row.addWidget(self.counter_button)
        self.action_row.addStretch(1)
        self.action_row.addWidget(self.print_button)

    def refresh(self) -> None:
        self.title.setText(self.t("resident.confirm_title"))
        forms = self.journey.forms()
        self.summary.setText(self.t("resident.confirm_text", n=len(forms)))
        lines = [f"・{form_title(f.title, self.lang) or f.id}" for f in forms]
        self.items.setText("\n".join(lines))
        set_text(self.print_button, self.t("resident.confirm_print"))
        set_text(self.counter_button, self.t("counter.continue_at_counter"))
        self.print_button.setFocus()

    def confirm(self) -> None:
        self.kiosk.tapped()
        self.journey.confirm()

    def continue_at_counter(self) -> None:
        """Print only the guide slip, with the code the counter scans to continue (kiosk.resume)."""
        self.kiosk.tapped()
        result = self.kiosk.screen_for(Screen.RESULT)
        if isinstance(result, ResultScreen):
            result.resume_only = True
        self.journey.confirm()

    def reset(self) -> bool:
        self.forget()
        self.summary.setText("")
        self.items.setText("")
        return True


@dataclass
class Rendered:
    """A rendered bundle; the preview of its first page is drawn afterwards by :class:`Preview`."""

    produced: Produced


def render_bundle(output: Output, snapshot: SessionSnapshot, forms: list[Form]) -> Rendered:
    """Worker side of the result screen: sign and render every sheet and record the issued sheets.
    Touches no widget."""
    return Rendered(output.produce(snapshot, forms))


def warm_up(output: Output) -> None:
    """Worker side of the start-up warm-up: the renderer, its fonts and QtPdf (for the preview)."""
    output.warm_up()
    from PySide6.QtPdf import QPdfDocument

    QPdfDocument().close()


class Preview(QObject):
    """The first page of a sheet in ``label``, drawn by QtPdf's page renderer on its own thread
    (the GUI thread only loads the document from memory, in well under a millisecond, and shows
    the image when it comes). The PDF never touches the disk; :meth:`clear` forgets it."""

    def __init__(self, label: QLabel) -> None:
        super().__init__(label)
        self.label = label
        self._document: QPdfDocument | None = None
        self._renderer: QPdfPageRenderer | None = None
        self._buffer = QBuffer(self)
        self._request: int | None = None

    def show(self, pdf: bytes, height: int) -> None:
        from PySide6.QtPdf import QPdfDocument, QPdfPageRenderer

        self.clear()
        if self._document is None or self._renderer is None:
            self._document = QPdfDocument(self)
            self._renderer = QPdfPageRenderer(self)
            self._renderer.setRenderMode(QPdfPageRenderer.RenderMode.MultiThreaded)
            self._renderer.setDocument(self._document)
            self._renderer.pageRendered.connect(self._rendered)
        self._buffer.setData(QByteArray(pdf))
        self._buffer.open(QBuffer.OpenModeFlag.ReadOnly)
        self._document.load(self._buffer)
        if self._document.pageCount() >= 1:
            self._request = self._renderer.requestPage(0, QSize(int(height / 1.414), height))

    def _rendered(self, page: int, size: QSize, image: QImage, options: QPdfDocumentRenderOptions,
                  request: int) -> None:
        if request == self._request:
            self._request = None
            self.label.setPixmap(QPixmap.fromImage(image))

    @property
    def pending(self) -> bool:
        """A preview was asked for and is not shown yet."""
        return self._request is not None

    def clear(self) -> None:
        self._request = None  # an image still being drawn is dropped when it comes
        if self._document is not None:
            self._document.close()
        self._buffer.close()
        self._buffer.setData(QByteArray())
        self.label.clear()


class ResultScreen(ScreenBase):
    name = "result"

    def __init__(self, window: KioskWindow) -> None:
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
        self.previewer = Preview(self.preview)
        self.next_steps = RubyLabel("")
        row.addWidget(self.next_steps, 1)
        self.body.addLayout(row, 1)
        self.retry = button("", name="result-retry")
        self.retry.clicked.connect(self.start_printing)
        self.retry.hide()
        self.done = button("", primary=True, name="result-done")
        self.done.clicked.connect(self.finish)
        self.action_row.addWidget(self.retry)
        self.action_row.addStretch(1)
        self.action_row.addWidget(self.done)
        self.produced: Produced | None = None
        self.jobs: list[int] = []
        self.poll = QTimer(self)
        self.poll.setSingleShot(True)  # re-armed when the previous poll's answer is in
        self.poll.setInterval(POLL_MS)
        self.poll.timeout.connect(self._follow)
        self.state = ""
        self._ticket = 0  # changes at every reset: answers for an ended session are dropped
        self.resume_only = False  # 続きは窓口で: the guide slip with the resume code, no sheets

    def refresh(self) -> None:
        self.title.setText(self.t("resident.result_title"))
        set_text(self.done, self.t("resident.result_done"))
        set_text(self.retry, self.t("resident.result_retry"))
        self._steps()
        if not self.state and self.journey.screen is Screen.RESULT:
            self.start_printing()
        self._render_state()

    def _steps(self) -> None:
        catalogue = self.journey.catalogue
        lines = [i18n.plain(self.t("resident.result_next"))]
        if catalogue is not None:
            counters = catalogue.catalogue.counters
            procedures = catalogue.catalogue.procedures
            for pid in self.journey.session.procedures:
                p = procedures.get(pid)
                if p is None:
                    continue
                counter = counters.get(p.counter)
                where = localized(counter.name, self.lang) if counter else p.counter
                lines.append(f"・{localized(p.title, self.lang)} → {where}")
        self.next_steps.setText("\n".join(lines))

    # Printing, off the GUI thread -----------------------------------------------------------
    def start_printing(self) -> None:
        """Render (once) and spool; after a failure "try again" spools the same sheets."""
        self.retry.hide()
        output = self.kiosk.output
        if not isinstance(output, Output):
            self.state = "no_printer"
            self._render_state()
            return
        ticket = self._ticket
        if self.produced is not None:
            self._submit(output, ticket)
            return
        self.state = "rendering"
        self._render_state()
        if self.resume_only:
            from kiosk.resume import payload_of

            session = self.journey.session
            payload, lang, procedures = payload_of(session, kiosk_id=output.config.kiosk.id), session.language, \
                list(session.procedures)
            runner().run(lambda: Rendered(output.produce_resume(payload, lang, procedures)),
                         lambda rendered: self._rendered(output, ticket, rendered),
                         lambda error: self._failed(ticket, error), owner=self)
            return
        snapshot = SessionSnapshot.of(self.journey.session)
        forms = self.journey.forms()
        runner().run(lambda: render_bundle(output, snapshot, forms),
                     lambda rendered: self._rendered(output, ticket, rendered),
                     lambda error: self._failed(ticket, error), owner=self)

    def _rendered(self, output: Output, ticket: int, rendered: Rendered) -> None:
        if ticket != self._ticket:  # the session ended meanwhile: nothing of it is kept
            output.discard(rendered.produced)
            return
        self.produced = rendered.produced
        if self.produced.sheets:
            self.previewer.show(self.produced.sheets[0][1], int(self.kiosk.height() * 0.5) or 480)
        self._submit(output, ticket)

    def _submit(self, output: Output, ticket: int) -> None:
        self.state = "printing"
        self._render_state()
        produced = self.produced
        if produced is None:
            return
        runner().run(lambda: output.submit(produced), lambda jobs: self._submitted(ticket, jobs),
                     lambda error: self._failed(ticket, error), owner=self)

    def _submitted(self, ticket: int, jobs: list[int]) -> None:
        if ticket != self._ticket:
            return
        self.jobs = jobs
        self.poll.start()

    def _follow(self) -> None:
        output = self.kiosk.output
        if not isinstance(output, Output):
            return
        ticket, jobs = self._ticket, list(self.jobs)
        runner().run(lambda: output.state(jobs), lambda state: self._followed(ticket, state),
                     lambda error: self._failed(ticket, error), owner=self)

    def _followed(self, ticket: int, state: str) -> None:
        if ticket != self._ticket:
            return
        if state != self.state:
            self.state = state
            self._render_state()
        if state not in FINAL_STATES:
            self.poll.start()
        elif state != "done":
            self.retry.show()

    def _failed(self, ticket: int, error: Exception) -> None:
        """A typed print error shows its message in the resident's language; never a traceback."""
        if ticket != self._ticket:
            return
        LOG.warning("printing failed: %s", type(error).__name__)
        self.state = error.key if isinstance(error, KioskError) else "resident.print_failed"
        self.retry.show()
        self._render_state()

    def _render_state(self) -> None:
        keys = {
            "rendering": "resident.preparing", "printing": "resident.result_printing",
            "done": "resident.result_take", "no_printer": "resident.print_failed",
            "failed": "resident.print_failed", "out_of_paper": "resident.print_out_of_paper",
        }
        key = keys.get(self.state, self.state if self.state.startswith(("resident.", "print.", "error.")) else "")
        self.status.setText(self.t(key) if key else "")
        self.progress.setVisible(self.state in ("rendering", "printing", "done"))
        if self.state == "rendering":
            show_busy(self.progress, animations=self.kiosk.config.kiosk.animations)  # the sheets are being laid out
        else:
            self.progress.setRange(0, 100)
            self.progress.setValue(100 if self.state == "done" else 40)
        self.progress.setFormat("")

    def finish(self) -> None:
        self.kiosk.tapped()
        self.poll.stop()
        if isinstance(self.kiosk.output, Output) and self.produced is not None:
            self.kiosk.output.discard(self.produced)
        self.produced = None
        self.kiosk.end_session(Ending.COMPLETED)

    def reset(self) -> bool:
        self._ticket += 1
        self.resume_only = False
        self.poll.stop()
        if self.produced is not None:
            self.produced.wipe()
        self.produced = None
        self.jobs = []
        self.state = ""
        self.forget()
        self.status.setText("")
        self.next_steps.setText("")
        self.previewer.clear()
        self.retry.hide()
        return True
