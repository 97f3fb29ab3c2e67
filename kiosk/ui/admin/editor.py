"""The definitions editor: a tree of the catalogue (field dictionary, forms, procedures,
navigator), a property panel, a translations grid (:mod:`kiosk.ui.admin.translations`: one column
per language, missing or broken cells highlighted), a "try it" panel for conditions
(:mod:`kiosk.ui.admin.tryit`), and validation as you type."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kiosk.admin import editing
from kiosk.admin.workcopy import WorkingCopy
from kiosk.catalogue.model import CARD_ATTRIBUTES, FIELD_TYPES, PRIVACY_CLASSES
from kiosk.errors import KioskError
from kiosk.ui.admin.common import AdminContext, MessageLine
from kiosk.ui.admin.translations import TranslationsGrid
from kiosk.ui.admin.tryit import TryPanel

ROLE = Qt.ItemDataRole.UserRole  # a tree item's (document, path)

VALIDATE_DELAY_MS = 300


class EditorPanel(QWidget):
    saved = Signal()

    def __init__(self, ctx: AdminContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.wc = WorkingCopy(ctx.db)
        self.selected: tuple[str, tuple] | None = None
        self.problems: list[editing.Located] = []
        self.inputs: dict[tuple, QWidget] = {}  # path (relative to the item) -> editor widget

        outer = QVBoxLayout(self)
        split = QSplitter()
        outer.addWidget(split, 1)
        self.tree = QTreeWidget()
        self.tree.setObjectName("definitions")
        self.tree.setAccessibleName(ctx.t("admin.definitions"))
        self.tree.setHeaderLabels([ctx.t("admin.definitions")])
        self.tree.currentItemChanged.connect(lambda item, _old: self.select_item(item))
        split.addWidget(self.tree)

        right = QWidget()
        col = QVBoxLayout(right)
        self.props_box = QGroupBox(ctx.t("admin.properties"))
        self.props = QFormLayout(self.props_box)
        col.addWidget(self.props_box)
        self.grid = TranslationsGrid(ctx, self.wc)
        col.addWidget(QLabel(ctx.t("admin.translations")))
        col.addWidget(self.grid, 1)
        self.try_panel = TryPanel(ctx, lambda: self.wc.documents())
        self.try_edit, self.try_result = self.try_panel.edit, self.try_panel.result
        col.addWidget(self.try_panel)
        split.addWidget(right)
        split.setStretchFactor(1, 3)

        bottom = QHBoxLayout()
        self.problem_list = QListWidget()
        self.problem_list.setObjectName("problems")
        self.problem_list.setAccessibleName(ctx.t("admin.problems"))
        self.problem_list.itemActivated.connect(self._jump_to_problem)
        bottom.addWidget(self.problem_list, 1)
        buttons = QVBoxLayout()
        self.save_button = QPushButton(ctx.t("admin.save"))
        self.save_button.setObjectName("save")
        self.save_button.clicked.connect(self.save)
        self.reload_button = QPushButton(ctx.t("admin.reload"))
        self.reload_button.setObjectName("reload")
        self.reload_button.clicked.connect(self.reload)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.reload_button)
        bottom.addLayout(buttons)
        outer.addLayout(bottom)
        self.message = MessageLine("editor-message")
        outer.addWidget(self.message)

        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(VALIDATE_DELAY_MS)
        self.timer.timeout.connect(self.validate_now)
        self.grid.edited.connect(self.timer.start)  # a cell edited: checked again soon
        self.build_tree()
        self.validate_now()

    # -- tree -------------------------------------------------------------------------------
    def build_tree(self) -> None:
        self.tree.clear()
        for name in self.wc.names():
            data = self.wc.data(name)
            top = QTreeWidgetItem([name])
            top.setData(0, ROLE, (name, ()))
            self.tree.addTopLevelItem(top)
            if not isinstance(data, dict):
                continue
            if name.startswith("samples/"):
                continue
            for key in ("fields", "questions", "rules", "counters", "procedures"):
                for i, item in enumerate(data.get(key) or []):
                    if isinstance(item, dict):
                        text = str(item.get("field") or item.get("id") or item.get("procedure") or i)
                        if "qr" in item:
                            text += f"  (QR {item['qr']})"
                        child = QTreeWidgetItem([text])
                        child.setData(0, ROLE, (name, (key, i)))
                        top.addChild(child)
            persons = data.get("persons")
            for i, item in enumerate((persons.get("fields") or []) if isinstance(persons, dict) else []):
                child = QTreeWidgetItem([f"{item.get('field')}  (QR {item.get('qr')}, {self.ctx.t('admin.per_person')})"])
                child.setData(0, ROLE, (name, ("persons", "fields", i)))
                top.addChild(child)
        self.tree.expandAll()

    def find_item(self, document: str, path: tuple = ()) -> QTreeWidgetItem | None:
        for i in range(self.tree.topLevelItemCount()):
            top = self.tree.topLevelItem(i)
            if top is None:
                continue
            for item in [top] + [top.child(j) for j in range(top.childCount())]:
                if item is not None and item.data(0, ROLE) == (document, tuple(path)):
                    return item
        return None

    def select(self, document: str, path: tuple = ()) -> None:
        item = self.find_item(document, path)
        if item is not None:
            self.tree.setCurrentItem(item)

    def select_item(self, item: QTreeWidgetItem | None) -> None:
        if item is None:
            return
        document, path = item.data(0, ROLE)
        self.selected = (document, tuple(path))
        self._build_properties()
        self._build_grid()
        self._show_problems()

    # -- property panel ---------------------------------------------------------------------
    def _build_properties(self) -> None:
        while self.props.rowCount():
            self.props.removeRow(0)
        self.inputs.clear()
        if self.selected is None:
            return
        document, path = self.selected
        item = self.wc.get(document, path)
        if not isinstance(item, dict):
            return
        if document == "fields.yaml" and path[:1] == ("fields",):
            self._combo(("type",), FIELD_TYPES, "admin.prop_type")
            self._combo(("privacy",), PRIVACY_CLASSES, "admin.prop_privacy")
            self._check(("validation", "required"), "admin.prop_required")
            self._spin(("validation", "max_length"), "admin.prop_max_length")
            self._line(("validation", "pattern"), "admin.prop_pattern")
            self._combo(("card",), ("",) + CARD_ATTRIBUTES, "admin.prop_card")
            self._line(("derive",), "admin.prop_derive")
            self._line(("legal_basis",), "admin.prop_legal_basis")
        elif "qr" in item:
            qr = QLabel(str(item.get("qr")))
            qr.setObjectName("qr-key")
            self.props.addRow(self.ctx.t("admin.prop_qr"), qr)
            self._line(("when",), "admin.prop_when")
            self._check(("handwrite",), "admin.prop_handwrite")
            self._line(("box",), "admin.prop_box")
            remove = QPushButton(self.ctx.t("admin.remove_field"))
            remove.setObjectName("remove-field")
            remove.clicked.connect(self.remove_selected_field)
            self.props.addRow(remove)
        elif path == () and document.startswith("forms/"):
            self._line(("legal_basis",), "admin.prop_legal_basis")
            self._line(("my_number_basis",), "admin.prop_my_number_basis")
            adder = QComboBox()
            adder.setObjectName("add-field-id")
            adder.setAccessibleName(self.ctx.t("admin.add_field"))
            adder.addItems([str(f["id"]) for f in (self.wc.get("fields.yaml", ("fields",)) or [])
                            if isinstance(f, dict) and "id" in f])
            per_person = QCheckBox(self.ctx.t("admin.per_person"))
            per_person.setObjectName("add-field-person")
            button = QPushButton(self.ctx.t("admin.add_field"))
            button.setObjectName("add-field")
            button.clicked.connect(lambda: self.add_field(adder.currentText(), per_person.isChecked()))
            self.props.addRow(adder, per_person)
            self.props.addRow(button)
        elif "when" in item or path[:1] in (("questions",), ("rules",), ("procedures",)):
            self._line(("when",), "admin.prop_when")

    def _label(self, key: str, widget: QWidget, rel: tuple) -> None:
        widget.setObjectName("prop-" + ".".join(map(str, rel)))
        widget.setAccessibleName(self.ctx.t(key))
        self.inputs[rel] = widget
        self.props.addRow(self.ctx.t(key), widget)

    def _value(self, rel: tuple) -> Any:
        if self.selected is None:
            return None
        document, path = self.selected
        return self.wc.get(document, path + rel)

    def _line(self, rel: tuple, key: str) -> None:
        value = self._value(rel)
        if rel == ("box",) and isinstance(value, list):
            value = ", ".join(f"{v:g}" for v in value)
        edit = QLineEdit("" if value is None else str(value))
        edit.textEdited.connect(lambda text: self.commit(rel, text))
        if rel in (("when",), ("derive",)):
            edit.textEdited.connect(self.try_edit.setText)
            if value:
                self.try_edit.setText(str(value))
        self._label(key, edit, rel)

    def _combo(self, rel: tuple, options: tuple, key: str) -> None:
        combo = QComboBox()
        combo.addItems(list(options))
        combo.setCurrentText(str(self._value(rel) or ""))
        combo.currentTextChanged.connect(lambda text: self.commit(rel, text))
        self._label(key, combo, rel)

    def _check(self, rel: tuple, key: str) -> None:
        box = QCheckBox()
        box.setChecked(bool(self._value(rel)))
        box.toggled.connect(lambda on: self.commit(rel, True if on else None))
        self._label(key, box, rel)

    def _spin(self, rel: tuple, key: str) -> None:
        spin = QSpinBox()
        spin.setRange(0, 10000)
        spin.setSpecialValueText("—")
        spin.setValue(int(self._value(rel) or 0))
        spin.valueChanged.connect(lambda v: self.commit(rel, v or None))
        self._label(key, spin, rel)

    def commit(self, rel: tuple, value: Any) -> None:
        """Write one property of the selected item into the working copy and re-check soon."""
        if self.selected is None:
            return
        document, path = self.selected
        if rel == ("box",) and isinstance(value, str):
            try:
                value = [float(v) if "." in v else int(v) for v in value.replace(" ", "").split(",") if v] or None
            except ValueError:
                pass  # left as text: the schema reports it at this cell
        if rel[:1] == ("validation",) and value is None:
            validation = dict(self._value(("validation",)) or {})
            validation.pop(rel[1], None)
            self.wc.set(document, path + ("validation",), validation or None)
        else:
            self.wc.set(document, path + rel, value)
        if self.ctx.session is not None:
            self.ctx.session.touch()
        self.timer.start()

    # -- form rows --------------------------------------------------------------------------
    def add_field(self, field_id: str, per_person: bool) -> int | None:
        if self.selected is None:
            return None
        document, _ = self.selected
        try:
            form, key = editing.add_form_field(self.wc.data(document), field_id, persons=per_person)
        except KioskError as exc:
            self.message.show_error(self.ctx, exc)
            return None
        self.wc.set_data(document, form)
        self._rebuild(document, ())
        self.message.show_text(self.ctx.t("admin.field_added", field=field_id, qr=key), "ok")
        return key

    def remove_selected_field(self) -> None:
        if self.selected is None:
            return
        document, path = self.selected
        field_id = self.wc.get(document, path + ("field",))
        form = editing.remove_form_field(self.wc.data(document), field_id, persons=path[:1] == ("persons",))
        self.wc.set_data(document, form)
        self._rebuild(document, ())

    def _rebuild(self, document: str, path: tuple) -> None:
        self.build_tree()
        self.select(document, path)
        self.validate_now()

    # -- translations grid ------------------------------------------------------------------
    def languages(self) -> list[str]:
        return self.grid.languages()

    def _build_grid(self) -> None:
        if self.selected is not None:
            self.grid.show_item(*self.selected, self.problems)

    def bad_cells(self) -> list[tuple[int, int]]:
        return self.grid.bad_cells()

    # -- validation and saving --------------------------------------------------------------
    def validate_now(self) -> list[editing.Located]:
        self.timer.stop()
        self.problems = self.wc.problems()
        self.problem_list.clear()
        for p in self.problems:
            self.problem_list.addItem(p.text)
        self._show_problems()
        if self.selected is not None:
            self._build_grid()
        return self.problems

    def _show_problems(self) -> None:
        if self.selected is None:
            return
        document, path = self.selected
        for rel, widget in self.inputs.items():
            hits = [p for p in self.problems if p.document == document and p.path[:len(path + rel)] == path + rel]
            widget.setStyleSheet("border: 2px solid #b00020;" if hits else "")
            widget.setToolTip("\n".join(p.message for p in hits))
            widget.setProperty("problem", bool(hits))

    def _jump_to_problem(self, item) -> None:
        located = editing.locate(item.text())
        for depth in (3, 2, 0):
            if self.find_item(located.document, located.path[:depth]) is not None:
                self.select(located.document, located.path[:depth])
                return

    def save(self) -> bool:
        try:
            saved = self.wc.save(self.ctx.actor())
        except KioskError as exc:
            self.message.show_error(self.ctx, exc)
            return False
        problems = self.validate_now()
        key = "admin.saved_with_problems" if problems else "admin.saved"
        self.message.show_text(self.ctx.t(key, count=len(saved), problems=len(problems)), "ok")
        self.saved.emit()
        return True

    def reload(self) -> None:
        self.wc.reload()
        self.build_tree()
        self.validate_now()
        self.message.show_text("")
