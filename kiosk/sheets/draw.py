"""A catalogue form and its signed values, worded as the printed sheet shows them
(:class:`printing.model.Sheet`): labels, values in 和暦, options as check boxes, the notes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any, BinaryIO, TypeVar
from zoneinfo import ZoneInfo

from kiosk import paths
from kiosk.catalogue import wareki
from kiosk.catalogue.model import Form, FormField, PrintBox
from kiosk.errors import PrintError
from kiosk.ks1 import EncodedSheet, format_sheet_id
from kiosk.ks1.symbol import MAX_VERSION, Symbol
from kiosk.ks1.values import needs_my_number
from printing import fonts
from printing import sheet as sheet_pdf
from printing.model import Box, Choice, Code, Column, Entry, EntryKind, PersonTable, Sheet
from printing.sheet import RenderResult

EMPTY = "—"
MY_NUMBER_NOTE = "個人番号は窓口でマイナンバーカードにより確認します（この用紙とコードには含めていません）。"
MY_NUMBER_TEXT = "窓口でカードにより確認"
NATIONALITY_FIELD = "person.nationality"  # 国籍・地域: stated for foreign residents only
BIRTH_DATE_FIELD = "person.birth_date"  # printed in 和暦 with the 西暦 date beside it for foreign residents
LARGEST_SYMBOL = 17 + 4 * MAX_VERSION  # modules: a form never needs a larger symbol (it splits instead)
PERSONS_LABEL = "対象となる人"

try:
    JST: dt.tzinfo = ZoneInfo("Asia/Tokyo")
except Exception:  # no tz database on the system
    JST = dt.timezone(dt.timedelta(hours=9), "JST")

T = TypeVar("T")


def use_fonts() -> None:
    """Hand the shipped fonts (``assets/fonts``) to the printing package."""
    fonts.add_font_dir(paths.ASSETS_DIR / "fonts")


def drawing(render: Callable[[], T]) -> T:
    """Run a printing call with the shipped fonts; a missing base font is a typed PrintError."""
    use_fonts()
    try:
        return render()
    except fonts.FontMissing as exc:
        raise PrintError(str(exc), key="print.font_missing") from exc


def issue_time_text(moment: dt.datetime) -> str:
    """The issue time as printed: 和暦 date and hh:mm in Japan time."""
    local = moment.astimezone(JST)
    return f"{wareki.format_date(local.date())} {local:%H:%M}"


def display_value(ff: FormField, value: Any) -> str:
    """The text printed for a value (also what a clerk compares the QR against)."""
    return ff.field.kind.print_text(ff.field, value)


def codes(symbols: list[Symbol]) -> tuple[Code, ...]:
    return tuple(Code(symbol.matrix) for symbol in symbols)


def uses_boxes(form: Form) -> bool:
    """The form gives every field a print box: the sheet is drawn on the form's own layout."""
    return all(f.box is not None for f in form.all_fields())


def _box(box: PrintBox | None, dy: float = 0.0) -> Box | None:
    return None if box is None else Box(box.x, box.y + dy, box.width, box.height)


def foreign_row(person: Mapping[str, Any]) -> bool:
    """A person row that states a 国籍・地域 is a foreign resident's (Japanese nationals have none)."""
    return person.get(NATIONALITY_FIELD) is not None


def printed_text(ff: FormField, value: Any, *, foreign: bool = False) -> str:
    """Exactly the text the sheet prints for a value (what the clerk compares the QR with): the
    field type's print text; a foreign resident's birth date adds the 西暦 date beside the 和暦."""
    if value is None:
        return EMPTY
    text = display_value(ff, value)
    if foreign and ff.id == BIRTH_DATE_FIELD and ff.field.era and isinstance(value, dt.date):
        western = ff.field.kind.print_text(replace(ff.field, era=False), value)
        if western != text:
            text = f"{text}（{western}）"
    return text


