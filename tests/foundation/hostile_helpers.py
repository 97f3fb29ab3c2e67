"""Helpers of the hostile-input tests: the kiosk command in a child process, a configuration in
tmp, signed sheets of the shipped catalogue and their trust file."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from kiosk import keys
from kiosk.catalogue.model import FormValues


def kiosk(*argv: str, stdin: bytes = b"", env: dict[str, str] | None = None,
          timeout: float = 120) -> subprocess.CompletedProcess[bytes]:
    environment = {**os.environ, **(env or {})}
    return subprocess.run([sys.executable, "-m", "kiosk", *argv], input=stdin, capture_output=True,
                          timeout=timeout, env=environment, check=False)


def write_config(tmp_path: Path, extra: str = "") -> Path:
    config = tmp_path / "kiosk.toml"
    config.write_text(f'[paths]\ndata_dir = "{tmp_path / "data"}"\nkey_dir = "{tmp_path / "keys"}"\n'
                      f'[kiosk]\nid = "kiosk-07"\n[municipality]\ncode = 999991\n{extra}', encoding="utf-8")
    return config


def sample_values(form_id: str = "juminido") -> FormValues:
    from kiosk.admin.preview import personas
    from kiosk.admin.preview import sample_values as preview_values
    from kiosk.catalogue.loader import load_catalogue

    return preview_values(load_catalogue().forms[form_id], personas()["family_parent1"], rows=2)


def signed_codes(tmp_path: Path, sheets: int) -> tuple[list[str], Path]:
    """One QR string per sheet (each a single-symbol sheet) and the trust file of the signing key."""
    from kiosk.catalogue.loader import load_catalogue
    from kiosk.ks1 import encode_sheet

    key_dir = tmp_path / "keys"
    if not (key_dir / keys.PRIVATE_KEY_FILE).exists():
        keys.init_keys(key_dir, kiosk_id="kiosk-07", now=dt.datetime.now(dt.UTC) - dt.timedelta(days=1))
    trust = tmp_path / "trust.json"
    trust.write_text(json.dumps(keys.export_entry(key_dir)), encoding="utf-8")
    form = load_catalogue().forms["juminido"]
    values = sample_values()
    codes = []
    for _ in range(sheets):
        sheet = encode_sheet(form, values, signer=keys.load_signer(key_dir), iss=999991, kiosk_id="kiosk-07",
                             now=dt.datetime.now(dt.UTC), validity=dt.timedelta(days=30))
        assert len(sheet.qr_strings) == 1
        codes.append(sheet.qr_strings[0])
    return codes, trust


def values_document(values: FormValues) -> dict[str, Any]:
    def plain(row: dict[str, Any]) -> dict[str, Any]:
        return {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in row.items()}

    return {"household": plain(values.household), "persons": [plain(p) for p in values.persons]}


def verdicts(stdout: bytes) -> list[dict[str, Any]]:
    return [json.loads(line) for line in stdout.decode("utf-8").splitlines()]
