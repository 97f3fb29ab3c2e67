"""Per-session usage figures with no personal data (usage statistics are anonymous: no names,
no values, no card data): time on each screen, taps and typed characters, how the session
ended, which procedures, how many fields were prefilled.

The only way into storage is :func:`store`, which writes one ``SessionMetric`` row.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

from kiosk.log import get_logger

LOG = get_logger(__name__)


@dataclass
class SessionRecord:
    kiosk_id: str
    started_at: dt.datetime
    ended_at: dt.datetime | None = None
    ending: str = ""
    language: str = ""
    screen_seconds: dict[str, float] = field(default_factory=dict)  # total per screen kind
    screens: list[dict[str, Any]] = field(default_factory=list)  # [{"screen": id, "seconds": s}, ...] in order
    last_screen: str = ""
    taps: int = 0
    typed_chars: int = 0
    procedures: list[str] = field(default_factory=list)
    forms: int = 0
    fields_prefilled: int = 0
    fields_total: int = 0
    card_outcomes: dict[str, int] = field(default_factory=dict)  # read_ok / wrong_pin / blocked / ... -> count

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["started_at"] = self.started_at.isoformat()
        data["ended_at"] = self.ended_at.isoformat() if self.ended_at else None
        return data


class MetricsRecorder:
    """Counts one session; :meth:`finish` returns the record and starts a new one."""

    def __init__(self, kiosk_id: str = "kiosk-01") -> None:
        self.kiosk_id = kiosk_id
        self.record = SessionRecord(kiosk_id=kiosk_id, started_at=_now())

    def tap(self, count: int = 1) -> None:
        self.record.taps += count

    def typed(self, count: int = 1) -> None:
        self.record.typed_chars += count

    def card_outcome(self, outcome: str) -> None:
        self.record.card_outcomes[outcome] = self.record.card_outcomes.get(outcome, 0) + 1

    def language(self, lang: str) -> None:
        self.record.language = lang  # a language code is not personal

    def procedures(self, ids: Iterable[str]) -> None:
        self.record.procedures = sorted(set(ids))

    def prefilled(self, form_values: Iterable[Any]) -> None:
        """Count prefilled fields (``from_card`` marks and non-empty values) of every form."""
        forms = list(form_values)
        self.record.forms = len(forms)
        self.record.fields_prefilled = sum(len(v.from_card) for v in forms)
        self.record.fields_total = sum(
            len([x for x in v.household.values() if x not in (None, "")])
            + sum(len([x for x in p.values() if x not in (None, "")]) for p in v.persons)
            for v in forms
        )

    def finish_session(self, session: Any, ending: str, visits: Iterable[tuple[str, float]]) -> SessionRecord:
        """Close the record of ``session`` as it ends: its language, procedures and prefilled
        fields (codes and counts only), then :meth:`finish`."""
        self.language(session.language)
        self.procedures(session.procedures)
        self.prefilled(session.form_values.values())
        return self.finish(ending, visits)

    def finish(self, ending: str, visits: Iterable[tuple[str, float]]) -> SessionRecord:
        """Close the record; ``visits`` are (screen, seconds) in the order shown."""
        record = self.record
        record.ended_at = _now()
        record.ending = ending
        record.screens = [{"screen": str(s), "seconds": round(t, 3)} for s, t in visits]
        totals: dict[str, float] = {}
        for item in record.screens:
            totals[item["screen"]] = round(totals.get(item["screen"], 0.0) + item["seconds"], 3)
        record.screen_seconds = totals
        record.last_screen = record.screens[-1]["screen"] if record.screens else ""
        self.record = SessionRecord(kiosk_id=self.kiosk_id, started_at=_now())
        return record


def store(database: Any, record: SessionRecord) -> bool:
    """Write ``record`` as one ``SessionMetric`` row. Returns False (and logs) when storage is
    unavailable: a session's figures are never worth stopping the kiosk for."""
    if database is None:
        return False
    try:
        from kiosk.storage.models import SessionMetric

        row = SessionMetric(
            kiosk_id=record.kiosk_id, started_at=record.started_at, ended_at=record.ended_at or _now(),
            ending=record.ending, last_screen=record.last_screen, language=record.language or "ja",
            screens=record.screens, taps=record.taps, typed_chars=record.typed_chars,
            procedures=record.procedures, fields_total=record.fields_total,
            fields_prefilled=record.fields_prefilled, card_outcomes=record.card_outcomes,
        )
        with database.session() as db:
            db.add(row)
        return True
    except Exception as exc:  # storage down or schema mismatch: keep the kiosk running
        LOG.warning("session metric not stored: %s", type(exc).__name__)
        return False


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)
