"""The clerk station while its PostgreSQL server freezes (SIGSTOP) or stops: how long the GUI
thread is held by a scan, the longest gap between ticks of a 10 ms timer (a frozen screen would
show as a gap as long as the wait) between the scan and the banner, the time until the "database unreachable" banner, and the
time until the station is back after the server is.

Run under the test services, as root (it makes its own private cluster, never the shared one)::

    QT_QPA_PLATFORM=offscreen script/with-services .venv/bin/python bench/database_down.py

Prints figures for the default timeouts and for short ones; nothing is asserted.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "foundation"), str(ROOT / "tests" / "ks1"), str(ROOT / "tests" / "clerk")]
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from clerk_forms import SmallCatalogue, household, juminido  # noqa: E402
from private_postgres import PrivateCluster  # noqa: E402
from PySide6.QtCore import QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from kiosk import keys, ks1, staff  # noqa: E402
from kiosk.clerk import trustlist  # noqa: E402
from kiosk.clerk.station import Station  # noqa: E402
from kiosk.config import DatabaseSection  # noqa: E402
from kiosk.storage.database import Database  # noqa: E402
from kiosk.ui.clerk.station_window import StationWindow  # noqa: E402
from kiosk.ui.operations import runner  # noqa: E402


def wait_for(app: QApplication, predicate, limit: float = 120.0) -> float:
    start = time.monotonic()
    while not predicate():
        if time.monotonic() - start > limit:
            raise SystemExit("gave up waiting")
        app.processEvents()
        time.sleep(0.002)
    return time.monotonic() - start


def one(app: QApplication, cluster: PrivateCluster, settings: DatabaseSection, how: str, work: Path) -> dict:
    key_dir = work / f"keys-{how}-{settings.statement_timeout_seconds}"
    kiosk_id = f"kiosk-{how}-{settings.statement_timeout_seconds}"
    keys.init_keys(key_dir, kiosk_id=kiosk_id, now=dt.datetime.now(dt.UTC) - dt.timedelta(days=1))
    signer = keys.load_signer(key_dir)
    db = Database(cluster.url, settings=settings)
    db.upgrade()
    trustlist.import_entries(db, json.dumps(keys.export_entry(key_dir)), actor="admin01")
    account = f"clerk{settings.statement_timeout_seconds}{how}"
    staff.create_account(db, account, "clerk", "correct horse battery")
    sheets = [ks1.encode_sheet(juminido(), household(n), signer=signer, iss=999991, kiosk_id=kiosk_id,
                               now=dt.datetime.now(dt.UTC), validity=dt.timedelta(days=30)).qr_strings[0]
              for n in (1, 2)]
    w = StationWindow(Station(db, station_id="clerk-01", catalogue=SmallCatalogue(), issuer=999991),
                      export_dir=work / "x", health_probe_seconds=settings.health_probe_seconds)
    w.show()
    w.account_field.setText(account)
    w.password_field.setText("correct horse battery")
    w.sign_in()
    runner().wait_idle()
    w.scan_text(sheets[0])
    runner().wait_idle()
    assert w.banner.text() == "真正"
    ticks: list[float] = []
    heartbeat = QTimer()
    heartbeat.setInterval(10)
    heartbeat.timeout.connect(lambda: ticks.append(time.monotonic()))
    cluster.freeze() if how == "frozen" else cluster.stop()
    try:
        heartbeat.start()
        start = time.monotonic()
        w.scan_text(sheets[1])
        held = time.monotonic() - start
        to_banner = wait_for(app, lambda: w.database_unreachable)
        heartbeat.stop()
        marks = [start, *ticks, time.monotonic()]
    finally:
        cluster.thaw() if how == "frozen" else cluster.start()
    to_back = wait_for(app, lambda: not w.database_unreachable)
    gap = max(b - a for a, b in zip(marks, marks[1:], strict=False))
    w.close()
    runner().wait_idle()
    db.dispose()
    return {"held_ms": held * 1000, "gap_ms": gap * 1000, "banner_s": to_banner, "back_s": to_back}


def main() -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    work = Path(tempfile.mkdtemp(prefix="kiosk-bench-db-"))
    os.chown(work, *(lambda e: (e.pw_uid, e.pw_gid))(__import__("pwd").getpwnam("postgres")))
    cluster = PrivateCluster(work)
    cluster.init()
    cluster.start()
    fast = DatabaseSection(connect_timeout_seconds=2, statement_timeout_seconds=1, lock_timeout_seconds=1,
                           keepalive_seconds=1, pool_timeout_seconds=2, health_probe_seconds=1)
    print(f"{'settings':<34} {'server':<8} {'scan holds GUI':>15} {'longest GUI gap':>16} "
          f"{'banner after':>13} {'back after':>11}")
    try:
        for name, settings in (("defaults (5 s statement/connect)", DatabaseSection()),
                               ("short (1 s statement, 2 s connect)", fast)):
            for how in ("frozen", "stopped"):
                r = one(app, cluster, settings, how, work)
                print(f"{name:<34} {how:<8} {r['held_ms']:>12.1f} ms {r['gap_ms']:>13.1f} ms "
                      f"{r['banner_s']:>11.1f} s {r['back_s']:>9.1f} s", flush=True)
    finally:
        cluster.thaw()
        if cluster.running():
            cluster.stop()
        runner().shutdown()
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
