"""Shared fixtures: real services started by ``script/with-services``, a database on each
backend, and a kiosk station's signing keys. The suite is strict: a service fixture fails when its variable is missing (run the
suite through ``script/test`` or ``script/with-services``), a skipped test counts as a failure,
Python and Qt warnings are errors (pyproject.toml), and no test may pull in Qt WebEngine."""

from __future__ import annotations

import datetime as dt
import os
import sys

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def require_env(name: str) -> str:
    value = os.environ.get(name)
    if not value:
        pytest.fail(f"{name} is not set: run the suite through script/test or script/with-services")
    return value


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):
    """A skipped test is reported as failed: every test runs, against the real services."""
    outcome = yield
    report = outcome.get_result()
    if report.skipped:
        report.outcome = "failed"
        report.longrepr = f"skipped tests are not allowed in this suite: {report.longrepr}"


@pytest.fixture(autouse=True, scope="session")
def _no_qt_webengine():
    """Qt WebEngine (a whole browser) is not part of the kiosk: nothing may import it."""
    yield
    pulled = sorted(m for m in sys.modules if m.startswith("PySide6.QtWebEngine"))
    assert not pulled, f"Qt WebEngine was imported: {pulled}"


@pytest.fixture(autouse=True)
def _isolated_data_dir(tmp_path, monkeypatch):
    """No test touches the real per-user data or config directories."""
    monkeypatch.setenv("KIOSK_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("KIOSK_CONFIG", str(tmp_path / "no-config.toml"))


@pytest.fixture(autouse=True)
def _log_filter_forgets_the_test():
    """The log filter's protected values (a session's, PRIV) do not outlive the test that made
    them: a session a test leaves unwiped would otherwise withhold a later test's records."""
    yield
    log = sys.modules.get("kiosk.log")
    if log is not None:
        log.forget_all()


@pytest.fixture(scope="session")
def qapp():
    """The Qt application the stations make (kiosk.ui.app.application), for pytest-qt too: its
    cyclic garbage is collected on the GUI thread only, as in the stations."""
    from kiosk.ui.app import application

    return application()


@pytest.fixture(autouse=True)
def _garbage_collected_on_the_gui_thread():
    """With a Qt application, Python's automatic collector is off and the GUI thread collects
    (kiosk.ui.collector) on a timer: a test that runs no event loop still has its due generation
    collected at its end, on this thread."""
    yield
    collector = sys.modules.get("kiosk.ui.collector")
    if collector is not None:
        from PySide6.QtCore import QCoreApplication

        app = QCoreApplication.instance()
        if app is not None:
            collector.collect_on_gui_thread(app).collect_due()


STATION_KIOSK = "kiosk-01"  # the kiosk id of the station keys below


@pytest.fixture
def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


@pytest.fixture
def key_dir(tmp_path, now):
    """The signing keys of kiosk ``kiosk-01``, made ten days ago."""
    from kiosk import keys

    folder = tmp_path / "keys"
    keys.init_keys(folder, kiosk_id=STATION_KIOSK, now=now - dt.timedelta(days=10))
    return folder


@pytest.fixture
def signer(key_dir):
    from kiosk import keys

    return keys.load_signer(key_dir)


@pytest.fixture
def postgres_url() -> str:
    return require_env("KIOSK_TEST_DATABASE_URL")


@pytest.fixture
def printer_queue() -> str:
    return require_env("KIOSK_TEST_PRINTER")


@pytest.fixture
def pdf_dir():
    from pathlib import Path

    return Path(require_env("KIOSK_TEST_PDF_DIR"))


@pytest.fixture
def pcsc() -> None:
    require_env("KIOSK_TEST_PCSC")


@pytest.fixture
def sqlite_db(tmp_path):
    """An upgraded, empty SQLite database."""
    from fresh_databases import settle_background_work

    from kiosk.storage.database import Database

    db = Database(f"sqlite:///{tmp_path / 'kiosk.sqlite3'}")
    db.upgrade()
    yield db
    settle_background_work()
    db.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request, tmp_path):
    """An upgraded, empty database on SQLite and on the real PostgreSQL server."""
    from fresh_databases import settle_background_work

    from kiosk.storage.database import Database

    if request.param == "sqlite":
        db = Database(f"sqlite:///{tmp_path / 'kiosk.sqlite3'}")
        db.upgrade()
        yield db
        settle_background_work()
        db.dispose()
        return
    from fresh_databases import postgres_database

    with postgres_database(require_env("KIOSK_TEST_DATABASE_URL")) as (db, _url):
        yield db
