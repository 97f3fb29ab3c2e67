"""A staff sign-in typed on a station's sign-in page (the clerk station, the counter's clerk
window): the account, the passphrase, Enter. Used by the tests of several folders (tests/ is on
the import path through tests/conftest.py)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from kiosk.ui.operations import runner

PASSPHRASE = "correct horse battery"  # the invented passphrase of the tests' staff accounts


def sign_in_by_keys(window: Any, account: str, passphrase: str = PASSPHRASE, limit_ms: int = 30_000) -> None:
    """``account`` signs in at ``window`` by keys alone; the check (argon2 and the database, on the
    operations runner) is waited for."""
    QTest.keyClicks(window.account_field, account)
    QTest.keyClicks(window.password_field, passphrase)
    QTest.keyClick(window.password_field, Qt.Key.Key_Return)
    assert runner().wait_idle(limit_ms)
