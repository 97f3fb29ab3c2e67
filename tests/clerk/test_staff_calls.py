"""係員を呼ぶ without Qt, on SQLite and the real PostgreSQL server: a call is recorded with ids only
(PRIV-), listed as open, acknowledged once, raised again when nobody answers, and the listener
(LISTEN/NOTIFY on PostgreSQL, polling on SQLite) tells a station about each change."""

from __future__ import annotations

import datetime as dt
import queue

import pytest
from sqlalchemy import inspect

from kiosk import staffcalls
from kiosk.staffcalls import CallEvent, CallEventKind, CallListener

T0 = dt.datetime(2026, 12, 1, 1, 0, tzinfo=dt.UTC)


def test_priv_a_call_holds_the_kiosk_the_screen_and_times_only(database):
    call = staffcalls.record_call(database, "kiosk-01", "review", now=T0)
    columns = {c["name"] for c in inspect(database.engine).get_columns("staff_calls")}
    assert columns == {"id", "kiosk_id", "screen", "called_at", "raised_at", "raise_count", "acknowledged_at",
                       "acknowledged_by"}
    assert [(c.id, c.kiosk_id, c.screen, c.called_at) for c in staffcalls.open_calls(database)] == [
        (call.id, "kiosk-01", "review", T0)]
    with pytest.raises(ValueError):
        staffcalls.record_call(database, "kiosk-01", "みどり 太郎")  # free text never goes in a call


def test_first_acknowledgement_stands_and_closes_the_call(database):
    first = staffcalls.record_call(database, "kiosk-01", "card", now=T0)
    second = staffcalls.record_call(database, "kiosk-02", "language", now=T0 + dt.timedelta(seconds=5))
    done = staffcalls.acknowledge(database, first.id, by="clerk-01", now=T0 + dt.timedelta(minutes=1))
    assert done is not None and not done.is_open and done.acknowledged_by == "clerk-01"
    again = staffcalls.acknowledge(database, first.id, by="clerk-02", now=T0 + dt.timedelta(minutes=2))
    assert again is not None and again.acknowledged_by == "clerk-01"
    assert again.acknowledged_at == T0 + dt.timedelta(minutes=1)
    assert [c.id for c in staffcalls.open_calls(database)] == [second.id]
    state = staffcalls.call_state(database, first.id)
    assert state is not None and not state.is_open
    assert staffcalls.acknowledge(database, 999_999, by="clerk-01") is None
    assert second.minutes_waiting(T0 + dt.timedelta(minutes=3, seconds=10)) == 3


def test_an_unanswered_call_is_raised_again_after_the_configured_time(database):
    after = dt.timedelta(seconds=120)
    open_call = staffcalls.record_call(database, "kiosk-01", "question", now=T0)
    answered = staffcalls.record_call(database, "kiosk-02", "question", now=T0)
    staffcalls.acknowledge(database, answered.id, by="clerk-01", now=T0)
    assert staffcalls.due_again(database, after, now=T0 + dt.timedelta(seconds=119)) == []
    assert staffcalls.raise_due(database, after, now=T0 + dt.timedelta(seconds=119)) == []
    later = T0 + dt.timedelta(seconds=120)
    assert [c.id for c in staffcalls.due_again(database, after, now=later)] == [open_call.id]
    raised = staffcalls.raise_due(database, after, now=later)
    assert [(c.id, c.raise_count, c.raised_at) for c in raised] == [(open_call.id, 1, later)]
    # The period starts again: not due until another 120 s have passed.
    assert staffcalls.raise_due(database, after, now=later + dt.timedelta(seconds=60)) == []
    assert [c.raise_count for c in staffcalls.raise_due(database, after, now=later + after)] == [2]


def _next(events: queue.Queue[CallEvent], kind: CallEventKind, timeout: float = 10.0) -> CallEvent:
    """The next event of ``kind`` (others, such as a poll's resync, are passed over)."""
    while True:
        event = events.get(timeout=timeout)
        if event.kind is kind:
            return event


def test_the_listener_reports_new_acknowledged_and_raised_calls(database):
    events: queue.Queue[CallEvent] = queue.Queue()
    listener = CallListener(database, events.put, poll_seconds=0.2, wait_seconds=0.2)
    assert listener.uses_notify == (database.dialect == "postgresql")
    listener.start()
    try:
        assert listener.ready.wait(10)
        assert _next(events, CallEventKind.RESYNC).call_id is None
        call = staffcalls.record_call(database, "kiosk-01", "members")
        assert _next(events, CallEventKind.CALLED).call_id == call.id
        staffcalls.raise_due(database, dt.timedelta(0))
        assert _next(events, CallEventKind.RAISED).call_id == call.id
        staffcalls.acknowledge(database, call.id, by="clerk-01")
        assert _next(events, CallEventKind.ACKNOWLEDGED).call_id == call.id
    finally:
        listener.stop()


def test_notification_payloads_are_ids_only():
    assert CallEvent.parse("called:12") == CallEvent(CallEventKind.CALLED, 12)
    assert CallEvent(CallEventKind.RAISED, 3).payload == "raised:3"
    assert CallEvent.parse("called:someone") is None
    assert CallEvent.parse("hello") is None
