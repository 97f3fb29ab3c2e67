"""Per-division export of the queue's received sheets: JSON (schema ``kiosk-division-export/1``)
and CSV (UTF-8 with BOM, CRLF, one row per value). Values are keyed by the field dictionary's
stable field ids, with the form's QR key beside each when the catalogue knows it. A sheet whose
data the retention purge removed is listed with ``purged: true`` and no values. The README's
"Division queues" section documents both with an example."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Mapping, Sequence

from kiosk.catalogue.model import Catalogue
from kiosk.routing.queue import JsonValue, QueuedSheet

SCHEMA = "kiosk-division-export/1"
CSV_COLUMNS = ("division", "day", "number", "state", "sheet_id", "form_id", "arrived_at", "done_at", "purged",
               "section", "row", "field_id", "qr_key", "value")


def _iso(moment: dt.datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None


def _qr_keys(catalogue: Catalogue | None, form_id: str) -> dict[str, int]:
    form = catalogue.forms.get(form_id) if catalogue is not None else None
    return {ff.id: ff.qr_key for ff in form.all_fields()} if form is not None else {}


def _values(value: JsonValue) -> dict[str, JsonValue]:
    return dict(value) if isinstance(value, dict) else {}


def entry(sheet: QueuedSheet) -> dict[str, JsonValue]:
    t = sheet.ticket
    out: dict[str, JsonValue] = {
        "day": t.day, "number": t.number, "state": t.state, "ticket_id": t.id, "sheet_id": sheet.sheet_id,
        "form_id": sheet.form_id, "arrived_at": _iso(sheet.arrived_at), "taken_at": _iso(t.taken_at),
        "taken_by": t.taken_by, "done_at": _iso(t.done_at), "done_by": t.done_by, "next_division": t.next_division,
        "data_until": _iso(sheet.data_until), "purged": sheet.data is None,
    }
    data = sheet.data or {}
    out["household"] = _values(data.get("household"))
    persons = data.get("persons")
    out["persons"] = [_values(p) for p in persons] if isinstance(persons, list) else []
    return out


def to_json(division: str, sheets: Sequence[QueuedSheet], *, exported_at: dt.datetime,
            day: str | None = None) -> dict[str, JsonValue]:
    return {"schema": SCHEMA, "division": division, "day": day, "exported_at": exported_at.isoformat(),
            "sheets": [entry(s) for s in sheets]}


def json_bytes(division: str, sheets: Sequence[QueuedSheet], *, exported_at: dt.datetime,
               day: str | None = None) -> bytes:
    document = to_json(division, sheets, exported_at=exported_at, day=day)
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _text(value: JsonValue) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def csv_rows(division: str, sheets: Sequence[QueuedSheet], catalogue: Catalogue | None = None) -> list[tuple[str, ...]]:
    rows: list[tuple[str, ...]] = []
    for sheet in sheets:
        e = entry(sheet)
        head = (division, _text(e["day"]), _text(e["number"]), _text(e["state"]), sheet.sheet_id, sheet.form_id,
                _text(e["arrived_at"]), _text(e["done_at"]), _text(e["purged"]))
        keys = _qr_keys(catalogue, sheet.form_id)
        groups: list[tuple[str, str, Mapping[str, JsonValue]]] = [("household", "", _values(e["household"]))]
        persons = e["persons"]
        if isinstance(persons, list):
            groups += [("person", str(i), _values(p)) for i, p in enumerate(persons, 1)]
        values = [(section, row, k, v) for section, row, found in groups for k, v in found.items()]
        if not values:
            rows.append(head + ("", "", "", "", ""))
        for section, row, field_id, value in values:
            key = keys.get(field_id)
            rows.append(head + (section, row, field_id, "" if key is None else str(key), _text(value)))
    return rows


def csv_bytes(division: str, sheets: Sequence[QueuedSheet], catalogue: Catalogue | None = None) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    writer.writerows(csv_rows(division, sheets, catalogue))
    return buffer.getvalue().encode("utf-8-sig")
