"""Start-up and session end without rebuilding: message files read with libyaml and still
located on error, screens built when first needed and cleared (not rebuilt) at session end, and
a refused catalogue keeps the one in use; the start-up work waits for the first screen to be drawn."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel

from kiosk import i18n
from kiosk.config import Config
from kiosk.errors import ConfigError
from kiosk.journey import CataloguePort, Ending, Screen
from kiosk.ui.operations import runner
from kiosk.ui.window import KioskWindow

CANARY = "ヤマダ　カナリア"  # invented


def locale_error(locales: Path, lang: str, name: str, content: str) -> ConfigError:
    """The error of loading ``lang``'s messages from ``locales`` with one file, ``name``, holding
    ``content``."""
    folder = locales / lang
    folder.mkdir()
    (folder / name).write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        i18n.catalog(lang, locales)
    return info.value


def test_a_locale_file_with_a_yaml_error_gives_a_located_message(tmp_path: Path) -> None:
    error = locale_error(tmp_path, "en", "core.yaml", "core.ok: Fine\ncore.bad: [unclosed\ncore.next: x\n")
    assert f"{tmp_path / 'en' / 'core.yaml'}:3:" in str(error)
    shown = i18n.text(error.key, "en", **error.params)
    assert "core.yaml:3:" in shown and "Traceback" not in shown


def test_a_locale_file_that_is_not_a_mapping_is_located(tmp_path: Path) -> None:
    error = locale_error(tmp_path, "vi", "resident.yaml", "- a list\n- not messages\n")
    assert "resident.yaml:1: expected a mapping" in str(error)


def test_a_message_is_found_whichever_file_holds_it() -> None:
    """Messages are read file by file as needed (``resident.*`` from resident.yaml); a key kept in
    another area's file (``error.*`` lives in core.yaml) is still found, in every language."""
    for lang in i18n.languages():
        assert i18n.text("error.card", lang) == i18n.catalog(lang)["error.card"]
        assert i18n.text("resident.autonym", lang) == i18n.catalog(lang)["resident.autonym"]
    assert i18n.text("error.card", "ja-easy") != "error.card"


def test_shipped_locales_read_as_before() -> None:
    assert i18n.text("resident.autonym", "ko") == "한국어"
    assert i18n.text("resident.preparing", "ja") != "resident.preparing"


def _texts(window: KioskWindow) -> str:
    widgets = window.findChildren(QLabel) + window.findChildren(QAbstractButton)
    return "\n".join(w.text() + w.accessibleName() for w in widgets)


def test_screens_are_built_when_first_needed_and_cleared_not_rebuilt_at_session_end(window, qtbot) -> None:
    """PRIV-08 without rebuilding: after the end no widget shows the resident's data."""
    assert set(window.screens) == {Screen.LANGUAGE}
    window.journey.choose_language("en")
    assert set(window.screens) == {Screen.LANGUAGE, Screen.NOTICE}
    notice = window.screens[Screen.NOTICE]
    member = window.journey.session.add_member("adult")
    window.journey.session.record_card(member, {"name": CANARY})
    window.journey.session.members_confirmed = True
    window.journey.members_done()  # no catalogue: on to confirm
    assert window.journey.screen is Screen.CONFIRM
    window.screens[Screen.CONFIRM].title.setText(CANARY)  # as if the screen had shown it
    window.end_session(Ending.CANCELLED)
    qtbot.waitUntil(lambda: window.journey.screen is Screen.LANGUAGE and window.journey.session.is_empty())
    qtbot.wait(20)
    assert CANARY not in _texts(window)
    assert window.screens[Screen.NOTICE] is notice  # kept, not rebuilt
    assert window.current_screen() is window.screens[Screen.LANGUAGE]
    assert window.ended_records[-1].ending == "abandoned"


def test_an_invalid_new_catalogue_keeps_the_one_in_use(qtbot, clock) -> None:
    first = CataloguePort.load(None)
    window = KioskWindow(Config(), catalogue=first, card_worker=None, output=None, database=None,
                         clock=clock, dpi=96.0, catalogue_source=lambda: None)
    qtbot.addWidget(window)
    window.journey.choose_language("en")
    window.end_session(Ending.CANCELLED)
    qtbot.waitUntil(lambda: not window.journey.starting, timeout=10_000)
    assert window.journey.catalogue is first
    assert runner().wait_idle(10_000)
    window.journey.choose_language("en")
    assert window.journey.screen is Screen.NOTICE
    window.timer.stop()


