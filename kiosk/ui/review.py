"""Review per form (A11Y-12, ML-06): the official Japanese label with the translation beside
it, values prefilled, card-sourced values marked, everything editable with the on-screen pads."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QLabel,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk import i18n
from kiosk.catalogue.model import FieldDef, Form, FormField, FormValues, format_value, localized
from kiosk.journey import Screen
from kiosk.ports import Problem
from kiosk.sheets.glyphs import review_notice
from kiosk.ui.base import ScreenBase
from kiosk.ui.field_editor import FieldEditor
from kiosk.ui.operations import run
from kiosk.ui.review_rows import ReviewRow, RowPool, RowText, Shape
from kiosk.ui.screens import member_label
from kiosk.ui.widgets import RubyLabel, button, form_title, set_text

if TYPE_CHECKING:  # pragma: no cover
    from kiosk.ui.window import KioskWindow


def display_value(fd: FieldDef, value: Any, lang: str) -> str:
    """Dates in 和暦 and 西暦 for non-Japanese screens (ML-09)."""
    if isinstance(value, dt.date) and lang not in ("ja", "ja-easy"):
        wareki = format_value(fd, value, "ja")
        return f"{value.isoformat()} ({wareki})" if wareki != value.isoformat() else value.isoformat()
    return format_value(fd, value, lang)


RowKey = tuple[str, int | None]  # (field id, person row or None for the household)
FIRST_ROWS = 4  # rows built with the page (the rest follow within a frame or two: no long stall)
SLICE_ROWS = 3  # rows built per turn of the event loop after that


class ReviewPage(QWidget):
    """The rows of one form in one language. Kept while the resident stays on that form: after an
    edit only the values change, so only their labels are updated (no widget rebuilt). The screen
    keeps one page for every form and session: :meth:`start` fills it for a form, :meth:`wipe`
    empties it (PRIV-08) and counts a new :attr:`generation`, so that a slice of rows or a glyph
    check meant for the form before never lands on the next (its heads and labels are kept)."""

    def __init__(self) -> None:
        super().__init__()
        self.key: tuple[object, ...] = ()
        self.form_id = ""
        self.rows = QVBoxLayout(self)
        self.hint = RubyLabel("")
        self.glyphs = RubyLabel("")  # characters the sheet cannot print as written
        self.rows.addWidget(self.hint)
        self.rows.addWidget(self.glyphs)
        self.body = QVBoxLayout()  # the persons' heads and the rows
        self.rows.addLayout(self.body)
        self.rows.addStretch(1)
        self.values: dict[RowKey, tuple[QLabel, QLabel | None]] = {}
        self.pending: list[RowKey] = []  # rows still to build, in order (a long form is built in slices)
        self.fields: dict[RowKey, FormField] = {}
        self.person_head: int | None = None
        self.last_edit: QWidget | None = None
        self.heads: list[RubyLabel] = []  # "1人目", …: made when first needed, then kept
        self.heads_shown = 0
        self.built: list[ReviewRow] = []  # given back to the screen's pool when the page goes
        self.when_built: Callable[[], None] | None = None  # called once every row is built
        self.generation = 0

    @property
    def complete(self) -> bool:
        return not self.pending

    def start(self, key: tuple[object, ...], form_id: str, fields: dict[RowKey, FormField], hint: str) -> None:
        """The page for another form (or language, or text size), its rows still to build."""
        self.wipe()
        self.key, self.form_id, self.fields = key, form_id, fields
        self.pending = list(fields)
        self.hint.setText(hint)

    def head(self, text: str) -> None:
        """A person's head (furigana kept in やさしい日本語) after the rows built so far."""
        if self.heads_shown == len(self.heads):
            self.heads.append(RubyLabel("", object_name="Title"))
        label = self.heads[self.heads_shown]
        self.heads_shown += 1
        label.setText(text)
        self.body.addWidget(label)
        label.show()

    def wipe(self) -> None:
        """Nothing of the form shown is left (PRIV-08): no head, notice or value; the rows have
        gone back to the pool. Whatever was still to come for it is dropped."""
        self.generation += 1
        for label in self.heads[:self.heads_shown]:
            self.body.removeWidget(label)
            label.hide()
            label.setText("")
        self.heads_shown = 0
        for label in (self.hint, self.glyphs):
            label.setText("")
        self.key, self.form_id = (), ""
        self.values.clear()
        self.pending = []
        self.fields = {}
        self.person_head = None
        self.last_edit = None
        self.when_built = None


