"""PRIV-05: the 個人番号 never reaches the database. The kiosk reads it from the card
(kiosk.my_number_enabled, card.read_my_number) for the forms whose legal basis allows it, keeps it
in the session only and prints it on no sheet and in no KS1 code; so a dump of the database after
the reference journey (real card stack, real print queue) holds no 12-digit number with a valid
check digit, and no file of the data directory holds a card's number."""

from __future__ import annotations

import re
import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest

from kiosk.card.records import is_valid_my_number
from kiosk.config import Config
from kiosk.ui import reference

pytestmark = pytest.mark.gui

NUMBER = re.compile(r"(?<![0-9A-Za-z])[0-9]{12}(?![0-9A-Za-z])")  # a number of its own, not a run inside a hash


def test_priv05_no_my_number_in_a_database_dump_after_a_journey_that_read_it(qapp, tmp_path, pcsc, printer_queue,
                                                                              pdf_dir):
    base = reference.demo_config(Config(), tmp_path / "data", printer_queue=printer_queue)
    config = replace(base, kiosk=replace(base.kiosk, my_number_enabled=True),
                     card=replace(base.card, read_my_number=True))
    setup = reference.start(config, printer=True)
    try:
        read: list[bool] = []

        def held(_screen: str) -> None:  # whether the session holds a 個人番号 (no number is kept here)
            read.append(any("my_number" in m.card for m in setup.kiosk.window.journey.session.members))

        played = reference.play(setup, "ja", None, on_screen=held)
        assert played.record.ending == "completed" and played.sheets
        assert any(read), "the journey read no 個人番号: nothing to look for"
        database = setup.kiosk.window.database
        assert database is not None and database.url.startswith("sqlite:///")
        numbers = [card.persona.my_number for card in setup.cards]
    finally:
        reference.stop(setup)
    db_file = Path(database.url.removeprefix("sqlite:///"))
    with sqlite3.connect(db_file) as connection:
        dump = "\n".join(connection.iterdump())
    assert "issued_sheets" in dump and "audit_log" in dump  # the dump is the kiosk's database
    assert [n for n in NUMBER.findall(dump) if is_valid_my_number(n)] == []
    files = [path for path in config.data_dir.rglob("*") if path.is_file()]
    assert [(path.name, n) for path in files for n in numbers if n.encode("ascii") in path.read_bytes()] == []
