"""The form under review as the clerk edits it: one row per value (what is still empty first),
edited in place; Enter takes the value (as the field's type reads what the kiosk's pads type)
and moves to the next row. Writes go through the controller."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableWidget, QTableWidgetItem

from kiosk import i18n, town_areas
from kiosk.catalogue.model import FormField, localized
from kiosk.counter import CounterController
from kiosk.counter.controller import typed_text
from kiosk.errors import KioskError


class ReviewTable(QTableWidget):
    def __init__(self, controller: CounterController, on_problem: Callable[..., None]) -> None:
        super().__init__(0, 2)
        self.controller = controller
        self.on_problem = on_problem
        self.setObjectName("Review")
        self.setHorizontalHeaderLabels(["項目", "内容"])
        self.horizontalHeader().setStretchLastSection(True)
        self.itemChanged.connect(self._edited)
        self.rows: list[tuple[FormField, int | None]] = []
        self._filling = False
        self.matched: town_areas.Area | None = None  # the area a name typed in the postal cell chose

    def fill(self) -> None:
        form, values = self.controller.form(), self.controller.values()
        self._filling = True
        self.setRowCount(0)
        self.rows = []
        if form is None or values is None:
            self._filling = False
            return
        rows: list[tuple[FormField, int | None, Any]] = [(ff, None, values.household[ff.id])
                                                          for ff in form.fields if ff.id in values.household]
        if form.persons is not None:
            for i, row_values in enumerate(values.persons):
                rows += [(ff, i, row_values[ff.id]) for ff in form.persons.fields if ff.id in row_values]
        rows.sort(key=lambda r: r[2] not in (None, ""))  # what is still empty comes first
        self.setRowCount(len(rows))
        for n, (ff, person, value) in enumerate(rows):
            label = i18n.plain(localized(ff.field.label, "ja")) + (f" [{person + 1}]" if person is not None else "")
            head = QTableWidgetItem(label)
            head.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.setItem(n, 0, head)
            self.setItem(n, 1, QTableWidgetItem(ff.field.kind.display(ff.field, value, "ja")))
            self.rows.append((ff, person))
        self._filling = False
        self.setCurrentCell(0, 1)
        self.setFocus()

    def _edited(self, item: QTableWidgetItem) -> None:
        if self._filling or item.column() != 1:
            return
        ff, person = self.rows[item.row()]
        value = self._parse(ff, item.text())
        if value is None:
            return
        self.controller.set_value(ff, person, value)
        self._show_match()
        row = item.row()
        self._refresh()
        if row + 1 < self.rowCount():
            self.setCurrentCell(row + 1, 1)

    def _refresh(self) -> None:
        values = self.controller.values()
        if values is None:
            return
        self._filling = True
        for n, (ff, person) in enumerate(self.rows):
            group = values.household if person is None else values.persons[person]
            item = self.item(n, 1)
            if item is not None:
                item.setText(ff.field.kind.display(ff.field, group.get(ff.id), "ja"))
        self._filling = False

    def _parse(self, ff: FormField, text: str) -> object:
        kind = ff.field.kind
        areas = self._town_areas(ff)
        if areas is not None and text.strip() and not text.strip().isdigit():  # an area's name, not its code
            self.matched = areas.only_match(text)
            if self.matched is None:
                self.on_problem("catalogue.postal_code")  # no area, or several: the clerk types more
                return None
            return self.matched.code
        if kind.keypad == "choice":
            choices = kind.choices(ff.field, "ja")
            if text.isdigit() and 0 < int(text) <= len(choices):
                return choices[int(text) - 1][0]
            found = [v for v, label in choices if str(v) == text or label.startswith(text)]
            return found[0] if found else None
        try:
            return kind.parse(ff.field, typed_text(text))
        except KioskError:
            self.on_problem("error.validation")
            return None

    def _town_areas(self, ff: FormField) -> town_areas.TownAreas | None:
        """The town's areas when ``ff`` is a postal code inside the town: its cell also takes an
        area's name as a romaji or kana prefix that names one area (``chiyo`` → 千代田 1000001)."""
        codes = self.controller.postal_areas
        areas = town_areas.loaded_areas(codes) if codes and ff.field.kind.offers_town_areas(ff.field) else None
        return areas if areas is not None and areas.areas else None

    def _show_match(self) -> None:
        """The area an area's name chose, for the clerk to see (once the value is stored)."""
        area, self.matched = self.matched, None
        if area is not None:
            self.on_problem("counter.postal_area", area=area.name, code=f"{area.code[:3]}-{area.code[3:]}")
