"""A verified sheet as the clerk sees it and hands it over: laid out as the form with the official
Japanese labels, and exported as JSON (keyed by field ids) or CSV (UTF-8 with BOM, or Shift_JIS
(cp932) when every character has a code there; otherwise the message names the character).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, field
from typing import Any

from kiosk.catalogue.model import Form, FormField, localized
from kiosk.errors import ExportEncodingError

CSV_HEADER = ("section", "row", "field_id", "label", "value", "display")
ENCODINGS = {"utf-8": "utf-8-sig", "utf-8-sig": "utf-8-sig", "cp932": "cp932", "shift_jis": "cp932", "sjis": "cp932"}


@dataclass(frozen=True)
class Row:
    field_id: str
    label: str
    text: str
    value: Any


@dataclass(frozen=True)
class Section:
    title: str
    rows: tuple[Row, ...]


@dataclass
class SheetRecord:
    """The received record of one verified sheet: ids, times, and the values by field id."""

    sheet_id: str
    form_id: str
    form_version: int
    kiosk_id: str
    issued_at: dt.datetime
    expires_at: dt.datetime
    confirm_my_number: bool
    household: dict[str, Any]
    persons: list[dict[str, Any]]
    form: Form | None = field(default=None, repr=False)
    received_at: dt.datetime | None = None
    station_id: str = ""

    @classmethod
    def from_verdict(cls, verdict: Any, form: Form | None) -> SheetRecord:
        return cls(
            sheet_id=verdict.sheet_id, form_id=verdict.form_id, form_version=verdict.form_version,
            kiosk_id=verdict.kiosk_id, issued_at=verdict.issued_at, expires_at=verdict.expires_at,
            confirm_my_number=verdict.confirm_my_number, household=dict(verdict.household),
            persons=[dict(p) for p in verdict.persons], form=form,
        )

    @property
    def title(self) -> str:
        return self.form.title.get("ja", self.form_id) if self.form else self.form_id


def _display(ff: FormField | None, value: Any, lang: str) -> str:
    if ff is None:
        return value.isoformat() if isinstance(value, dt.date) else str(value)
    return ff.field.kind.print_text(ff.field, value, lang)  # as the sheet prints it, labels in ``lang``


def _rows(fields: tuple[FormField, ...], values: dict[str, Any], lang: str) -> tuple[Row, ...]:
    rows = [Row(ff.id, localized(ff.field.label, lang), _display(ff, values[ff.id], lang), values[ff.id])
            for ff in fields if ff.id in values]
    known = {ff.id for ff in fields}
    rows += [Row(str(k), str(k), _display(None, v, lang), v) for k, v in values.items() if k not in known]
    return tuple(rows)


def sections(record: SheetRecord, lang: str = "ja") -> list[Section]:
    """The decoded data laid out as the form: household fields, then one section per person."""
    form = record.form
    out = [Section(localized(form.title, lang) if form else record.form_id,
                   _rows(form.fields if form else (), record.household, lang))]
    person_fields = form.persons.fields if form and form.persons else ()
    group = localized(form.persons.label, lang) if form and form.persons and form.persons.label else ""
    for i, person in enumerate(record.persons, 1):
        out.append(Section(f"{group or '#'} {i}".strip(), _rows(person_fields, person, lang)))
    return out


def _json_value(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return value


def to_json(record: SheetRecord) -> dict[str, Any]:
    """The record as JSON-ready data; values keyed by field ids (dates ISO 8601, enum codes)."""
    return {
        "sheet_id": record.sheet_id,
        "form_id": record.form_id,
        "form_version": record.form_version,
        "kiosk_id": record.kiosk_id,
        "issued_at": record.issued_at.isoformat(),
        "expires_at": record.expires_at.isoformat(),
        "received_at": record.received_at.isoformat() if record.received_at else None,
        "station_id": record.station_id,
        "confirm_my_number": record.confirm_my_number,
        "household": {str(k): _json_value(v) for k, v in record.household.items()},
        "persons": [{str(k): _json_value(v) for k, v in p.items()} for p in record.persons],
    }


def json_bytes(record: SheetRecord) -> bytes:
    import json

    return (json.dumps(to_json(record), ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def csv_rows(record: SheetRecord) -> list[tuple[str, str, str, str, str, str]]:
    meta = to_json(record)
    rows: list[tuple[str, str, str, str, str, str]] = []
    for key in ("sheet_id", "form_id", "form_version", "kiosk_id", "issued_at", "expires_at", "received_at",
                "station_id", "confirm_my_number"):
        value = meta[key]
        text = "" if value is None else (str(value).lower() if isinstance(value, bool) else str(value))
        rows.append(("sheet", "", key, key, text, text))
    secs = sections(record)
    groups = [("household", "", record.household)] + [("person", str(i), p) for i, p in enumerate(record.persons, 1)]
    for (section, row, values), sec in zip(groups, secs, strict=True):
        for r in sec.rows:
            value = _json_value(values[r.field_id] if r.field_id in values else r.value)
            value = str(value).lower() if isinstance(value, bool) else str(value)
            rows.append((section, row, r.field_id, r.label, value, r.text))
    return rows


def csv_bytes(record: SheetRecord, encoding: str = "utf-8") -> bytes:
    """CSV (CRLF lines): UTF-8 with BOM, or cp932. Raises :class:`ExportEncodingError` naming the
    first character (and its field) that Shift_JIS cannot hold."""
    codec = ENCODINGS.get(encoding.lower())
    if codec is None:
        raise ValueError(f"unsupported CSV encoding {encoding!r}")
    rows = [CSV_HEADER, *csv_rows(record)]
    if codec == "cp932":
        for row in rows:
            for cell in row:
                for char in cell:
                    try:
                        char.encode("cp932")
                    except UnicodeEncodeError:
                        raise ExportEncodingError(
                            f"U+{ord(char):04X} in {row[2]} has no Shift_JIS code", char=char,
                            codepoint=f"U+{ord(char):04X}", field_id=row[2], label=row[3],
                        ) from None
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerows(rows)
    return buffer.getvalue().encode(codec)
