"""A sheet verified and received (受付) at the clerk station joins its division's queue once."""

from __future__ import annotations

from kiosk.clerk import station as st
from kiosk.routing import queue


def test_a_received_sheet_joins_its_division_queue_once(shipped_station, printed_sheet, db):
    _pdf, _png, strings = printed_sheet()
    result = shipped_station.scan(strings[0], staff_id="clerk01")
    assert result.banner == st.AUTHENTIC and result.record is not None
    assert queue.division_queue(db, "shimin") == []  # verified is not received
    receipt = shipped_station.receive(result.record, staff_id="clerk01")
    assert receipt.first
    routed = shipped_station.routed
    assert routed is not None and [(s.division, s.number) for s in routed.stops] == [("shimin", 1)]
    [ticket] = queue.division_queue(db, "shimin")
    assert (ticket.number, ticket.state, ticket.forms) == (1, "arrived", ("juminido",))
    [queued] = queue.queued_sheets(db, "shimin")
    assert queued.sheet_id == result.record.sheet_id and queued.data is not None
    again = shipped_station.receive(result.record, staff_id="clerk02")
    assert not again.first
    assert len(queue.division_queue(db, "shimin")) == 1


