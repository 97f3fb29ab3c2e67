"""The review editor's link to the bank and branch candidates: which bank a branch belongs to, what
choosing stores, and going on from the bank to its branch."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kiosk import banks
from kiosk.catalogue.model import Form, FormField
from kiosk.ui.bank_picker import BankStrip
from kiosk.ui.keypads import Keypad

if TYPE_CHECKING:  # pragma: no cover
    from kiosk.ui.field_editor import FieldEditor

BANK_KEYPADS = ("bank", "bank_branch")


def bank_pads() -> list[tuple[str, tuple[str, str]]]:
    """The pads of a bank or branch field: hiragana for the name, digits for the code."""
    return [("resident.pad_hiragana", ("kana", "hiragana")), ("resident.pad_digits", ("numeric", "digits"))]


def _fields(form: Form, person: int | None) -> list[FormField]:
    if person is None:
        return list(form.fields)
    return list(form.persons.fields) if form.persons is not None else []


def _value(editor: FieldEditor, form: Form, field_id: str, person: int | None) -> object:
    values = editor.review.journey.session.form_values.get(form.id)
    if values is None:
        return None
    return values.household.get(field_id) if person is None else values.persons[person].get(field_id)


def _sibling(form: Form, person: int | None, keypad: str) -> FormField | None:
    """The form's bank (or branch) field next to the one edited."""
    return next((f for f in _fields(form, person) if f.field.kind.keypad == keypad), None)


def attach_bank(editor: FieldEditor, pad: Keypad) -> BankStrip | None:
    """Put the bank or branch candidates above ``pad`` in the editor."""
    form = editor.review.journey.current_form()
    if editor.target is None or form is None:
        return None
    ff, person = editor.target
    bank: str | None = None
    if ff.field.kind.keypad == "bank_branch":
        chosen = _sibling(form, person, "bank")
        value = _value(editor, form, chosen.id, person) if chosen is not None else None
        bank = value if isinstance(value, str) and value else ""  # "" : no bank chosen yet, no branches
    strip = BankStrip(pad, editor.review.lang, bank, lambda value: choose(editor, value))
    if bank == "":
        editor.review.show_problem("resident.bank_first")
    editor.area.insertWidget(0, strip)
    editor.kanji = strip
    return strip


def choose(editor: FieldEditor, value: str) -> None:
    """Store the chosen bank (a bank that needs the counter is refused with its message) or branch;
    a new bank drops a branch of another bank and goes on to choosing the branch."""
    if editor.target is None:
        return
    ff, person = editor.target
    review = editor.review
    form = review.journey.current_form()
    if form is None:
        return
    if ff.field.kind.keypad == "bank":
        index = banks.loaded_index()
        bank = index.bank(value) if index is not None else None
        if bank is None or bank.counter_only:
            review.show_problem("catalogue.bank_counter" if bank is not None else "catalogue.bank")
            return
        branch = _sibling(form, person, "bank_branch")
        if branch is not None:
            current = _value(editor, form, branch.id, person)
            if isinstance(current, str) and not current.startswith(value):
                review.journey.session.set_value_everywhere(form.id, branch.id, None, person)
        editor.accept(value)
        if branch is not None:
            review.open_editor(branch, person)
        return
    editor.accept(value)
