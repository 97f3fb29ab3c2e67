"""The definitions editor's translations grid: every localized text of the selected item (a
label, a title, a help text) as a row, one column per language of the catalogue; a missing or
broken cell (unbalanced furigana, not text) or one the catalogue check refused is highlighted with
its problem as the tooltip. An edited cell goes straight into the working copy."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QTableWidget, QTableWidgetItem

from kiosk.admin import editing
from kiosk.admin.workcopy import WorkingCopy
from kiosk.catalogue.source import PathKey, dotted
from kiosk.ui.admin.common import AdminContext

ROLE = Qt.ItemDataRole.UserRole
BAD = QColor("#ffd7d7")


class TranslationsGrid(QTableWidget):
    """Emits :attr:`edited` after a cell was changed by hand and written into ``wc``."""

    edited = Signal()

    def __init__(self, ctx: AdminContext, wc: WorkingCopy) -> None:
        super().__init__()
        self.wc = wc
        self.document: str | None = None
        self._building = False
        self.setObjectName("translations")
        self.setAccessibleName(ctx.t("admin.translations"))
        self.itemChanged.connect(self._cell_changed)

    def languages(self) -> list[str]:
        langs = self.wc.get("catalogue.yaml", ("languages",)) or ["ja"]
        return [str(lang) for lang in langs]

    def show_item(self, document: str, path: PathKey, problems: list[editing.Located]) -> None:
        """The texts of the item at ``path`` in ``document`` (the whole document at its root,
        but for the field dictionary), with ``problems`` highlighted."""
        self.document = document
        self._building = True
        try:
            rows = editing.translation_rows(self.wc.data(document), path) if path or document != "fields.yaml" else []
            langs = self.languages()
            self.clear()
            self.setColumnCount(len(langs))
            self.setHorizontalHeaderLabels(langs)
            self.setRowCount(len(rows))
            self.setVerticalHeaderLabels([dotted(r.path[len(path):]) or dotted(r.path) for r in rows])
            bad = {p.path for p in problems if p.document == document}
            for r, row in enumerate(rows):
                for c, lang in enumerate(langs):
                    cell = QTableWidgetItem(str(row.texts.get(lang, "")))
                    cell.setData(ROLE, row.path + (lang,))
                    problem = editing.cell_problem(lang, row.texts.get(lang))
                    if problem or row.path + (lang,) in bad:
                        cell.setBackground(QBrush(BAD))
                        cell.setToolTip(problem or next(p.message for p in problems if p.path == row.path + (lang,)))
                    self.setItem(r, c, cell)
        finally:
            self._building = False

    def _cell_changed(self, cell: QTableWidgetItem) -> None:
        if self._building or self.document is None:
            return
        self.wc.set(self.document, cell.data(ROLE), cell.text())
        problem = editing.cell_problem(cell.data(ROLE)[-1], cell.text())
        self._building = True
        cell.setBackground(QBrush(BAD) if problem else QBrush())
        cell.setToolTip(problem or "")
        self._building = False
        self.edited.emit()

    def bad_cells(self) -> list[tuple[int, int]]:
        """The (row, column) of every highlighted cell."""
        return [(r, c) for r in range(self.rowCount()) for c in range(self.columnCount())
                if _background(self, r, c) == BAD]


def _background(grid: QTableWidget, row: int, column: int) -> QColor | None:
    item = grid.item(row, column)
    return item.background().color() if item is not None else None
