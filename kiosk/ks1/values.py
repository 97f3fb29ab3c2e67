"""Field values of one sheet: checked against the form, normalised, and mapped to and from QR keys.

The same checked :class:`FormValues` feeds the printed sheet and the KS1 payload, so the QR can
only carry what the sheet prints (PRIV-11). The 個人番号 is never carried: a form whose legal
basis needs it prints and encodes only a flag telling the clerk to confirm it from the card.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Any

from kiosk.catalogue.model import FieldDef, Form, FormField, FormValues
from kiosk.errors import ValidationError

TEXT_TYPES = ("text", "kana", "address", "phone", "postal_code")
DEFAULT_TEXT_CAP = 200  # no unbounded free text on a sheet or in the QR


def needs_my_number(form: Form) -> bool:
    """The sheet tells the clerk to confirm the 個人番号 from the card (the number itself is never carried)."""
    return form.requires_my_number


def _invalid(ff: FormField, reason: str, row: int | None) -> ValidationError:
    where = ff.id if row is None else f"persons[{row}].{ff.id}"
    return ValidationError(
        f"{where}: {reason}", key="print.invalid_value", field=ff.field.label.get("ja", ff.id), field_id=ff.id,
        reason=reason, row=row if row is not None else "",
    )


def _coerce(ff: FormField, raw: Any, row: int | None) -> Any:
    """The typed, normalised value, or None when empty. Raises ValidationError naming the field."""
    fd: FieldDef = ff.field
    if raw is None or raw == "" or raw is False:
        return None
    kind = fd.type
    if kind == "date":
        if isinstance(raw, dt.datetime):
            raw = raw.date()
        if isinstance(raw, str):
            try:
                raw = dt.date.fromisoformat(raw)
            except ValueError:
                raise _invalid(ff, "not_a_date", row) from None
        if isinstance(raw, int) and not isinstance(raw, bool):
            raw = date_from_int(raw)
            if raw is None:
                raise _invalid(ff, "not_a_date", row)
        if not isinstance(raw, dt.date):
            raise _invalid(ff, "not_a_date", row)
        return raw
    if kind == "bool":
        if raw is True:
            return True
        raise _invalid(ff, "not_a_bool", row)
    if kind == "integer":
        if isinstance(raw, bool) or not isinstance(raw, int):
            if isinstance(raw, str) and raw.strip().isdigit():
                raw = int(raw.strip())
            else:
                raise _invalid(ff, "not_an_integer", row)
        v = fd.validation
        if (v.minimum is not None and raw < v.minimum) or (v.maximum is not None and raw > v.maximum):
            raise _invalid(ff, "out_of_range", row)
        return raw
    if not isinstance(raw, str | int) or isinstance(raw, bool):
        raise _invalid(ff, "not_text", row)
    text = unicodedata.normalize("NFC", str(raw)).strip()
    if not text:
        return None
    if kind == "enum":
        if text not in {o.code for o in fd.options}:
            raise _invalid(ff, "unknown_option", row)
        return text
    if kind == "postal_code":
        text = text.replace("-", "")
        if not re.fullmatch(r"\d{7}", text):
            raise _invalid(ff, "not_a_postal_code", row)
    if any(unicodedata.category(c) in ("Cc", "Cs") for c in text):
        raise _invalid(ff, "control_character", row)
    cap = fd.validation.max_length or DEFAULT_TEXT_CAP
    if len(text) > cap:
        raise _invalid(ff, "too_long", row)
    if fd.validation.pattern and not re.fullmatch(fd.validation.pattern, text):
        raise _invalid(ff, "pattern", row)
    return text


def _check_group(fields: tuple[FormField, ...], raw: dict[str, Any], row: int | None) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise ValidationError("values: expected a mapping", key="print.invalid_values")
    by_id = {f.id: f for f in fields}
    unknown = sorted(set(raw) - set(by_id))
    if unknown:
        raise ValidationError(
            f"{unknown[0]}: not a field of this form", key="print.unknown_field", field=unknown[0], field_id=unknown[0]
        )
    out: dict[str, Any] = {}
    for ff in fields:
        if ff.field.type == "my_number":
            continue  # never printed, never encoded: the clerk confirms it from the card
        value = _coerce(ff, raw.get(ff.id), row)
        if value is None:
            if ff.is_required and not ff.handwrite and not ff.when:
                raise _invalid(ff, "required", row)
            continue
        out[ff.id] = value
    return out


def check_values(form: Form, values: FormValues) -> FormValues:
    """A checked copy: unknown fields refused, types and limits checked, text NFC, empties dropped."""
    household = _check_group(form.fields, values.household, None)
    persons: list[dict[str, Any]] = []
    if values.persons:
        if form.persons is None:
            raise ValidationError("persons: this form has no per-person rows", key="print.invalid_values")
        if len(values.persons) > form.persons.max_rows:
            raise ValidationError(
                f"persons: more than {form.persons.max_rows} rows", key="print.too_many_persons",
                rows=form.persons.max_rows,
            )
        persons = [_check_group(form.persons.fields, p, i) for i, p in enumerate(values.persons)]
    return FormValues(form_id=form.id, household=household, persons=persons, from_card=set(values.from_card))


def date_to_int(day: dt.date) -> int:
    return day.year * 10000 + day.month * 100 + day.day


def date_from_int(value: int) -> dt.date | None:
    try:
        return dt.date(value // 10000, value // 100 % 100, value % 100)
    except ValueError:
        return None


def _to_qr(ff: FormField, value: Any) -> Any:
    if ff.field.type == "date":
        return date_to_int(value)
    return value


def to_qr(form: Form, values: FormValues) -> tuple[dict[int, Any], list[dict[int, Any]]]:
    """Checked values keyed by the form's QR keys: (household, persons)."""
    fields = {f.id: f for f in form.all_fields()}
    household = {fields[k].qr_key: _to_qr(fields[k], v) for k, v in values.household.items()}
    persons = [{fields[k].qr_key: _to_qr(fields[k], v) for k, v in p.items()} for p in values.persons]
    return household, persons


def from_qr(form: Form, household: dict[int, Any], persons: list[dict[int, Any]]) -> FormValues:
    """Values back from QR keys, checked against the form. Raises ValidationError on any mismatch."""

    def group(fields: tuple[FormField, ...], raw: dict[int, Any], row: int | None) -> dict[str, Any]:
        by_key = {f.qr_key: f for f in fields}
        out: dict[str, Any] = {}
        for key, value in raw.items():
            ff = by_key.get(key)
            if ff is None or ff.field.type == "my_number":
                raise ValidationError(f"qr key {key!r} not on form {form.id}", key="qr.form_mismatch")
            if ff.field.type == "date" and not isinstance(value, int):
                raise _invalid(ff, "not_a_date", row)
            if ff.field.type in TEXT_TYPES + ("enum",) and not isinstance(value, str):
                raise _invalid(ff, "not_text", row)
            out[ff.id] = value
        return out

    checked = FormValues(
        form_id=form.id,
        household=group(form.fields, household, None),
        persons=[group(form.persons.fields if form.persons else (), p, i) for i, p in enumerate(persons)],
    )
    return check_values(form, checked)
