"""The whole reference journey through the real widgets, the real virtual card (pcscd + vpcd)
and a real cups-pdf queue: a family of four moving in (two adults on 国保 read by card, the
children typed by hand). Run under ``script/with-services``."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QAbstractButton, QApplication

from kiosk.journey import Screen
from kiosk.ui import reference
from kiosk.ui.autoplay import Autoplay

from .helpers import InputSeen, reference_player, screen_text


@pytest.fixture
def services(pcsc, printer_queue, pdf_dir):
    """The print queue and where cups-pdf writes, with pcscd + vpcd running (tests/conftest.py)."""
    return printer_queue, pdf_dir


@pytest.fixture
def kiosk_setup(log_file, kiosk_setup):
    """The reference kiosk (tests/ui/conftest.py), started with the log file already listening."""
    return kiosk_setup


def _canaries(setup) -> list[str]:
    return [c.persona.name if hasattr(c, "persona") else "" for c in setup.cards] + list(reference.CHILD_NAMES)


def _scan_files(root: Path, needles: list[str]) -> list[str]:
    hits = []
    for path in root.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            for needle in needles:
                if needle and (needle.encode("utf-8") in data):
                    hits.append(f"{path.name}: {needle}")
    return hits


def test_reference_journey_prints_the_sheets_and_leaves_nothing_behind(kiosk_setup, services, tmp_path, log_file):
    """PRIV-01, PRIV-03, PRIV-08, A11Y-12, ML-06: notice before card, PIN never stored, every
    field from the card prefilled, sheets printed, and after the end no canary anywhere.
    A11Y-11: the whole journey by single taps: each press released before the next, no drag,
    double tap, multi-finger touch, gesture or key."""
    _, pdf_dir = services
    window = kiosk_setup.kiosk.window
    small: list[str] = []

    def check_targets(name: str) -> None:  # A11Y-01 on every screen of the journey
        for root in (window.top, window.current_screen()):
            for b in root.findChildren(QAbstractButton):
                if not b.isVisibleTo(window):
                    continue
                need = 15.0 if b.property("primary") or b.property("pinkey") else 11.6
                h, w = b.height() * 25.4 / window.dpi, b.width() * 25.4 / window.dpi
                if h < need - 0.05 or w < need - 0.05:
                    small.append(f"{name}: {b.accessibleName()} {h:.1f}x{w:.1f} mm")

    seen = InputSeen(window)
    QApplication.instance().installEventFilter(seen)
    try:
        played = reference.play(kiosk_setup, "en", tmp_path / "shots", on_screen=check_targets)
    finally:
        QApplication.instance().removeEventFilter(seen)
    assert small == []
    assert seen.kinds and seen.kinds == ["press", "release"] * (len(seen.kinds) // 2), sorted(set(seen.kinds))
    rec = played.record
    assert rec.ending == "completed"
    assert rec.fields_prefilled > 0
    assert "tennyu" in rec.procedures and "kokuho" in rec.procedures
    assert played.sheets, "no sheet rendered"
    assert list(Path(pdf_dir).rglob("*.pdf")), "cups-pdf wrote nothing"
    QApplication.processEvents()
    canaries = [c for c in _canaries(kiosk_setup) if c] + ["1234"]
    text = screen_text(window)
    assert [c for c in canaries if c in text] == []
    data_dir = kiosk_setup.config.data_dir
    assert _scan_files(data_dir, [c for c in canaries if c != "1234"]) == []
    log_text = log_file.read_text(encoding="utf-8")
    assert "print job" in log_text  # the log was written during the journey
    assert [c for c in canaries if c in log_text] == []
    assert "1000001" not in log_text and "千代田" not in log_text
    # Every printed sheet is known to the database by id, so a clerk can tell a replay.
    database = kiosk_setup.kiosk.window.database
    if database is not None:
        from sqlalchemy import select

        from kiosk.storage.models import IssuedSheet

        with database.session() as s:
            recorded = set(s.execute(select(IssuedSheet.sheet_id)).scalars())
        assert set(played.sheet_ids) <= recorded and played.sheet_ids


def test_priv01_no_apdu_before_the_notice_is_acknowledged(kiosk_setup):
    window = kiosk_setup.kiosk.window
    sim = kiosk_setup.simulator
    assert sim is not None, "the virtual card needs pcscd with only vpcd's readers (script/with-services)"
    sim.replace_card(kiosk_setup.cards[0])
    sim.insert()
    player = Autoplay(window, reference.household(), lang="ja")
    player.click(player.find("lang-ja"))
    player.pump(1.0)
    assert window.journey.screen is Screen.NOTICE
    assert kiosk_setup.cards[0].log == []
    sim.remove()




def test_a11y10_the_whole_journey_by_keys_alone(kiosk_setup):
    """Tab to each control and Enter; the PIN from the number keys; no touch at all."""
    played = reference.play(kiosk_setup, "ja", None, keys=True)
    assert played.record.ending == "completed"
    assert played.record.taps > 0


def test_printer_stopped_says_what_to_do_keeps_everything_and_retries(kiosk_setup, services):
    """A printer that cannot print (stopped queue; out of paper is the same path with its own
    message): the resident is told to call staff, nothing is lost, and "try again" prints."""
    import subprocess

    queue, pdf_dir = services
    player = reference_player(kiosk_setup, "en")
    player.play_to_confirm()
    window = kiosk_setup.kiosk.window
    values_before = {k: dict(v.household) for k, v in window.journey.session.form_values.items()}
    subprocess.run(["cupsdisable", queue], check=True)
    try:
        player.click(player.find("confirm-print"))
        result = window.screens[Screen.RESULT]
        player.wait(lambda: result.retry.isVisible(), "print failure message")
        assert "staff" in result.status.text()
        assert {k: dict(v.household) for k, v in window.journey.session.form_values.items()} == values_before
    finally:
        subprocess.run(["cupsenable", queue], check=True)
    player.click(result.retry)
    player.wait(lambda: result.state == "done", "printed after retry", timeout=120)
    player.click(player.find("result-done"))
    assert window.journey.session.is_empty()


def test_a_value_that_fails_validation_is_explained_and_kept(kiosk_setup):
    """A 3-digit postal code: the review stays on the form, names the field and the problem in
    the resident's language, and keeps the value for correction."""
    player = reference_player(kiosk_setup, "en")
    window = kiosk_setup.kiosk.window
    j = window.journey
    player.play_to_confirm(stop_at_review=True)
    assert j.screen is Screen.REVIEW
    screen = window.current_screen()
    form = j.current_form()
    ff = next(f for f in form.fields if f.id == "address.new_postal_code")
    player._type_into(screen, ff, None, "123")
    assert j.session.form_values[form.id].household["address.new_postal_code"] == "123"
    player.click(player.find("review-next"))
    assert j.screen is Screen.REVIEW and j.current_form() is form
    assert screen.message.isVisible()
    assert "Postal code" in screen.message.label.text()
    assert j.session.form_values[form.id].household["address.new_postal_code"] == "123"
    window.end_session()


