"""Review per form (A11Y-12, ML-06): the official Japanese label with the translation beside
it, values prefilled, card-sourced values marked, everything editable with the on-screen pads."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk import i18n
from kiosk.catalogue.model import FieldDef, FormField, format_value, localized
from kiosk.errors import ValidationError
from kiosk.sheets.glyphs import review_notice
from kiosk.ui.base import ScreenBase
from kiosk.ui.keypads import AlphaPad, KanaPad, NumericPad
from kiosk.ui.operations import run
from kiosk.ui.screens import _clear, member_label
from kiosk.ui.widgets import RubyLabel, answer_button, button, set_text


def display_value(fd: FieldDef, value: Any, lang: str) -> str:
    """Dates in 和暦 and 西暦 for non-Japanese screens (ML-09)."""
    if isinstance(value, dt.date) and lang not in ("ja", "ja-easy"):
        wareki = format_value(fd, value, "ja")
        return f"{value.isoformat()} ({wareki})" if wareki != value.isoformat() else value.isoformat()
    return format_value(fd, value, lang)


class FieldEditor(QWidget):
    """Edits one value with the pad its type calls for; keeps the value until accepted."""

    def __init__(self, screen: ReviewScreen) -> None:
        super().__init__()
        self.screen = screen
        self.layout_ = QVBoxLayout(self)
        self.label = RubyLabel("", object_name="Title")
        self.layout_.addWidget(self.label)
        self.modes = QHBoxLayout()
        self.layout_.addLayout(self.modes)
        self.area = QVBoxLayout()
        self.layout_.addLayout(self.area, 1)
        self.target: tuple[FormField, int | None] | None = None

    def open(self, ff: FormField, person: int | None, value: Any) -> None:
        self.target = (ff, person)
        lang = self.screen.lang
        fd = ff.field
        self.label.setText(f"{fd.label.get('ja', fd.id)}  {localized(fd.label, lang) if lang != 'ja' else ''}")
        _clear(self.modes)
        _clear(self.area)
        kind = fd.kind
        if kind.keypad == "choice":
            options = kind.choices(fd, lang)
            grid = QGridLayout()
            for i, (code, text) in enumerate(options):
                b = answer_button(text, name=f"option-{code}")
                b.setProperty("selected", code == value)
                b.clicked.connect(lambda _=False, c=code: self.accept(c))
                grid.addWidget(b, i // 2, i % 2)
            self.area.addLayout(grid)
            cancel = button(i18n.text("resident.key_cancel", lang))
            cancel.clicked.connect(self.screen.close_editor)
            self.area.addWidget(cancel)
            self.area.addStretch(1)
            return
        text = kind.edit_text(fd, value)
        if kind.keypad in ("date", "postal_code", "phone", "digits"):
            self._pad(NumericPad(lang, text, kind=kind.keypad))
            return
        pads = [("resident.pad_katakana", lambda: KanaPad(lang, text, katakana=True))]
        if kind.keypad != "kana":
            pads = [("resident.pad_hiragana", lambda: KanaPad(lang, text, katakana=False)),
                    *pads, ("resident.pad_alpha", lambda: AlphaPad(lang, text)),
                    ("resident.pad_digits", lambda: NumericPad(lang, text, kind="digits"))]
        for key, make in pads:
            b = button(i18n.text(key, lang), name=f"pad-{key.rsplit('_', 1)[-1]}")
            b.clicked.connect(lambda _=False, m=make: self._pad(m()))
            self.modes.addWidget(b)
        self.modes.addStretch(1)
        self._pad(pads[0][1]())

    def _pad(self, pad) -> None:
        _clear(self.area)
        pad.accepted.connect(self.accept_text)
        pad.cancelled.connect(self.screen.close_editor)
        pad.typed.connect(self.screen.kiosk.typed)
        self.area.addWidget(pad)
        self.pad = pad
        first = next(iter(pad.grid.cells.values()), None)
        if first is not None:
            first.setFocus()

    def accept_text(self, text: str) -> None:
        ff, _ = self.target
        try:
            value = ff.field.kind.parse(ff.field, text)
        except ValidationError as exc:
            self.screen.show_problem(exc.key)
            return
        self.accept(value)

    def accept(self, value: Any) -> None:
        ff, person = self.target
        self.screen.kiosk.tapped()
        self.screen.set_value(ff, person, value)


class ReviewScreen(ScreenBase):
    name = "review"

    def __init__(self, window) -> None:
        super().__init__(window)
        self.stack = QStackedWidget()
        self.body.addWidget(self.stack, 1)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.list = QWidget()
        self.rows = QVBoxLayout(self.list)
        self.scroll.setWidget(self.list)
        self.stack.addWidget(self.scroll)
        self.editor = FieldEditor(self)
        self.stack.addWidget(self.editor)
        self.next = button("", primary=True, name="review-next")
        self.next.clicked.connect(self.done)
        self.actions.addStretch(1)
        self.actions.addWidget(self.next)

    def refresh(self) -> None:
        form = self.journey.current_form()
        if form is None:
            return
        lang = self.lang
        forms = self.journey.forms()
        index = forms.index(form) + 1 if form in forms else 1
        title = form.title.get("ja", form.id)
        if lang not in ("ja", "ja-easy"):
            title += f"  ({localized(form.title, lang)})"
        self.title.setText(self.t("resident.review_title", n=index, total=len(forms), form=title))
        set_text(self.next, self.t("resident.review_ok"))
        self.stack.setCurrentWidget(self.scroll)
        _clear(self.rows)
        values = self.journey.session.form_values.get(form.id)
        if values is None:
            return
        self.rows.addWidget(RubyLabel(self.t("resident.review_hint")))
        glyphs = RubyLabel("")  # characters the sheet cannot print as written
        self.rows.addWidget(glyphs)
        run(lambda: review_notice(form, values, lang), lambda text: glyphs.setText(text), owner=glyphs)
        for ff in form.fields:  # prefill gives a key to every visible field: hidden ones are not shown
            if not ff.handwrite and ff.id in values.household:
                self._row(ff, None, values.household.get(ff.id), f"household:{ff.id}" in values.from_card)
        if form.persons is not None:
            rows = self.journey.session.form_rows.get(form.id, [])
            for i, person in enumerate(values.persons):
                index = rows[i] if i < len(rows) else i
                head = QLabel(member_label(self, index) if index < len(self.journey.session.members)
                              else i18n.plain(self.t("resident.review_person", n=i + 1)))
                head.setObjectName("Title")
                self.rows.addWidget(head)
                for ff in form.persons.fields:
                    if not ff.handwrite and ff.id in person:
                        self._row(ff, i, person.get(ff.id), f"person{i}:{ff.id}" in values.from_card)
        self.rows.addStretch(1)

    def _row(self, ff: FormField, person: int | None, value: Any, from_card: bool) -> None:
        lang = self.lang
        fd = ff.field
        row = QFrame()
        row.setObjectName("Row")
        grid = QGridLayout(row)
        ja = QLabel(fd.label.get("ja", fd.id) + (" *" if ff.is_required else ""))
        grid.addWidget(ja, 0, 0)
        if lang != "ja":
            translated = RubyLabel(localized(fd.label, lang), object_name="Small")
            grid.addWidget(translated, 1, 0)
        shown = QLabel(display_value(fd, value, lang) or "—")
        shown.setWordWrap(True)
        grid.addWidget(shown, 0, 1, 2 if lang != "ja" else 1, 1)
        if from_card:
            mark = QLabel("▣ " + i18n.plain(self.t("resident.from_card")))
            mark.setObjectName("CardMark")
            grid.addWidget(mark, 2 if lang != "ja" else 1, 1, Qt.AlignmentFlag.AlignLeft)
        edit = button(self.t("resident.edit"), name=f"edit-{'h' if person is None else person}-{fd.id}")
        edit.setAccessibleName(f"{i18n.plain(self.t('resident.edit'))}: {fd.label.get('ja', fd.id)}")
        edit.clicked.connect(lambda _=False: self.open_editor(ff, person))
        grid.addWidget(edit, 0, 3, 3, 1)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 4)
        self.rows.addWidget(row)

    def open_editor(self, ff: FormField, person: int | None) -> None:
        self.kiosk.tapped()
        values = self.journey.session.form_values[self.journey.current_form().id]
        value = values.household.get(ff.id) if person is None else values.persons[person].get(ff.id)
        self.editor.open(ff, person, value)
        self.stack.setCurrentWidget(self.editor)

    def close_editor(self) -> None:
        self.kiosk.tapped()
        self.refresh()

    def set_value(self, ff: FormField, person: int | None, value: Any) -> None:
        form = self.journey.current_form()
        self.journey.session.set_value_everywhere(form.id, ff.id, value, person)
        if ff.field.kind.looks_up_town and isinstance(value, str) and value.isdigit():
            self._fill_from_postal_code(form, person, value)
        self.clear_problem()
        self.refresh()

    def _fill_from_postal_code(self, form, person: int | None, code: str) -> None:
        """Postal code fills prefecture and town (the resident types only 番地 and building)."""
        catalogue = self.journey.catalogue
        found = catalogue.lookup_postal_code(code) if catalogue is not None else None
        if not found:
            self.show_problem("resident.postal_unknown")
            return
        town = found
        fields = form.fields if person is None else form.persons.fields
        target = next((f for f in fields if f.field.kind.fills_town), None)
        if target is not None:
            values = self.journey.session.form_values[form.id]
            current = values.household.get(target.id) if person is None else values.persons[person].get(target.id)
            if not current or not str(current).startswith(town):
                self.journey.session.set_value_everywhere(form.id, target.id, town, person)

    def done(self) -> None:
        self.kiosk.tapped()
        problems = self.journey.review_done()
        if problems:
            texts = [self._problem_text(p) for p in problems[:3]]
            self.message.show_message(i18n.plain(self.t("resident.review_problems")) + "\n" + "\n".join(texts))
            self.kiosk.restyle(self.message)

    def _problem_text(self, problem: Any) -> str:
        if isinstance(problem, tuple) and len(problem) == 3:  # (field id, person row, message key)
            field_id, row, key = problem
            form = self.journey.current_form()
            fd = next((f.field for f in form.all_fields() if f.id == field_id), None)
            label = fd.label.get("ja", field_id) if fd else field_id
            if fd is not None and self.lang != "ja":
                label += f" ({localized(fd.label, self.lang)})"
            who = f"{i18n.plain(self.t('resident.review_person', n=row + 1))}: " if row is not None else ""
            return f"・{who}{i18n.plain(label)} — {i18n.plain(i18n.text(key, self.lang))}"
        key = getattr(problem, "key", None)
        if key:
            return i18n.plain(i18n.text(key, self.lang, **getattr(problem, "params", {})))
        return str(problem)