def test_the_window_loads_its_first_catalogue_off_the_gui_thread(qtbot, clock) -> None:
    port = CataloguePort.load(None)
    window = KioskWindow(Config(), catalogue=None, card_worker=None, output=None, database=None,
                         clock=clock, dpi=96.0, catalogue_source=lambda: port)
    qtbot.addWidget(window)
    assert window.journey.starting  # the language screen waits; nothing blocked the constructor
    qtbot.waitUntil(lambda: not window.journey.starting, timeout=10_000)
    assert window.journey.catalogue is port
    window.timer.stop()


def test_the_start_up_work_begins_once_the_first_screen_is_drawn(qtbot, clock) -> None:
    """The database and the catalogue load after the language screen has been painted, not
    competing with drawing it; a window never shown still gets its catalogue."""
    painted: list[bool] = []
    started: list[bool] = []

    class Watch(QObject):
        def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802
            if event.type() == QEvent.Type.Paint:
                painted.append(True)
            return False

    watch = Watch()
    QApplication.instance().installEventFilter(watch)
    port = CataloguePort.load(None)

    def source() -> CataloguePort:
        started.append(bool(painted))
        return port

    try:
        window = KioskWindow(Config(), catalogue=None, card_worker=None, output=None, database=None,
                             clock=clock, dpi=96.0, catalogue_source=source)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitUntil(lambda: not window.journey.starting, timeout=10_000)
        assert started == [True]  # loaded once, after the first paint
        assert window.journey.catalogue is port
        window.timer.stop()
        hidden = KioskWindow(Config(), catalogue=None, card_worker=None, output=None, database=None,
                             clock=clock, dpi=96.0, catalogue_source=lambda: port)
        qtbot.addWidget(hidden)
        assert runner().wait_idle(10_000)  # waits for the deferred start as well
        assert not hidden.journey.starting and hidden.journey.catalogue is port
        hidden.timer.stop()
    finally:
        QApplication.instance().removeEventFilter(watch)


FIRST_SCREEN = """
import sys
from kiosk.config import Config
from kiosk.ui.app import application, build
app = application()
kiosk = build(Config(), card=False)
kiosk.window.show()
heavy = sorted(m for m in ("reportlab", "cryptography", "sqlalchemy", "kiosk.ui.review", "kiosk.ui.finish")
               if m in sys.modules)
print("loaded:", ",".join(heavy))
"""


def test_the_first_screen_is_built_without_the_renderer_the_key_or_the_database(tmp_path: Path) -> None:
    """Start-up (``kiosk run``): the language screen is built and shown before the sheet renderer,
    the signing key's library, the database library or the later screens are imported; those load
    off the GUI thread once it is drawn."""
    import os
    import subprocess
    import sys

    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", KIOSK_DATA_DIR=str(tmp_path),
               KIOSK_CONFIG=str(tmp_path / "none.toml"))
    done = subprocess.run([sys.executable, "-c", FIRST_SCREEN], capture_output=True, text=True, env=env,
                          cwd=Path(__file__).resolve().parents[2], timeout=120, check=True)
    assert "loaded: \n" in done.stdout, done.stdout


def test_a_window_closed_before_its_start_up_work_began_leaves_the_runner_idle(qtbot, clock) -> None:
    """The deferred start-up work of a window deleted at once neither runs nor stays pending (a
    runner that never became idle would stall whoever waits for it: shutdown, tests, soak)."""
    from PySide6.QtCore import QCoreApplication

    calls: list[str] = []
    window = KioskWindow(Config(), catalogue=None, card_worker=None, output=None, database=None,
                         clock=clock, dpi=96.0, catalogue_source=lambda: calls.append("loaded"))
    window.timer.stop()
    QApplication.instance().removeEventFilter(window)
    window.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert runner().wait_idle(10_000)
    assert calls == []
