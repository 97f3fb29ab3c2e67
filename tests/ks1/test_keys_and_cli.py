"""The kiosk key pair (SEC-15) and the ``kiosk keys`` / ``kiosk sheet`` / ``kiosk verify`` commands."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import stat
from pathlib import Path

import pytest
import sample_forms
import yaml

from kiosk import cli, keys
from kiosk.errors import QrError
from kiosk.ks1 import TrustEntry, encode_sheet
from tests.printing import readback

NOW = dt.datetime(2026, 4, 1, 1, 2, 3, tzinfo=dt.UTC)


@pytest.fixture
def config_file(tmp_path: Path) -> Path:
    path = tmp_path / "kiosk.toml"
    path.write_text(
        f'[paths]\ndata_dir = "{tmp_path / "data"}"\nkey_dir = "{tmp_path / "keys"}"\n'
        '[kiosk]\nid = "kiosk-07"\n[municipality]\ncode = 999991\n', encoding="utf-8")
    return path


def _run(argv: list[str], capsys, stdin: str | None = None, monkeypatch=None) -> tuple[int, str, str]:
    if stdin is not None:
        monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(stdin.encode("utf-8")), encoding="utf-8"))
    code = cli.main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def test_sec15_keys_init_writes_a_private_key_only_the_owner_can_read(config_file, tmp_path, capsys) -> None:
    code, out, _ = _run(["--config", str(config_file), "keys", "init"], capsys)
    assert code == 0
    entry = json.loads(out)
    key_file = tmp_path / "keys" / keys.PRIVATE_KEY_FILE
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert entry["alg"] == "EdDSA" and entry["kiosk_id"] == "kiosk-07" and len(entry["kid"]) == 16
    assert "PRIVATE" not in out
    code, out2, _ = _run(["--config", str(config_file), "keys", "export"], capsys)
    assert json.loads(out2) == entry
    trusted = TrustEntry.from_export(out2)
    assert trusted.kid == keys.load_signer(tmp_path / "keys").kid


def test_keys_init_refuses_to_replace_a_key(config_file, capsys) -> None:
    assert _run(["--config", str(config_file), "keys", "init"], capsys)[0] == 0
    code, _out, err = _run(["--config", str(config_file), "keys", "init"], capsys)
    assert code == 1 and "Traceback" not in err


def test_es256_key(tmp_path) -> None:
    entry = keys.init_keys(tmp_path / "k", kiosk_id="kiosk-01", algorithm="ES256")
    assert entry["alg"] == "ES256" and keys.load_signer(tmp_path / "k").algorithm == "ES256"


def test_sec15_a_key_readable_by_others_is_refused(tmp_path) -> None:
    keys.init_keys(tmp_path / "k", kiosk_id="kiosk-01")
    os.chmod(tmp_path / "k" / keys.PRIVATE_KEY_FILE, 0o644)
    with pytest.raises(QrError) as info:
        keys.load_signer(tmp_path / "k")
    assert info.value.key == "qr.key_permissions"


def test_verify_command_never_crashes_on_garbage(config_file, tmp_path, capsys, monkeypatch) -> None:
    keys.init_keys(tmp_path / "keys", kiosk_id="kiosk-07")
    trust_file = tmp_path / "trust.json"
    trust_file.write_text(json.dumps(keys.export_entry(tmp_path / "keys")), encoding="utf-8")
    signer = keys.load_signer(tmp_path / "keys")
    now = dt.datetime.now(dt.UTC)
    good = encode_sheet(sample_forms.juminido(), sample_forms.juminido_values(2), signer=signer, iss=999991,
                        kiosk_id="kiosk-07", now=now, validity=dt.timedelta(days=30)).qr_strings[0]
    lines = [good, "hello", "KS1-0", "KS1-" + "9" * 40, "\x00\x01binary", "ｋｓ１－" + good[4:], good[:-3]]
    code, out, _err = _run(["--config", str(config_file), "verify", "--trust", str(trust_file), "--no-catalogue"],
                           capsys, stdin="\n".join(lines) + "\n", monkeypatch=monkeypatch)
    assert code == 0
    verdicts = [json.loads(line)["verdict"] for line in out.splitlines()]
    assert verdicts == ["authentic", "malformed", "malformed", "malformed", "malformed", "authentic", "malformed"]


def test_verify_command_collects_parts_line_by_line(config_file, tmp_path, capsys, monkeypatch) -> None:
    from kiosk.ks1 import dec

    keys.init_keys(tmp_path / "keys", kiosk_id="kiosk-07")
    trust_file = tmp_path / "trust.json"
    trust_file.write_text(json.dumps([keys.export_entry(tmp_path / "keys")]), encoding="utf-8")
    sheet = encode_sheet(sample_forms.juminido(), sample_forms.juminido_values(2), signer=keys.load_signer(
        tmp_path / "keys"), iss=999991, kiosk_id="kiosk-07", now=dt.datetime.now(dt.UTC), validity=dt.timedelta(days=1))
    blob = b"".join(dec.parse_frame(t).data for t in sheet.qr_strings)
    parts = dec.qr_strings(blob, 3)
    code, out, _ = _run(["--config", str(config_file), "verify", "--trust", str(trust_file), "--no-catalogue"],
                        capsys, stdin="\n".join([parts[2], parts[0], parts[1]]) + "\n", monkeypatch=monkeypatch)
    assert [json.loads(line)["verdict"] for line in out.splitlines()] == ["incomplete", "incomplete", "authentic"]


def test_sheet_command_refuses_invalid_values_naming_the_field(config_file, tmp_path, capsys, monkeypatch) -> None:
    import kiosk.catalogue.loader as loader

    catalogue = type("C", (), {"forms": {"juminido": sample_forms.juminido()}, "counters": {}})()
    monkeypatch.setattr(loader, "load_catalogue", lambda *a, **k: catalogue)
    keys.init_keys(tmp_path / "keys", kiosk_id="kiosk-07")
    values = sample_forms.juminido_values(2)
    data = {"household": {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in values.household.items()},
            "persons": [{k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in p.items()}
                        for p in values.persons]}
    good_file, bad_file = tmp_path / "good.yaml", tmp_path / "bad.json"
    good_file.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    data["persons"][1]["person.birth_date"] = "1986-02-30"
    bad_file.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    out_pdf = tmp_path / "sheet.pdf"
    code, _out, err = _run(["--config", str(config_file), "sheet", "--form", "juminido", "--values", str(bad_file),
                            "--out", str(out_pdf)], capsys)
    assert code == 1 and "person.birth_date" in err and not out_pdf.exists()
    code, out, _err = _run(["--config", str(config_file), "sheet", "--form", "juminido", "--values", str(good_file),
                            "--out", str(out_pdf)], capsys)
    assert code == 0 and out_pdf.read_bytes().startswith(b"%PDF")
    summary = json.loads(out)
    assert summary["qr_versions"][0] <= 25 and summary["missing_glyphs"] == []


def test_sheet_command_previews_a_forms_layout_with_specimen_values(config_file, tmp_path, capsys) -> None:
    """What the README tells an administrator adding a form to run: every box of the real 児童手当
    form filled with the invented household's values, the bank's and the 公金受取口座's alike."""
    keys.init_keys(tmp_path / "keys", kiosk_id="kiosk-07")
    out_pdf = tmp_path / "preview.pdf"
    code, out, _err = _run(["--config", str(config_file), "sheet", "--form", "jidoteate", "--specimen",
                            "--out", str(out_pdf)], capsys)
    assert code == 0 and json.loads(out)["missing_glyphs"] == []
    text = readback.squeeze(readback.text(out_pdf))
    for printed in ("緑川", "金融機関名", "口座番号", "公金受取口座の利用"):
        assert printed in text, printed
    with pytest.raises(SystemExit) as refused:  # one or the other, said by argparse
        cli.main(["--config", str(config_file), "sheet", "--form", "jidoteate", "--specimen",
                  "--values", str(tmp_path / "v.yaml"), "--out", str(out_pdf)])
    assert refused.value.code == 2 and "not allowed with argument --specimen" in capsys.readouterr().err
