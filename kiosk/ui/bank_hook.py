"""The review editor's link to the bank and branch candidates: which bank a branch belongs to, what
choosing stores, and going on from the bank to its branch. With ゆうちょ銀行 chosen, the branch and
the account number are entered as the passbook's 記号・番号 (:class:`YuchoEntry`) and stored
converted: 店番, 口座番号 and, when the form has it, 預金種目."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kiosk import banks, yucho
from kiosk.catalogue.model import Form, FormField, format_value
from kiosk.ui.bank_picker import BankStrip
from kiosk.ui.keypads import Keypad
from kiosk.ui.yucho_entry import YuchoEntry

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
    strip = next((s for s in editor.kept_strips if isinstance(s, BankStrip) and s.pad is pad), None)
    if strip is None:  # one for each pad a bank is typed on, kept across fields and sessions
        strip = BankStrip(pad, editor.review.lang, bank, lambda value: choose(editor, value))
        editor.kept_strips.append(strip)
    else:
        strip.reuse(editor.review.lang, bank)
    if bank == "":
        editor.review.show_problem("resident.bank_first")
    editor.area.insertWidget(0, strip)
    strip.show()
    editor.kanji = strip
    return strip


def attach_yucho(editor: FieldEditor) -> bool:
    """With ゆうちょ銀行 as the bank, show the 記号・番号 entry for the branch or account number
    field being edited (True), else leave the editor to its usual pad (False)."""
    form = editor.review.journey.current_form()
    if editor.target is None or form is None:
        return False
    ff, person = editor.target
    bank = _sibling(form, person, "bank")
    if not ff.field.kind.yucho_entry or bank is None or not yucho.is_yucho(_value(editor, form, bank.id, person)):
        return False
    review = editor.review
    kind = next((f.field for f in _fields(form, person) if f.id == yucho.ACCOUNT_TYPE_FIELD), None)

    def kind_text(code: str) -> str:
        return format_value(kind, code, review.lang) if kind is not None else ""

    entry = editor.yucho
    if entry is None:  # one for every ゆうちょ account, kept across fields and sessions
        entry = editor.yucho = YuchoEntry(review.lang, kind_text, lambda account: store_yucho(editor, account),
                                          review.show_problem, review.clear_problem)
        entry.pad.cancelled.connect(review.close_editor)
        entry.pad.typed.connect(review.kiosk.typed)
    else:
        entry.reuse(review.lang, kind_text)
    editor.area.addWidget(entry)
    entry.show()
    entry.pad.show()  # (the editor hides the pad it last showed when it takes it out)
    editor.pad = entry.pad  # the editor's focus goes to its first key
    editor.kanji = None
    entry.switch("kigo")
    return True


def store_yucho(editor: FieldEditor, account: yucho.YuchoAccount) -> None:
    """Store the converted account: the branch, the account number and the 預金種目 if the form has it."""
    form = editor.review.journey.current_form()
    if editor.target is None or form is None:
        return
    ff, person = editor.target
    fields = _fields(form, person)
    branch = _sibling(form, person, "bank_branch")
    number = next((f for f in fields if f.field.kind.yucho_entry and f is not branch), None)
    values: dict[str, str] = {}
    if branch is not None:
        values[branch.id] = account.branch_value
    if number is not None:
        values[number.id] = account.number
    if any(f.id == yucho.ACCOUNT_TYPE_FIELD for f in fields):
        values[yucho.ACCOUNT_TYPE_FIELD] = account.account_type
    session = editor.review.journey.session
    for field_id, value in values.items():
        if field_id != ff.id:
            session.set_value_everywhere(form.id, field_id, value, person)
    editor.accept(values[ff.id])


def choose(editor: FieldEditor, value: str) -> None:
    """Store the chosen bank or branch; a new bank drops a branch of another bank and goes on to
    the branch (chosen, or for ゆうちょ銀行 entered as 記号・番号)."""
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
        if bank is None:
            review.show_problem("catalogue.bank")
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
