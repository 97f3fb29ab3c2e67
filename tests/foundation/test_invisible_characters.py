"""Invisible and direction-control characters (U+202E RIGHT-TO-LEFT OVERRIDE, U+200B ZERO WIDTH
SPACE, U+2028 LINE SEPARATOR) never reach a sheet or its QR: ``kiosk sheet`` refuses them in every
field of the form, naming the field, and writes no PDF; on the kiosk, what a resident types is
refused by every field type of the shipped catalogue (PRIV-11: the QR carries only what the sheet
shows legibly)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from hostile_helpers import sample_values, values_document, write_config

from kiosk import cli, keys
from kiosk.catalogue.loader import load_catalogue
from kiosk.errors import ValidationError

HOSTILE = {"U+202E": "\u202e", "U+200B": "\u200b", "U+2028": "\u2028"}


def spoiled(value: object, char: str) -> str:
    text = value.isoformat() if isinstance(value, dt.date) else str(value)
    middle = max(1, len(text) // 2)
    return text[:middle] + char + text[middle:]


@pytest.fixture
def config(tmp_path: Path) -> Path:
    keys.init_keys(tmp_path / "keys", kiosk_id="kiosk-07")
    return write_config(tmp_path)


def sheet(config: Path, values: dict[str, object], tmp_path: Path, capsys: pytest.CaptureFixture[str]
          ) -> tuple[int, str, Path]:
    values_file, out = tmp_path / "values.json", tmp_path / "sheet.pdf"
    values_file.write_text(json.dumps(values, ensure_ascii=False), encoding="utf-8")
    code = cli.main(["--config", str(config), "sheet", "--form", "juminido", "--values", str(values_file),
                     "--out", str(out)])
    return code, capsys.readouterr().err, out


def test_clean_values_make_a_sheet(config: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, err, out = sheet(config, values_document(sample_values()), tmp_path, capsys)
    assert code == 0, err
    assert out.read_bytes().startswith(b"%PDF")


@pytest.mark.parametrize("char", HOSTILE.values(), ids=HOSTILE.keys())
def test_priv11_kiosk_sheet_refuses_invisible_characters_in_every_field(
        config: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], char: str) -> None:
    document = values_document(sample_values())
    rows: list[dict[str, object]] = [document["household"], *document["persons"]]
    targets = [(row, field_id) for row in rows for field_id in list(row) if row[field_id] not in (None, "")]
    assert len(targets) > 20
    for row, field_id in targets:
        original = row[field_id]
        row[field_id] = spoiled(original, char)
        code, err, out = sheet(config, document, tmp_path, capsys)
        row[field_id] = original
        assert code == 1, (field_id, err)
        assert field_id in err and "Traceback" not in err and len(err.strip().splitlines()) == 1, (field_id, err)
        assert not out.exists(), field_id


@pytest.mark.parametrize("char", HOSTILE.values(), ids=HOSTILE.keys())
def test_priv11_every_field_type_refuses_what_a_resident_types_with_invisible_characters(char: str) -> None:
    catalogue = load_catalogue()
    values = sample_values()
    kinds_seen = set()
    for form in catalogue.forms.values():
        for ff in form.all_fields():
            fd = ff.field
            value = values.household.get(fd.id, values.persons[0].get(fd.id))
            typed = spoiled(value if value not in (None, "") else "見本", char)
            with pytest.raises(ValidationError):
                fd.kind.coerce(fd, fd.kind.parse(fd, typed))
            kinds_seen.add(fd.kind.name)
    assert {"text", "address", "date", "enum", "kana", "phone", "postal_code"} <= kinds_seen