class ReviewScreen(ScreenBase):
    name = "review"

    def __init__(self, window: KioskWindow) -> None:
        super().__init__(window)
        self.stack = QStackedWidget()
        self.body.addWidget(self.stack, 1)
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.page: ReviewPage | None = None  # the page shown (None between sessions)
        self.kept_page = ReviewPage()  # every form's page, kept across forms and sessions
        self.scroll_area.setWidget(self.kept_page)
        self.stack.addWidget(self.scroll_area)
        self.editor = FieldEditor(self)
        self.stack.addWidget(self.editor)
        self.scroll_area.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # not a Tab stop: Tab scrolls to each row
        self.next = button("", primary=True, name="review-next")
        self.next.clicked.connect(self.done)
        self.action_row.addStretch(1)
        self.action_row.addWidget(self.next)
        self.edited: tuple[RowKey, bool] | None = None  # the row just edited, and whether a value was accepted
        spare = QWidget(self)  # the rows of pages no longer shown, wiped, for the next pages
        spare.hide()
        self.pool = RowPool(spare, self.open_editor)

    def refresh(self) -> None:
        forms = self.journey.forms()
        if self.journey.screen is not Screen.REVIEW or not forms:
            return
        detail = self.journey.detail  # on the review screen: the form's index
        index = min(detail if isinstance(detail, int) else 0, len(forms) - 1)
        form = forms[index]
        lang = self.lang
        title = form_title(form.title, lang) or form.id
        self.title.setText(self.t("resident.review_title", n=index + 1, total=len(forms), form=title))
        set_text(self.next, self.t("resident.review_ok"))
        self.stack.setCurrentWidget(self.scroll_area)
        values = self.journey.session.form_values.get(form.id)
        if values is None:
            return
        shown = self._shown(form, values)
        key = (form.id, lang, self.kiosk.large_text, tuple((k, ff.id) for k, ff, _, _ in shown))
        if self.page is not None and self.page.key == key:
            for row, ff, value, from_card in shown:  # the same rows: only the values change
                if row in self.page.values:  # (rows not built yet read their value when they are)
                    label, mark = self.page.values[row]
                    label.setText(display_value(ff.field, value, lang) or "—")
                    if mark is not None:
                        mark.setVisible(from_card)
            self._check_glyphs(self.page, form, values, lang)
            if self.page.pending:  # left before its rows were all built: build the rest now
                self._later(self.page)
            return
        self._give_back_rows()
        page = self.kept_page
        page.start(key, form.id, {row: ff for row, ff, _, _ in shown}, self.t("resident.review_hint"))
        # Checked once the rows are built: the check's worker would otherwise compete with building them.
        page.when_built = lambda: self._check_glyphs(page, form, values, lang)
        self._build_rows(page, FIRST_ROWS)  # what the first screenful shows; the rest follows
        self.page = page
        self.scroll_area.verticalScrollBar().setValue(0)  # the new form from its top

    def _give_back_rows(self) -> None:
        """The shown page's rows go to the pool, wiped, and the page is wiped for the next form."""
        if self.page is not None:
            self.pool.give_back(self.page.built)
            self.page.built = []
            self.page.wipe()

    def _check_glyphs(self, page: ReviewPage, form: Any, values: Any, lang: str) -> None:
        """Name, before printing, the characters the sheet's font lacks (checked off the GUI thread;
        a result for a form no longer shown is dropped)."""
        label, generation = page.glyphs, page.generation
        snapshot = FormValues(values.form_id, dict(values.household), [dict(p) for p in values.persons])

        def show(text: str) -> None:
            if page.generation == generation:
                label.setText(text)

        run(lambda: review_notice(form, snapshot, lang), show, owner=label)

    def _later(self, page: ReviewPage) -> None:
        """The next slice of ``page``'s rows on the next turn of the event loop (if it still shows that form)."""
        generation = page.generation
        QTimer.singleShot(0, self, lambda: self._continue(page, generation))

    def _build_rows(self, page: ReviewPage, count: int) -> None:
        """Build up to ``count`` pending rows with the values as they are now; schedule the rest
        for the next turn of the event loop, so no single frame builds a whole long form."""
        values = self.journey.session.form_values.get(page.form_id)
        if values is None:
            page.pending.clear()
            return
        members = self.journey.session.form_rows.get(page.form_id, [])
        while page.pending and count > 0:
            row = page.pending.pop(0)
            ff = page.fields[row]
            person = row[1]
            if person is not None and person != page.person_head:
                page.person_head = person
                member = members[person] if person < len(members) else person
                page.head(member_label(self, member) if member < len(self.journey.session.members)
                          else self.t("resident.review_person", n=person + 1))  # "1{人目|にんめ}"
            if person is None:
                value, where = values.household.get(ff.id), f"household:{ff.id}"
            else:
                value, where = values.persons[person].get(ff.id), f"person{person}:{ff.id}"
            self._row(page, ff, person, value, where in values.from_card)
            count -= 1
        if page.pending:
            self._later(page)
        else:
            built, page.when_built = page.when_built, None
            if built is not None:
                built()

    def _continue(self, page: ReviewPage, generation: int) -> None:
        if page is self.page and page.generation == generation and self.journey.screen is Screen.REVIEW:
            self._build_rows(page, SLICE_ROWS)

    def _shown(self, form: Form, values: FormValues) -> list[tuple[RowKey, FormField, Any, bool]]:
        """The rows to show: every visible field (prefill gives each a key), household then persons."""
        out: list[tuple[RowKey, FormField, Any, bool]] = []
        for ff in form.fields:
            if not ff.handwrite and ff.id in values.household:
                out.append(((ff.id, None), ff, values.household.get(ff.id), f"household:{ff.id}" in values.from_card))
        if form.persons is not None:
            for i, person in enumerate(values.persons):
                for ff in form.persons.fields:
                    if not ff.handwrite and ff.id in person:
                        out.append(((ff.id, i), ff, person.get(ff.id), f"person{i}:{ff.id}" in values.from_card))
        return out

    def _row(self, page: ReviewPage, ff: FormField, person: int | None, value: Any, from_card: bool) -> None:
        lang = self.lang
        fd = ff.field
        translated = localized(fd.label, lang) if lang != "ja" else ""
        row = self.pool.take(Shape(translated=lang != "ja", ruby=bool(i18n.RUBY.search(translated))))
        page.body.addWidget(row)
        page.built.append(row)
        edit = self.t("resident.edit")
        row.fill(RowText(ja=fd.label.get("ja", fd.id) + (" *" if ff.is_required else ""), translated=translated,
                         value=display_value(fd, value, lang) or "—",
                         mark="▣ " + i18n.plain(self.t("resident.from_card")), from_card=from_card, edit=edit,
                         edit_name=f"edit-{'h' if person is None else person}-{fd.id}",
                         edit_access=f"{i18n.plain(edit)}: {fd.label.get('ja', fd.id)}"), (ff, person))
        page.values[(ff.id, person)] = (row.shown, row.mark)
        if page.last_edit is not None and page.isAncestorOf(page.last_edit):
            QWidget.setTabOrder(page.last_edit, row.edit)  # rows built later keep the reading order for Tab
        page.last_edit = row.edit

    def reset(self) -> bool:
        """Session end: the page with the resident's values goes (its rows, wiped, stay in the pool),
        the editor is emptied."""
        self.forget()
        if self.page is not None:
            self._give_back_rows()  # wiped (PRIV-08) and kept for the next resident's pages
            self.page = None
        self.editor.forget()
        self.stack.setCurrentWidget(self.scroll_area)
        return True

    def open_editor(self, ff: FormField, person: int | None) -> None:
        self.kiosk.tapped()
        form = self.journey.current_form()
        if form is None:
            return
        values = self.journey.session.form_values[form.id]
        value = values.household.get(ff.id) if person is None else values.persons[person].get(ff.id)
        self.editor.open(ff, person, value)
        self.stack.setCurrentWidget(self.editor)
        self.edited = ((ff.id, person), False)
        self.settle_focus()  # into the editor

    def close_editor(self) -> None:
        self.kiosk.tapped()
        self.refresh()
        self.settle_focus()  # back on the row just left

    # Focus (A11Y-10) ------------------------------------------------------------------------------
    def initial_focus(self) -> QWidget | None:
        """In the editor: its chosen option or first key. Back from it: after a value was taken,
        the next row still needing one, else 確認; after cancelling, the row left. Otherwise 確認."""
        if self.stack.currentWidget() is self.editor:
            return self.editor.first_control()
        edited, self.edited = self.edited, None
        page = self.page
        if edited is not None and page is not None:
            (row, accepted) = edited
            if not accepted:
                return self._edit_button(row) or self.next
            form = self.journey.current_form()
            values = self.journey.session.form_values.get(form.id) if form is not None else None
            rows = list(page.fields)
            for later in rows[rows.index(row) + 1:] if row in rows else []:
                ff = page.fields[later]
                field_id, person = later
                if values is None or not ff.is_required:
                    continue
                value = values.household.get(field_id) if person is None else values.persons[person].get(field_id)
                if value in (None, ""):
                    return self._edit_button(later) or self.next
        return self.next

    def _edit_button(self, row: RowKey) -> QPushButton | None:
        field_id, person = row
        name = f"edit-{'h' if person is None else person}-{field_id}"
        page = self.page
        found = page.findChildren(QPushButton, name) if page is not None else []
        return found[0] if found else None

    def set_value(self, ff: FormField, person: int | None, value: Any) -> None:
        form = self.journey.current_form()
        if form is None:
            return
        self.journey.session.set_value_everywhere(form.id, ff.id, value, person)
        self.journey.carry_derived()
        if ff.field.kind.looks_up_town and isinstance(value, str) and value.isdigit():
            self._fill_from_postal_code(form, person, value)
        self.clear_problem()
        self.edited = ((ff.id, person), True)
        self.refresh()
        self.settle_focus()  # the next row to fill, or 確認

    def _fill_from_postal_code(self, form: Form, person: int | None, code: str) -> None:
        """Postal code fills prefecture and town (the resident types only 番地 and building)."""
        catalogue = self.journey.catalogue
        found = catalogue.lookup_postal_code(code) if catalogue is not None else None
        if not found:
            self.show_problem("resident.postal_unknown")
            return
        town = found
        if person is None:
            fields = form.fields
        elif form.persons is not None:
            fields = form.persons.fields
        else:
            return
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

    def _problem_text(self, problem: Problem) -> str:
        field_id, row, key = problem
        form = self.journey.current_form()
        fd = next((f.field for f in form.all_fields() if f.id == field_id), None) if form is not None else None
        label = fd.label.get("ja", field_id) if fd else field_id
        if fd is not None and self.lang != "ja":
            label += f" ({localized(fd.label, self.lang)})"
        who = f"{i18n.plain(self.t('resident.review_person', n=row + 1))}: " if row is not None else ""
        return f"・{who}{i18n.plain(label)} — {i18n.plain(i18n.text(key, self.lang))}"
