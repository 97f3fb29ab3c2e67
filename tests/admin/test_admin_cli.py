"""``kiosk admin``: check, import, publish, export, metrics and audit from the command line, and
the shipped catalogue going through import → approval → publish → kiosk pickup."""

from __future__ import annotations

import io
import shutil

import pytest
from admin_helpers import PASSWORD, code
from admin_metric_rows import seed

from kiosk import cli
from kiosk.admin import publishing
from kiosk.catalogue.loader import load_catalogue
from kiosk.paths import FORMS_DIR


def _run(monkeypatch, capsys, db, *argv, stdin=""):
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    rc = cli.main(["admin", *argv, "--url", db.url])
    return rc, capsys.readouterr()


def _credentials(account):
    return f"{PASSWORD}\n{code(account)}\n"


def test_check_lists_located_problems(tmp_path, capsys):
    assert cli.main(["admin", "check"]) == 0
    broken = tmp_path / "forms"
    shutil.copytree(FORMS_DIR, broken, ignore=shutil.ignore_patterns("schema"))
    fields = broken / "fields.yaml"
    fields.write_text(fields.read_text(encoding="utf-8").replace("type: date", "type: dat", 1), encoding="utf-8")
    capsys.readouterr()
    assert cli.main(["admin", "check", str(broken)]) == 1
    out = capsys.readouterr().out
    assert "forms/fields.yaml:" in out and ".type:" in out


def test_shipped_catalogue_import_approve_publish_and_pickup(db, monkeypatch, capsys, tmp_path):
    rc, out = _run(monkeypatch, capsys, db, "import", str(FORMS_DIR), "--account", "admin-a", stdin=_credentials("admin-a"))
    assert rc == 0 and "fields.yaml  v1" in out.out
    needs = publishing.approvals_needed(db)
    my_number_forms = {fid for fid, f in load_catalogue(FORMS_DIR).forms.items() if f.requires_my_number}
    assert {n.form_id for n in needs} == my_number_forms
    rc, out = _run(monkeypatch, capsys, db, "publish", "--account", "admin-a", stdin=_credentials("admin-a"))
    assert rc == 1 and "second administrator" in out.out
    rc, out = _run(monkeypatch, capsys, db, "pending")
    assert rc == 0 and len(out.out.splitlines()) == len(needs)
    rc, _ = _run(monkeypatch, capsys, db, "approve", str(needs[0].version_id), "--account", "admin-a",
                 stdin=_credentials("admin-a"))
    assert rc == 1  # the author cannot approve
    rc, _ = _run(monkeypatch, capsys, db, "approve", *(str(need.version_id) for need in needs), "--account", "admin-b",
                 stdin=_credentials("admin-b"))
    assert rc == 0 and not publishing.approvals_needed(db)
    rc, out = _run(monkeypatch, capsys, db, "publish", "--account", "admin-a", stdin=_credentials("admin-a"))
    assert rc == 0 and out.out.startswith("publication ")
    folder = publishing.published_catalogue_dir(db, tmp_path / "cache")
    assert load_catalogue(folder).version == load_catalogue(FORMS_DIR).version
    rc, out = _run(monkeypatch, capsys, db, "export", str(tmp_path / "out"), "--account", "admin-b",
                   stdin=_credentials("admin-b"))
    assert rc == 0
    for name in ("fields.yaml", "forms/kokuho.yaml"):
        assert (tmp_path / "out" / name).read_bytes() == (FORMS_DIR / name).read_bytes()


def test_changes_need_the_second_factor(db, monkeypatch, capsys):
    rc, out = _run(monkeypatch, capsys, db, "publish", "--account", "admin-a", stdin=f"{PASSWORD}\n000000\n")
    assert rc == 1
    rc, out = _run(monkeypatch, capsys, db, "publish", "--account", "clerk-1", stdin=f"{PASSWORD}\n\n")
    assert rc == 1


def test_metrics_and_audit(db, monkeypatch, capsys, tmp_path):
    seed(db)
    rc, out = _run(monkeypatch, capsys, db, "metrics", "--kiosk", "kiosk-01", "--csv", str(tmp_path / "m.csv"))
    assert rc == 0 and out.out.startswith("sessions 4  completed 2 (50%)")
    assert (tmp_path / "m.csv").is_file()
    rc, out = _run(monkeypatch, capsys, db, "audit")
    assert rc == 0 and out.out.startswith("audit chain intact")


@pytest.fixture(autouse=True)
def _no_config(monkeypatch, tmp_path):
    monkeypatch.setenv("KIOSK_DATA_DIR", str(tmp_path / "data"))
