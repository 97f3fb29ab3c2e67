"""Field values of one sheet: checked against the form, normalised, and mapped to and from QR keys.

The same checked :class:`FormValues` feeds the printed sheet and the KS1 payload, so the QR can
only carry what the sheet prints (PRIV-11). The 個人番号 is never carried: a form whose legal
basis needs it prints and encodes only a flag telling the clerk to confirm it from the card.
"""

from __future__ import annotations

from typing import Any

from kiosk.catalogue.model import Form, FormField, FormValues
from kiosk.catalogue.types import DEFAULT_TEXT_CAP, QrValue, date_from_int, date_to_int
from kiosk.errors import ValidationError

__all__ = ["DEFAULT_TEXT_CAP", "check_values", "date_from_int", "date_to_int", "from_qr", "needs_my_number", "to_qr"]


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
    """The typed, normalised value, or None when empty (the field type's one validator, the same
    the review screen applies). Raises ValidationError naming the field."""
    try:
        return ff.field.kind.coerce(ff.field, raw)
    except ValidationError as exc:
        raise _invalid(ff, str(exc.params.get("reason", "invalid")), row) from None


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
        if ff.field.kind.is_my_number:
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


def _to_qr(ff: FormField, value: Any) -> QrValue:
    return ff.field.kind.to_qr(ff.field, value)


def to_qr(form: Form, values: FormValues) -> tuple[dict[int, QrValue], list[dict[int, QrValue]]]:
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
            if ff is None or ff.field.kind.is_my_number:
                raise ValidationError(f"qr key {key!r} not on form {form.id}", key="qr.form_mismatch")
            try:
                out[ff.id] = ff.field.kind.from_qr(ff.field, value)
            except ValidationError as exc:
                raise _invalid(ff, str(exc.params.get("reason", "invalid")), row) from None
        return out

    checked = FormValues(
        form_id=form.id,
        household=group(form.fields, household, None),
        persons=[group(form.persons.fields if form.persons else (), p, i) for i, p in enumerate(persons)],
    )
    return check_values(form, checked)
