"""The result screen signs, renders and spools through the operations runner (rule 12): the
resident sees progress at once, a stopped printer gives a message in their language and a retry
that prints the same sheets, and the session's end writes its records off the GUI thread while
the language screen waits for the next catalogue. Real renderer, real cups-pdf queue and real
PostgreSQL (run under ``script/with-services``)."""

from __future__ import annotations

import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from kiosk import i18n
from kiosk.config import Config
from kiosk.journey import CataloguePort, Screen
from kiosk.keys import load_signer
from kiosk.print_queue import PrintQueue
from kiosk.ui import reference
from kiosk.ui.autoplay import Autoplay
from kiosk.ui.operations import runner
from kiosk.ui.output import Output, Produced

pytestmark = [pytest.mark.gui, pytest.mark.cups]


class WatchedOutput(Output):
    """The real output; remembers which thread rendered and can hold rendering until released."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.render_threads: list[int] = []
        self.release = threading.Event()
        self.release.set()

    def produce(self, session: Any, forms: list[Any]) -> Produced:
        self.render_threads.append(threading.get_ident())
        assert self.release.wait(60)
        return super().produce(session, forms)


@pytest.fixture
def pg_database(postgres_url: str) -> Iterator[Any]:
    """An upgraded, empty database of its own on the real PostgreSQL server."""
    from fresh_databases import postgres_database

    with postgres_database(postgres_url) as (db, _url):
        yield db


@pytest.fixture
def kiosk(qapp, tmp_path, pcsc, printer_queue) -> Iterator[reference.Setup]:
    """The reference kiosk (virtual cards on pcscd/vpcd, the cups-pdf queue) with a watched output."""
    config = reference.demo_config(Config(), tmp_path / "data", printer_queue=printer_queue)
    setup = reference.start(config, printer=True)
    window = setup.kiosk.window
    window.output = _output(config, window.journey.catalogue, window.database)
    yield setup
    assert runner().wait_idle(60_000)
    reference.stop(setup)


def _output(config: Config, port: Any, database: Any) -> WatchedOutput:
    return WatchedOutput(config, signer=load_signer(config.key_dir),
                         queue=PrintQueue(config.printer.queue, timeout=config.printer.job_timeout_seconds),
                         catalogue=port.catalogue, database=database)


def _player(setup: reference.Setup, lang: str) -> Autoplay:
    family = reference.household()
    return Autoplay(setup.kiosk.window, family, cards=list(setup.cards),
                    manual=reference.manual_people(family, len(setup.cards)), typed=reference.NEW_ADDRESS,
                    simulator=setup.simulator, lang=lang, timeout=60)


def _pdfs(folder: Path) -> set[Path]:
    return set(folder.rglob("*.pdf"))


def test_confirm_renders_off_the_gui_thread_with_progress_shown_first(kiosk, qtbot, pdf_dir):
    window = kiosk.kiosk.window
    output = window.output
    assert isinstance(output, WatchedOutput)
    player = _player(kiosk, "en")
    player.play_to_confirm()
    before = _pdfs(pdf_dir)
    output.release.clear()  # rendering waits: the screen must already be answering
    player.click(player.find("confirm-print"))
    result = window.screens[Screen.RESULT]
    assert window.journey.screen is Screen.RESULT and window.current_screen() is result
    assert result.produced is None
    assert result.progress.isVisible()
    assert result.status.text() == i18n.text("resident.preparing", "en")
    assert result.preview.pixmap().isNull()
    qtbot.waitUntil(lambda: bool(output.render_threads), timeout=10_000)
    assert output.render_threads[0] != threading.get_ident()  # the GUI thread did not render
    output.release.set()
    player.wait(lambda: result.state == "done", "printed", timeout=120)
    assert result.produced is not None and result.produced.sheets
    assert not result.preview.pixmap().isNull()  # the preview of the first sheet
    assert result.status.text() == i18n.text("resident.result_take", "en")
    assert _pdfs(pdf_dir) - before, "cups-pdf wrote nothing"
    player.click(player.find("result-done"))
    assert window.journey.session.is_empty()


def test_stopped_queue_says_so_in_the_residents_language_and_retry_prints_the_same_sheets(
        kiosk, printer_queue, pdf_dir):
    """REL-01: nothing is lost; "try again" spools the sheets already signed."""
    window = kiosk.kiosk.window
    player = _player(kiosk, "vi")
    player.play_to_confirm()
    values_before = {k: dict(v.household) for k, v in window.journey.session.form_values.items()}
    subprocess.run(["cupsdisable", printer_queue], check=True)
    try:
        player.click(player.find("confirm-print"))
        result = window.screens[Screen.RESULT]
        player.wait(lambda: result.retry.isVisible(), "print failure message", timeout=120)
        assert result.status.text() == i18n.text("print.unavailable_stopped", "vi")
        assert result.produced is not None
        sheet_ids = list(result.produced.sheet_ids)
        assert {k: dict(v.household) for k, v in window.journey.session.form_values.items()} == values_before
    finally:
        subprocess.run(["cupsenable", printer_queue], check=True)
    before = _pdfs(pdf_dir)
    player.click(result.retry)
    player.wait(lambda: result.state == "done", "printed after retry", timeout=120)
    assert result.produced.sheet_ids == sheet_ids
    assert _pdfs(pdf_dir) - before
    assert result.status.text() == i18n.text("resident.result_take", "vi")
    player.click(player.find("result-done"))
    assert window.journey.session.is_empty()


def test_session_end_stores_records_and_the_next_session_waits_for_the_new_catalogue(kiosk, qtbot, pg_database):
    """PRIV-08 and the catalogue pick-up: metrics and issued sheets written through the runner;
    the language screen says "getting ready" until the reloaded catalogue is in."""
    from kiosk.storage.models import IssuedSheet, SessionMetric

    gate = threading.Event()
    loaded: dict[str, Any] = {}

    def source() -> CataloguePort:
        assert gate.wait(60)
        loaded["port"] = CataloguePort.load(None)
        loaded["thread"] = threading.get_ident()
        return loaded["port"]

    window = kiosk.kiosk.window
    window.database = pg_database
    window.output = _output(kiosk.config, window.journey.catalogue, pg_database)
    window.catalogue_source = source
    first = window.journey.catalogue
    player = _player(kiosk, "en")
    played = player.play()  # through "done": the session has ended
    assert played.sheet_ids
    journey = window.journey
    language = window.screens[Screen.LANGUAGE]
    assert journey.screen is Screen.LANGUAGE and journey.starting
    assert window.current_screen() is language
    assert language.waiting.isVisible() and i18n.plain(i18n.text("resident.preparing", "en")) in language.waiting.text()
    assert not any(b.isEnabled() for b in language.buttons.values())
    journey.choose_language("en")  # a tap now starts nothing
    assert journey.screen is Screen.LANGUAGE
    gate.set()
    qtbot.waitUntil(lambda: not journey.starting, timeout=60_000)
    assert journey.catalogue is loaded["port"] and journey.catalogue is not first
    assert loaded["thread"] != threading.get_ident()
    assert window.output.catalogue is loaded["port"].catalogue
    assert not language.waiting.isVisible() and all(b.isEnabled() for b in language.buttons.values())
    assert runner().wait_idle(30_000)
    with pg_database.session() as db:
        endings = list(db.execute(select(SessionMetric.ending)).scalars())
        issued = set(db.execute(select(IssuedSheet.sheet_id)).scalars())
    assert endings == ["completed"]
    assert set(played.sheet_ids) <= issued
    # The screens were kept and cleared, not rebuilt; the next session starts on the new catalogue.
    result = window.screens[Screen.RESULT]
    assert result.produced is None and result.status.text() == "" and result.preview.pixmap().isNull()
    player.click(player.find("lang-en"))
    assert journey.screen is Screen.NOTICE
