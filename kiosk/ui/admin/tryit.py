"""The "try it" panel: a condition in the expression language evaluated live against a sample
household of the catalogue (``forms/samples/``), with the error's column when it does not parse."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtWidgets import QComboBox, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QSpinBox

from kiosk.admin import editing
from kiosk.ui.admin.common import AdminContext


def shown(value: object) -> str:
    """A value as the expression language writes it (true, null, 2026-04-01, 'text')."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return "[" + ", ".join(shown(v) for v in value) + "]"
    return repr(value)


class TryPanel(QGroupBox):
    def __init__(self, ctx: AdminContext, documents: Callable[[], dict[str, str]]) -> None:
        super().__init__(ctx.t("admin.try_it"))
        self.ctx = ctx
        self.documents = documents
        row = QHBoxLayout(self)
        self.edit = QLineEdit()
        self.edit.setObjectName("try-expression")
        self.edit.setAccessibleName(ctx.t("admin.try_it"))
        self.edit.textChanged.connect(self.run)
        self.sample = QComboBox()
        self.sample.setObjectName("try-sample")
        self.sample.setAccessibleName(ctx.t("admin.sample_household"))
        self.sample.currentTextChanged.connect(self.run)
        self.person = QSpinBox()
        self.person.setObjectName("try-person")
        self.person.setAccessibleName(ctx.t("admin.person_row"))
        self.person.setRange(0, 9)
        self.person.valueChanged.connect(self.run)
        self.result = QLabel()
        self.result.setObjectName("try-result")
        for w in (self.edit, self.sample, self.person, self.result):
            row.addWidget(w, 2 if w is self.edit else 1)

    def run(self) -> None:
        samples = editing.load_samples(self.documents())
        if self.sample.count() != len(samples):
            self.sample.blockSignals(True)
            self.sample.clear()
            self.sample.addItems(sorted(samples))
            self.sample.blockSignals(False)
        text = self.edit.text().strip()
        sample = samples.get(self.sample.currentText())
        if not text or sample is None:
            self.result.setText("")
            return
        result = editing.try_expression(text, sample, self.person.value())
        if result.ok:
            self.result.setText(f"→ {shown(result.value)}")
            self.result.setStyleSheet("")
        else:
            self.result.setText(self.ctx.t("admin.try_error", column=result.position + 1, error=result.error))
            self.result.setStyleSheet("color: #b00020;")
