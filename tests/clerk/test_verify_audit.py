"""SEC-14: a receipt recorded by ``kiosk verify --database`` is audited exactly as one recorded at
a clerk station (``clerk.receive`` with the sheet id, station and form; no personal data)."""

from __future__ import annotations

import io
import json

from sqlalchemy import select

from kiosk import cli
from kiosk.storage.audit import verify_chain
from kiosk.storage.models import AuditEntry


def _receipts(db):
    with db.session() as s:
        return [(e.actor, e.subject, e.details)
                for e in s.scalars(select(AuditEntry).where(AuditEntry.action == "clerk.receive").order_by(AuditEntry.id))]


def test_sec14_verify_database_audits_receipts_like_the_clerk_station(db, station, make_sheet, tmp_path, capsys,
                                                                       monkeypatch):
    at_counter, by_command = make_sheet(2), make_sheet(1)
    result = station.scan(at_counter.qr_strings[0], staff_id="clerk01")
    station.receive(result.record, staff_id="clerk01")
    config = tmp_path / "kiosk.toml"
    config.write_text(f'[paths]\ndata_dir = "{tmp_path}"\n[clerk]\nstation_id = "clerk-05"\n', encoding="utf-8")
    lines = f"{by_command.qr_strings[0]}\n{by_command.qr_strings[0]}\n".encode()
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(lines), encoding="utf-8"))  # verify reads bytes
    assert cli.main(["--config", str(config), "verify", "--database", db.url, "--no-catalogue"]) == 0
    verdicts = [json.loads(line)["verdict"] for line in capsys.readouterr().out.splitlines()]
    assert verdicts == ["authentic", "already_used"]
    counter, first = _receipts(db)  # the replay records no receipt
    assert counter == ("clerk01", at_counter.sheet_id,
                       {"first": True, "station": "clerk-01", "form_id": counter[2]["form_id"]})
    assert first == ("clerk-05", by_command.sheet_id, {"first": True, "station": "clerk-05", "form_id": first[2]["form_id"]})
    assert set(first[2]) == set(counter[2]) and first[2]["form_id"] == counter[2]["form_id"]
    with db.session() as s:
        assert verify_chain(s).ok
