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


def test_retire_kiosk_stops_a_kiosk_taken_away_showing_as_silent_and_is_audited(db, monkeypatch, capsys):
    """REL-10: a kiosk removed without its clean stop would show as silent on every station for
    good; an administrator marks it stopped (audited, never by a clerk), and it shows again as
    running if it beats again."""
    import datetime as dt

    from kiosk import heartbeat
    from kiosk.admin import audit_view

    long_ago = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=10)
    heartbeat.record_beat(db, "kiosk-07", heartbeat.KioskState.RUNNING, heartbeat.Parts(), now=long_ago)
    assert [b.kiosk_id for b in heartbeat.silent_kiosks(db, dt.timedelta(minutes=2))] == ["kiosk-07"]
    rc, out = _run(monkeypatch, capsys, db, "retire-kiosk", "kiosk-07", "--account", "admin-a",
                   stdin=_credentials("admin-a"))
    assert rc == 0 and out.out.startswith("kiosk-07: stopped")
    assert heartbeat.silent_kiosks(db, dt.timedelta(minutes=2)) == []
    [entry] = [e for e in audit_view.entries(db, limit=50) if e.action == "kiosk.retired"]
    assert (entry.actor, entry.subject) == ("admin-a", "kiosk-07")
    rc, out = _run(monkeypatch, capsys, db, "retire-kiosk", "kiosk-99", "--account", "admin-a",
                   stdin=_credentials("admin-a"))
    assert rc == 1 and "kiosk-99: no heartbeat on record" in out.err
    heartbeat.record_beat(db, "kiosk-07", heartbeat.KioskState.RUNNING, heartbeat.Parts())  # back in service
    assert [b.state for b in heartbeat.last_beats(db)] == [heartbeat.KioskState.RUNNING]