def test_priv08_the_review_pads_show_each_fields_value_and_keep_nothing_after_the_session(kiosk_setup):
    """The review editor keeps one pad per kind from field to field (building one takes longer
    than a frame): reopened, a pad shows that field's value, and after the session no pad holds
    what was typed."""
    player = reference_player(kiosk_setup, "en")
    window = kiosk_setup.kiosk.window
    j = window.journey
    player.play_to_confirm(stop_at_review=True)
    screen = window.current_screen()
    form = j.current_form()
    postal = next(f for f in form.fields if f.id == "address.new_postal_code")
    player._type_into(screen, postal, None, "9876543")
    assert j.session.form_values[form.id].household["address.new_postal_code"] == "9876543"
    pad = screen.editor.pad
    player.click(player.find("edit-h-address.new_postal_code"))
    assert screen.editor.pad is pad  # the same pad, not a new one
    assert pad.display.text() == "〒987-6543"  # this field's value, ready to correct
    player.type_on_pad(pad, "")  # OK at once: the value stays
    assert j.session.form_values[form.id].household["address.new_postal_code"] == "9876543"
    window.end_session()
    QApplication.processEvents()
    text = screen_text(window)
    assert "987-6543" not in text and "9876543" not in text
    assert all(p.value == "" for p in screen.editor.pads.values())
