"""The dashboard's figures from sessions the kiosk itself recorded: the reference journey
(``kiosk demo``) played through the real widgets writes its SessionMetric row, and the
metrics queries count it. Under script/with-services the adults' cards are read through
pcscd/vpcd (the test needs them)."""

from __future__ import annotations

from kiosk.admin.metrics import MetricsFilter, summarise
from kiosk.config import Config
from kiosk.storage.database import Database


def test_reference_journey_is_counted(pcsc, qapp, tmp_path):
    from kiosk.ui import reference

    config = reference.demo_config(Config(), tmp_path / "data")
    setup = reference.start(config, printer=False)
    try:
        played = reference.play(setup, "en", None)
    finally:
        reference.stop(setup)
    record = played.record
    assert record is not None and record.ending == "completed"
    db = Database(config.database_url)
    m = summarise(db, MetricsFilter(kiosk_id=config.kiosk.id))
    assert m.sessions == 1 and m.completed == 1
    assert (m.fields_prefilled, m.fields_total) == (record.fields_prefilled, record.fields_total)
    assert set(m.procedure_times) == set(record.procedures)
    duration = (record.ended_at - record.started_at).total_seconds()
    assert all(t.median == round(duration, 3) for t in m.procedure_times.values())
    for screen, seconds in record.screen_seconds.items():
        assert m.screen_times[screen].median == round(seconds, 3)
    assert m.card_outcomes["ok"] == record.card_outcomes.get("read_ok", 0)
    db.dispose()