def entry(ff: FormField, value: Any, dy: float = 0.0, *, foreign: bool = False) -> Entry:
    """One field and its value as printed (``dy``: millimetres a person row is shifted down)."""
    label = ff.field.label.get("ja", ff.id)
    text = printed_text(ff, value, foreign=foreign)
    kind: EntryKind = "text"
    choices: tuple[Choice, ...] = ()
    if ff.handwrite:
        kind = "signature"
        text = ff.field.help.get("ja", "")  # the prompt; the sheet asks for a signature without one
    elif ff.field.kind.sheet_mark == "my_number":
        kind, text = "my_number", MY_NUMBER_TEXT
    elif ff.field.kind.sheet_mark == "options":
        kind = "choices"
        choices = tuple(Choice(ff.field.option_label(o.code), o.code == value) for o in ff.field.options)
    elif ff.field.kind.sheet_mark == "check" and value:
        kind = "check"
    return Entry(label, text, kind, choices, _box(ff.box, dy))


def applies(ff: FormField, value: Any) -> bool:
    """A conditional field that does not apply (no value) is not printed."""
    return value is not None or not ff.when or ff.handwrite


def _person_table(form: Form, persons: list[dict[str, Any]]) -> PersonTable | None:
    if not form.persons or not persons:
        return None
    columns = [
        f for f in form.persons.fields
        if not f.field.kind.is_my_number and (not f.when or any(f.id in p for p in persons))
    ]
    rows = tuple(
        tuple(printed_text(f, p.get(f.id), foreign=foreign_row(p)) for f in columns) for p in persons
    )
    return PersonTable(
        form.persons.label.get("ja", PERSONS_LABEL),
        tuple(Column(f.field.label.get("ja", f.id), f.field.kind.column_weight) for f in columns),
        rows,
    )


def sheet_model(form: Form, encoded: EncodedSheet, *, municipality: str, counter_name: str = "") -> Sheet:
    """What the sheet for ``encoded`` shows, as plain values for :func:`printing.sheet.render_sheet`."""
    household, persons = encoded.values.household, encoded.values.persons
    boxed = uses_boxes(form)
    fields = tuple(
        entry(ff, household.get(ff.id)) for ff in form.fields
        if applies(ff, household.get(ff.id)) and (boxed or not ff.field.kind.is_my_number)
    )
    notes = [MY_NUMBER_NOTE] if needs_my_number(form) else []
    if form.notes.get("ja"):
        notes.append(form.notes["ja"])
    person_entries: list[Entry] = []
    label_top = 0.0
    if boxed and form.persons and persons:
        label_top = min(f.box.y for f in form.persons.fields if f.box is not None) - 1
        for row, person in enumerate(persons):
            for ff in form.persons.fields:
                value = person.get(ff.id)
                if value is None and ff.when and not ff.field.kind.is_my_number:
                    continue
                person_entries.append(entry(ff, value, dy=row * form.persons.row_pitch, foreign=foreign_row(person)))
    title = form.title.get("ja", form.id)
    return Sheet(
        title=title, municipality=municipality, sheet_id=format_sheet_id(encoded.sheet_id),
        subject=f"sheet {encoded.sheet_id}", issued=issue_time_text(encoded.issued_at), kiosk_id=encoded.kiosk_id,
        form_line=f"様式 {form.id} 第{form.version}版" + (f"　{form.legal_basis}" if form.legal_basis else ""),
        codes=codes(encoded.symbols), fields=fields, counter_name=counter_name,
        persons=None if boxed else _person_table(form, persons),
        persons_label=form.persons.label.get("ja", PERSONS_LABEL) if form.persons else "",
        persons_label_top=label_top, person_entries=tuple(person_entries), notes=tuple(notes), boxed=boxed,
        qr_modules=LARGEST_SYMBOL,
    )


def render_sheet(
    form: Form,
    encoded: EncodedSheet,
    out: Path | str | BinaryIO | None = None,
    *,
    municipality: str,
    counter_name: str = "",
) -> RenderResult:
    """Draw the sheet for ``encoded`` (from :func:`kiosk.ks1.encode_sheet`) as a PDF.

    Writes to ``out`` (a path or binary file) or returns the bytes in ``RenderResult.pdf``.
    Characters the fonts lack print as 〓 and are listed in ``RenderResult.missing_glyphs``."""
    model = sheet_model(form, encoded, municipality=municipality, counter_name=counter_name)
    return drawing(lambda: sheet_pdf.render_sheet(model, out))
