"""The reference family's 児童手当 bank account, entered on the kiosk by choosing (bank and branch
from the 全銀 codes, the number on the number pad, the 名義 from the confirmed reading), is printed on the sheet and
kept nowhere once the session is over: not on screen, not in the database, the metrics or the log
(PRIV-08, PRIV-10). Run under ``script/with-services`` (real card, CUPS queue)."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PySide6.QtWidgets import QApplication

from kiosk.ui import reference

from .helpers import screen_text

ACCOUNT_NUMBER = dict(reference.BANK_ACCOUNT)["bank.account_number"]
HOLDER = "モリヤマ\u3000ダイスケ"  # the first parent's reading, confirmed after the card read


@pytest.fixture
def kiosk_setup(log_file, kiosk_setup):
    """The reference kiosk (tests/ui/conftest.py), started with the log file already listening."""
    return kiosk_setup


def _pdf_text(pdf: bytes) -> str:
    doc = pdfium.PdfDocument(pdf)
    try:
        return "".join("".join(page.get_textpage().get_text_range().split()) for page in doc)
    finally:
        doc.close()


@pytest.mark.parametrize("keys", [False, True], ids=["touch", "keys"])
def test_priv08_priv10_the_bank_account_is_printed_and_kept_nowhere_after_the_session(kiosk_setup, log_file,
                                                                                       keys) -> None:
    """By touch, and by keys alone (A11Y-10: Tab to the number pad and to the candidate, Enter)."""
    played = reference.play(kiosk_setup, "ja", None, keys=keys)
    assert played.record.ending == "completed"
    sheets = dict(played.sheets)
    text = _pdf_text(sheets["jidoteate"])
    for printed in ("みずほ(0001)", "渋谷(210)", ACCOUNT_NUMBER, "モリヤマダイスケ"):
        assert printed in text, printed
    QApplication.processEvents()
    canaries = [ACCOUNT_NUMBER, HOLDER, HOLDER.replace("\u3000", " "), "モリヤマダイスケ"]
    window = kiosk_setup.kiosk.window
    assert [c for c in canaries if c in screen_text(window)] == []
    hits = []
    for path in Path(kiosk_setup.config.data_dir).rglob("*"):  # the SQLite database (records, metrics) and all
        if path.is_file():
            data = path.read_bytes()
            hits += [f"{path.name}: {c}" for c in canaries if c.encode("utf-8") in data]
    assert hits == []
    log_text = log_file.read_text(encoding="utf-8")
    assert "print job" in log_text  # the log was written during the journey
    assert [c for c in canaries if c in log_text] == []
    database = window.database
    assert database is not None
    from sqlalchemy import MetaData, select

    with database.session() as s:  # every row of every table, as text
        meta = MetaData()
        meta.reflect(bind=s.get_bind())
        rows = [str(tuple(row)) for table in meta.sorted_tables for row in s.execute(select(table))]
    assert rows, "the database recorded nothing"
    assert [c for c in canaries if any(c in row for row in rows)] == []
