"""Preview of an edited form without Qt: the catalogue built from the draft documents, values
filled from an invented persona (``assets/personas/*.yaml``), and the printed sheet as PDF.

The preview sheet is signed with a throwaway key that no clerk station trusts, so a printed
preview can never be received as a real sheet.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from kiosk import paths
from kiosk.admin.documents import FOLDER_NAME, materialise
from kiosk.catalogue.model import Catalogue, Form, FormField, FormValues
from kiosk.catalogue.types import SampleHints
from kiosk.errors import ValidationError

PREVIEW_KIOSK = "preview"


def build_catalogue(documents: Mapping[str, str]) -> Catalogue:
    """The catalogue of the draft documents (raises CatalogueError with ``.problems``)."""
    from kiosk.catalogue.loader import load_catalogue

    with tempfile.TemporaryDirectory(prefix="kiosk-preview-") as tmp:
        return load_catalogue(materialise(documents, Path(tmp) / FOLDER_NAME))


def personas() -> dict[str, dict[str, Any]]:
    """Invented card holders by name."""
    out: dict[str, dict[str, Any]] = {}
    for file in sorted(paths.PERSONAS_DIR.glob("*.yaml")):
        data = yaml.safe_load(file.read_text(encoding="utf-8"))
        if isinstance(data, dict):
            out[file.stem] = data
    return out


def _card_value(ff: FormField, persona: Mapping[str, Any]) -> Any:
    attribute = (ff.field.card or "").removeprefix("card.")
    if not attribute or attribute == "my_number":
        return None
    value = persona.get(attribute)
    if attribute == "birth_date" and isinstance(value, str):
        return dt.date.fromisoformat(value)
    if ff.field.kind.needs_options:
        codes = [o.code for o in ff.field.options]
        sex = {"1": ("1", "male"), "2": ("2", "female"), "9": ("9", "not_applicable")}.get(str(value), ())
        return next((c for c in codes if c in sex or c == str(value)), codes[0] if codes else None)
    return value


def _sample_value(ff: FormField, today: dt.date) -> Any:
    fd = ff.field
    if fd.default is not None:
        return fd.default
    value = next(iter(fd.kind.samples(fd, SampleHints(today=today))), None)
    if isinstance(value, str) and fd.validation.max_length:
        return value[: fd.validation.max_length]
    return value


def sample_values(form: Form, persona: Mapping[str, Any], *, rows: int = 1, today: dt.date | None = None) -> FormValues:
    """Values for every field of ``form``: card-bound fields from the persona (marked as from the
    card), the rest with neutral sample text; values the field's validation refuses are left out."""
    from kiosk.ks1.values import check_values

    today = today or dt.date.today()
    values = FormValues(form_id=form.id)

    def fill(ff: FormField, target: dict[str, Any], mark: str) -> None:
        if ff.handwrite or ff.field.kind.is_my_number:
            return
        value = _card_value(ff, persona) if ff.field.card else None
        if value is not None:
            values.from_card.add(f"{mark}:{ff.id}")
        else:
            value = _sample_value(ff, today)
        if value is not None:
            target[ff.id] = value

    for ff in form.fields:
        fill(ff, values.household, "household")
    if form.persons is not None:
        for i in range(max(1, min(rows, form.persons.max_rows))):
            person: dict[str, Any] = {}
            for ff in form.persons.fields:
                fill(ff, person, f"person{i}")
            values.persons.append(person)
    for _ in range(len(form.all_fields()) + 1):  # drop what the validation refuses, one at a time
        try:
            check_values(form, values)
            break
        except ValidationError as exc:
            field_id = str(exc.params.get("field_id") or exc.params.get("field") or "")
            row = exc.params.get("row")
            target = values.persons[row] if isinstance(row, int) and row < len(values.persons) else values.household
            if not field_id or target.pop(field_id, None) is None:
                break
    return values


def render_preview(form: Form, values: FormValues, *, municipality: str = "見本市", counter_name: str = "") -> bytes:
    """The printed sheet as PDF bytes, signed with a throwaway key."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from kiosk.ks1.cose import Signer
    from kiosk.ks1.encode import encode_sheet
    from kiosk.sheets import render_sheet

    encoded = encode_sheet(form, values, signer=Signer(Ed25519PrivateKey.generate()), iss=0, kiosk_id=PREVIEW_KIOSK,
                           now=dt.datetime.now(dt.UTC), validity=dt.timedelta(minutes=1))
    return render_sheet(form, encoded, municipality=municipality, counter_name=counter_name).pdf
