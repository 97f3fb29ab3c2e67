"""Single use of resume codes: the counter claims a code's id before restoring it. On the shared
database the claim is a receipt (the unique sheet id makes the first counter win, across
processes); no new table. Qt-free."""

from __future__ import annotations

from typing import Protocol

from kiosk.storage.database import Database

RESUME_FORM = "resume"  # the receipt's form id for a resume code


class ResumeLedger(Protocol):
    def claim(self, code_id: str) -> bool:
        """True the first time ``code_id`` is claimed, False ever after."""
        ...


class MemoryLedger:
    """One process's memory (tests, a counter without a database)."""

    def __init__(self) -> None:
        self._claimed: set[str] = set()

    def claim(self, code_id: str) -> bool:
        if code_id in self._claimed:
            return False
        self._claimed.add(code_id)
        return True


class DatabaseLedger:
    def __init__(self, db: Database, *, counter_id: str, staff_id: str | None = None) -> None:
        self.db = db
        self.counter_id = counter_id
        self.staff_id = staff_id

    def claim(self, code_id: str) -> bool:
        from kiosk.storage.sheets import receive_audited

        result = receive_audited(self.db, sheet_id=code_id, station_id=self.counter_id, staff_id=self.staff_id,
                                 form_id=RESUME_FORM)
        return result.first
