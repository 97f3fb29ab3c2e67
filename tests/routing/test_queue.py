"""Division queues without a screen (issue #17 items 2 and 3): each received form is queued for
its division under a waiting number per division per day; tickets move arrived → in progress →
done with who and when; the same sheet is never queued twice; received data leaves the queue when
the division's retention ends (PRIV-06); export per division in JSON and CSV with stable field ids."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest
from sqlalchemy import select, text

from kiosk.errors import RoutingError
from kiosk.routing import export, queue
from kiosk.storage import audit
from kiosk.storage.models import AuditEntry


def test_a_bundle_is_queued_per_division_in_visit_order_with_numbers_per_division(db, divisions, bundle):
    first = queue.receive_bundle(db, bundle("kokuho", "juminido", "mynumber_card", "jidoteate"), divisions,
                                 station_id="reception-01")
    assert [s.division for s in first.stops] == ["shimin", "hoken_nenkin", "kosodate"]  # visit order
    assert [s.number for s in first.stops] == [1, 1, 1]
    assert first.stops[0].forms == ("juminido", "mynumber_card")
    second = queue.receive_bundle(db, bundle("juminido", "kokuho"), divisions, station_id="reception-01")
    assert [(s.division, s.number) for s in second.stops] == [("shimin", 2), ("hoken_nenkin", 2)]
    shimin = queue.division_queue(db, "shimin")
    assert [(t.number, t.state, t.forms) for t in shimin] == [(1, "arrived", ("juminido", "mynumber_card")),
                                                               (2, "arrived", ("juminido",))]
    # The resident's next place: after 市民課 the first resident goes to 保険年金課, the second too.
    assert [t.next_division for t in shimin] == ["hoken_nenkin", "hoken_nenkin"]
    assert queue.division_queue(db, "kosodate")[0].next_division is None
    assert divisions.get("hoken_nenkin").place_in("ja") == "2番窓口"


def test_numbers_start_again_each_day_of_the_town_hall(db, divisions, bundle):
    # 23:30 and 00:30 the next day in Japan (UTC+9) are two days.
    late = dt.datetime(2026, 11, 30, 14, 30, tzinfo=dt.UTC)
    queue.receive_bundle(db, bundle("juminido"), divisions, station_id="r", now=late)
    queue.receive_bundle(db, bundle("juminido"), divisions, station_id="r", now=late + dt.timedelta(minutes=20))
    next_day = queue.receive_bundle(db, bundle("juminido"), divisions, station_id="r", now=late + dt.timedelta(hours=1))
    assert next_day.stops[0].number == 1
    assert [t.number for t in queue.division_queue(db, "shimin", day="2026-11-30")] == [1, 2]


def test_the_same_sheet_received_twice_is_queued_once(db, divisions, bundle):
    sheets = bundle("juminido", "kokuho")
    first = queue.receive_bundle(db, sheets, divisions, station_id="reception-01")
    again = queue.receive_bundle(db, sheets, divisions, station_id="counter-02")
    assert set(again.repeated) == {s.sheet_id for s in sheets} and not again.queued
    assert [(s.division, s.number) for s in again.stops] == [(s.division, s.number) for s in first.stops]
    assert len(queue.division_queue(db, "shimin")) == 1
    assert len(queue.queued_sheets(db, "hoken_nenkin")) == 1


def test_numbers_issued_at_the_kiosk_are_the_ones_the_sheets_arrive_under(db, divisions, bundle):
    queue.receive_bundle(db, bundle("kokuho"), divisions, station_id="reception-01")  # 保険年金課 #1 taken
    sheets = bundle("juminido", "kokuho", "gakko")
    issued = queue.issue_numbers(db, [(s.sheet_id, s.form_id) for s in sheets], divisions, source="kiosk-01")
    assert [(s.division, s.number) for s in issued.stops] == [("shimin", 1), ("hoken_nenkin", 2), ("kyoiku", 1)]
    assert queue.division_queue(db, "kyoiku") == []  # printed, not yet received
    received = queue.receive_bundle(db, sheets[:2], divisions, station_id="reception-01")
    assert [(s.division, s.number) for s in received.stops] == [("shimin", 1), ("hoken_nenkin", 2)]
    late = queue.receive_bundle(db, sheets[2:], divisions, station_id="reception-01")
    assert [(s.division, s.number) for s in late.stops] == [("kyoiku", 1)]
    assert [t.number for t in queue.division_queue(db, "hoken_nenkin")] == [1, 2]


def test_take_call_and_done_record_who_and_when_and_refuse_a_wrong_state(db, divisions, bundle):
    stop = queue.receive_bundle(db, bundle("kokuho"), divisions, station_id="reception-01").stops[0]
    with pytest.raises(RoutingError) as refused:
        queue.take(db, stop.ticket_id + 99, by="x")
    assert refused.value.key == "routing.no_ticket"
    called = queue.call(db, stop.ticket_id, by="hoken-01")
    assert called.call_count == 1 and called.called_at is not None
    taken = queue.take(db, stop.ticket_id, by="hoken-01")
    assert (taken.state, taken.taken_by) == ("in_progress", "hoken-01")
    with pytest.raises(RoutingError) as twice:
        queue.take(db, stop.ticket_id, by="hoken-02")
    assert twice.value.key == "routing.bad_state"
    done = queue.finish(db, stop.ticket_id, by="hoken-01")
    assert (done.state, done.done_by) == ("done", "hoken-01") and done.done_at is not None
    assert queue.called_numbers(db)["hoken_nenkin"][0].number == stop.number


def test_priv06_received_data_is_gone_after_the_division_retention_but_ids_and_states_stay(
        db, divisions, bundle, catalogue):
    """PRIV-06: queue entries hold the received data only as long as the division's retention says
    (the purge run at a frozen time a second before and at the end of it), and the purge that
    deletes writes its deletion record: count, time and who ran it, in the audit chain."""
    arrived = dt.datetime.now(dt.UTC)
    routed = queue.receive_bundle(db, bundle("juminido", "kokuho"), divisions, station_id="r", now=arrived)
    retention = catalogue.counters["shimin"].retention_days
    assert retention == divisions.get("shimin").retention.days
    queue.finish(db, routed.stops[0].ticket_id, by="shimin-01")
    assert queue.purge_expired(db, by="shimin-01", now=arrived + dt.timedelta(days=retention)
                               - dt.timedelta(seconds=1)) == 0
    [kept] = queue.queued_sheets(db, "shimin")
    assert kept.data is not None and kept.data["persons"][0]["person.name"] == "緑川 一郎"
    ended = arrived + dt.timedelta(days=retention)
    assert queue.purge_expired(db, by="shimin-01", now=ended) == 2
    [gone] = queue.queued_sheets(db, "shimin")
    assert gone.data is None and gone.purged_at is not None
    assert queue.purge_expired(db, by="shimin-01", now=ended + dt.timedelta(days=1)) == 0  # nothing left to purge
    with db.session() as s:
        records = [(e.actor, e.action, e.subject, e.details) for e in s.scalars(select(AuditEntry))
                   if e.action == "routing.purge"]
        assert audit.verify_chain(s).ok
    assert records == [("shimin-01", "routing.purge", "queue_items", {"count": 2, "as_of": ended.isoformat()})]
    assert (gone.sheet_id, gone.ticket.state, gone.ticket.number) == (kept.sheet_id, "done", 1)
    # Nothing of the resident is left in the database file's queue rows.
    with db.session() as s:
        raw = [str(r) for r in s.execute(text("SELECT * FROM queue_items")).all()]
    assert not any("緑川" in row or "1984" in row for row in raw)
    document = json.loads(export.json_bytes("shimin", queue.queued_sheets(db, "shimin"), exported_at=arrived))
    assert document["sheets"][0]["purged"] is True and document["sheets"][0]["persons"] == []


def test_export_json_and_csv_use_the_field_ids_and_qr_keys(db, divisions, bundle, catalogue):
    routed = queue.receive_bundle(db, bundle("kokuho", "juminido"), divisions, station_id="reception-01")
    sheets = queue.queued_sheets(db, "hoken_nenkin")
    at = dt.datetime(2026, 11, 30, 3, 0, tzinfo=dt.UTC)
    document = json.loads(export.json_bytes("hoken_nenkin", sheets, exported_at=at))
    assert document["schema"] == "kiosk-division-export/1" and document["division"] == "hoken_nenkin"
    [entry] = document["sheets"]
    assert entry["number"] == routed.number_for("hoken_nenkin") and entry["form_id"] == "kokuho"
    assert entry["state"] == "arrived" and entry["purged"] is False
    assert entry["household"]["move.date"] == "2026-11-27"
    assert entry["persons"][1]["person.name_kana"] == "ミドリカワ サクラ"
    assert set(entry) >= {"day", "number", "state", "ticket_id", "sheet_id", "form_id", "arrived_at", "taken_at",
                          "taken_by", "done_at", "done_by", "next_division", "data_until", "purged", "household",
                          "persons"}
    data = export.csv_bytes("hoken_nenkin", sheets, catalogue)
    assert data.startswith(b"\xef\xbb\xbf") and b"\r\n" in data
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert tuple(rows[0]) == export.CSV_COLUMNS
    name = next(r for r in rows if r["field_id"] == "person.name" and r["row"] == "2")
    assert name["value"] == "緑川 さくら" and name["section"] == "person" and name["form_id"] == "kokuho"
    form_keys = {ff.id: ff.qr_key for ff in catalogue.forms["kokuho"].all_fields()}
    assert name["qr_key"] == str(form_keys["person.name"])
    assert {r["division"] for r in rows} == {"hoken_nenkin"}


def test_a_form_no_division_handles_is_not_queued_and_the_rest_of_the_bundle_is(db, divisions, bundle):
    sheets = bundle("juminido", "nosuchform")
    routed = queue.receive_bundle(db, sheets, divisions, station_id="counter-01")
    assert routed.unrouted == (sheets[1].sheet_id,) and routed.queued == (sheets[0].sheet_id,)
    assert [(s.division, s.number) for s in routed.stops] == [("shimin", 1)]
    issued = queue.issue_numbers(db, [("ab" * 16, "nosuchform")], divisions, source="kiosk-01")
    assert issued.stops == () and issued.unrouted == ("ab" * 16,)
