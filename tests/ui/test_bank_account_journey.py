"""The reference family's 児童手当 bank account, entered on the kiosk by choosing (bank and branch
from the 全銀 codes, the number on the number pad, the 名義 from the confirmed reading), is printed on the sheet and
kept nowhere once the session is over: not on screen, not in the database, the metrics or the log
(PRIV-08, PRIV-10). Run under ``script/with-services`` (real card, CUPS queue)."""

from __future__ import annotations

import logging
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel

from kiosk.config import Config
from kiosk.ui import reference
from kiosk.ui.widgets import RubyLabel

ACCOUNT_NUMBER = dict(reference.BANK_ACCOUNT)["bank.account_number"]
HOLDER = "モリヤマ\u3000ダイスケ"  # the first parent's reading, confirmed after the card read


@pytest.fixture
def log_file(tmp_path):
    """Everything logged during the test, through the kiosk's personal-data filter, to a file."""
    from kiosk.log import FORMAT, PersonalDataFilter

    path = tmp_path / "kiosk.log"
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setFormatter(logging.Formatter(FORMAT))
    handler.addFilter(PersonalDataFilter())
    root = logging.getLogger()
    old_level = root.level
    root.setLevel(logging.DEBUG)
    root.addHandler(handler)
    yield path
    root.removeHandler(handler)
    root.setLevel(old_level)
    handler.close()


@pytest.fixture
def kiosk_setup(qapp, tmp_path, pcsc, printer_queue, pdf_dir, log_file):
    config = reference.demo_config(Config(), tmp_path / "data", printer_queue=printer_queue)
    setup = reference.start(config, printer=True)
    yield setup
    reference.stop(setup)


def _pdf_text(pdf: bytes) -> str:
    doc = pdfium.PdfDocument(pdf)
    try:
        return "".join("".join(page.get_textpage().get_text_range().split()) for page in doc)
    finally:
        doc.close()


def _screen_text(window) -> str:
    parts = []
    for w in window.findChildren(QLabel) + window.findChildren(QAbstractButton) + window.findChildren(RubyLabel):
        parts += [w.text(), w.accessibleName()]
    return "\n".join(parts)


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
    assert [c for c in canaries if c in _screen_text(window)] == []
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
