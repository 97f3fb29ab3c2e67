"""Preview of the edited form: the printed sheet (QtPdf) and the resident's review screen, filled
from an invented persona, in any language."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from kiosk import i18n
from kiosk.admin import preview
from kiosk.catalogue.model import Catalogue, FieldDef, Form, FormField, FormValues, localized
from kiosk.errors import CatalogueError, KioskError
from kiosk.journey import CataloguePort
from kiosk.session import ResidentSession
from kiosk.ui.admin.common import AdminContext, MessageLine


def review_value(fd: FieldDef, value: Any, lang: str) -> str:
    from kiosk.ui.review import display_value

    return display_value(fd, value, lang)


class _PreviewPort(CataloguePort):
    """The journey's catalogue port for one form under preview: the drafts' own validation and
    postal code look-up, and only that form."""

    def __init__(self, catalogue: Catalogue, form: Form) -> None:
        super().__init__(catalogue)
        self._form = form

    def forms(self, session: ResidentSession) -> list[Form]:
        return [self._form]


def resident_review(catalogue: Catalogue, form: Form, values: FormValues, lang: str) -> QWidget:
    """The resident kiosk's own review screen, showing ``values`` of ``form`` in ``lang``.

    The kiosk window is built without card reader, printer, database or headphone jack (the
    administrator's own headphones start no speech in it), its idle timer stopped, and its
    journey placed on the review screen."""
    from kiosk.config import Config, SpeechSection
    from kiosk.journey import Screen, _Step
    from kiosk.ui.window import KioskWindow

    window = KioskWindow(Config(speech=SpeechSection(headphone_jack="off")),
                         catalogue=_PreviewPort(catalogue, form), dpi=96)
    window.timer.stop()
    window.journey.session.form_values[form.id] = values
    window.journey.session.language = lang
    window.journey._go(_Step(Screen.REVIEW, 0), remember=False)
    window.setFixedSize(1080, 1920)
    return window


class PreviewPanel(QWidget):
    def __init__(self, ctx: AdminContext, documents_source: Callable[[], Mapping[str, str]],
                 parent: QWidget | None = None) -> None:
        """``documents_source()`` gives the documents to preview (the editor's working copy)."""
        super().__init__(parent)
        self.ctx = ctx
        self.documents_source = documents_source
        self.pdf_bytes = b""
        self.form: Form | None = None
        self.values: FormValues | None = None
        outer = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.form_combo = QComboBox()
        self.form_combo.setObjectName("preview-form")
        self.persona_combo = QComboBox()
        self.persona_combo.setObjectName("preview-persona")
        self.persona_combo.addItems(sorted(preview.personas()))
        self.lang_combo = QComboBox()
        self.lang_combo.setObjectName("preview-language")
        self.rows = QSpinBox()
        self.rows.setObjectName("preview-rows")
        self.rows.setRange(1, 10)
        for widget, key in ((self.form_combo, "admin.form"), (self.persona_combo, "admin.persona"),
                            (self.lang_combo, "admin.language"), (self.rows, "admin.person_rows")):
            widget.setAccessibleName(ctx.t(key))
            bar.addWidget(QLabel(ctx.t(key)))
            bar.addWidget(widget)
        self.show_button = QPushButton(ctx.t("admin.preview"))
        self.show_button.setObjectName("preview")
        self.show_button.clicked.connect(self.show_preview)
        bar.addWidget(self.show_button)
        outer.addLayout(bar)
        self.message = MessageLine("preview-message")
        outer.addWidget(self.message)
        split = QSplitter()
        self.document = QPdfDocument(self)
        self.view = QPdfView()
        self.view.setObjectName("sheet-view")
        self.view.setAccessibleName(ctx.t("admin.sheet"))
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        split.addWidget(self.view)
        self.review_area = QScrollArea()
        self.review_area.setObjectName("review-preview")
        self.review_area.setAccessibleName(ctx.t("admin.review_screen"))
        self.review_area.setWidgetResizable(True)
        split.addWidget(self.review_area)
        outer.addWidget(split, 1)
        self._buffer: QBuffer | None = None
        self.refresh_choices()

    def refresh_choices(self) -> None:
        try:
            catalogue = preview.build_catalogue(self.documents_source())
        except CatalogueError:
            return
        current = self.form_combo.currentText()
        self.form_combo.clear()
        self.form_combo.addItems(sorted(catalogue.forms))
        if current:
            self.form_combo.setCurrentText(current)
        lang = self.lang_combo.currentText()
        self.lang_combo.clear()
        self.lang_combo.addItems(list(catalogue.languages))
        if lang:
            self.lang_combo.setCurrentText(lang)

    def show_preview(self) -> bool:
        """Build the catalogue from the drafts and show the sheet and the review screen."""
        try:
            catalogue = preview.build_catalogue(self.documents_source())
            form = catalogue.forms[self.form_combo.currentText()]
            persona = preview.personas()[self.persona_combo.currentText()]
            values = preview.sample_values(form, persona, rows=self.rows.value())
            self.pdf_bytes = preview.render_preview(form, values)
        except CatalogueError as exc:
            problems = exc.problems
            self.message.show_text(self.ctx.t("admin.preview_invalid", count=len(problems)) + "\n" + "\n".join(problems[:5]), "error")
            return False
        except KeyError:
            self.message.show_text(self.ctx.t("admin.preview_choose"), "error")
            return False
        except KioskError as exc:
            self.message.show_error(self.ctx, exc)
            return False
        self.form, self.values = form, values
        self._load_pdf(self.pdf_bytes)
        lang = self.lang_combo.currentText() or "ja"
        try:
            self.review_area.setWidgetResizable(False)
            self.review_area.setWidget(resident_review(catalogue, form, values, lang))
        except Exception:  # the resident window cannot be built here: show the same rows plainly
            self.review_area.setWidgetResizable(True)
            self._build_review(form, values, lang)
        self.message.show_text(self.ctx.t("admin.preview_ready", pages=self.document.pageCount()), "ok")
        return True

    def _load_pdf(self, data: bytes) -> None:
        self.document.close()
        self._buffer = QBuffer(self)
        self._buffer.setData(QByteArray(data))
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document.load(self._buffer)

    def _build_review(self, form: Form, values: FormValues, lang: str) -> None:
        """The review screen's content: official Japanese label, translation, value, card mark."""
        body = QWidget()
        grid = QGridLayout(body)
        title = QLabel(form.title.get("ja", form.id) + ("" if lang == "ja" else f"  ({i18n.plain(localized(form.title, lang))})"))
        title.setObjectName("review-title")
        grid.addWidget(title, 0, 0, 1, 3)
        row = 1

        def add(ff: FormField, value: Any, from_card: bool) -> None:
            nonlocal row
            fd = ff.field
            label = fd.label.get("ja", fd.id) + (" *" if ff.is_required else "")
            if lang != "ja":
                label += "\n" + i18n.plain(localized(fd.label, lang))
            cells = (label, review_value(fd, value, lang) or "—",
                     "▣ " + i18n.plain(i18n.text("resident.from_card", lang)) if from_card else "")
            for col, text in enumerate(cells):
                cell = QLabel(text)
                cell.setObjectName(f"review-{row}-{col}")
                grid.addWidget(cell, row, col)
            row += 1

        for ff in form.fields:
            if not ff.handwrite:
                add(ff, values.household.get(ff.id), f"household:{ff.id}" in values.from_card)
        if form.persons is not None:
            for i, person in enumerate(values.persons):
                for ff in form.persons.fields:
                    if not ff.handwrite and not ff.field.kind.is_my_number:
                        add(ff, person.get(ff.id), f"person{i}:{ff.id}" in values.from_card)
        grid.setRowStretch(row, 1)
        self.review_area.setWidget(body)

    def review_texts(self) -> list[str]:
        """Every text shown on the review preview (labels and furigana labels)."""
        body = self.review_area.widget()
        if body is None:
            return []
        texts = []
        for w in body.findChildren(QWidget):
            text = getattr(w, "text", None)
            if callable(text) and w.isVisibleTo(body) and isinstance(value := text(), str):
                texts.append(value)
        return texts
