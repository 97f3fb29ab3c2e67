"""Soak: many resident sessions and clerk scans in one process, watching for anything that grows.

    script/with-services .venv/bin/python bench/soak.py [--sessions 500] [--scans 2000] [--every 25]
    script/with-services .venv/bin/python bench/soak.py --speech ja --sessions 150 --scans 0 [--pace 0.2]

A child process plays the reference journey (``kiosk demo``'s family of four: two virtual cards
through pcscd + vpcd, two children typed by hand, sheets printed on the cups-pdf queue) through the
real widgets ``--sessions`` times, then types ``--scans`` freshly signed codes into the clerk
station's scan field as a keyboard-wedge scanner does (key events, then Enter). Every ``--every``
sessions (and every 100 scans) it prints RSS, live Qt objects, widgets and Python objects (those
the collector tracks), the reference counts of None/True/False, and the files in the data folder,
the temporary folder and the CUPS spool.
At each of those points it also looks for the personas' names, addresses and My Numbers in every
string reachable from Python objects (the harness's own copies excepted).

The parent reports how the child ended (an abort shows as a signal), RSS growth after the warm-up
(goal <= 20 MB), growth per session of live Python objects and widgets (goal 0) and of the count
of None, files left per session (goal 0), the longest GUI stall seen by a 20 ms heartbeat
timer (measuring pauses excluded) and any personal string still reachable (goal: none).
Printed sheets (cups-pdf output: the paper) are counted and removed at every report.

``--speech LANG`` plays the sessions in LANG with speech mode on, as a resident turns it on (the
``*`` key on the first screen; the session's end turns it off again), the review read out once a
session (the 読み上げ button), and ``--pace`` seconds on each screen once its own speech is made
(what is made ahead has its chance). Speech goes to a WAV sink in the temporary folder (no sound
device); the WAVs are the sound, counted and removed after each session like the paper. The
table then also shows the speech-ahead process (kiosk.jtalk_ahead: its pid, so that a restart
shows, and RSS), the phrase cache's entries and megabytes, and the review screens' phrases still
cached after a session's end (goal 0: PRIV-08). After the child exits, the parent checks that
the speech-ahead process it last reported has gone too.
Figures only; nothing is asserted.

What the figures have been traced to. The reports' own lists of every object (8 MB) are freed at
once; before the kiosk fixed glibc's mmap threshold at start (kiosk.memory), that free raised
it, the sheets' and the phrases' blocks went to the heaps from then on, and RSS took a step of
~20 MB over the sessions after the first report (~35 MB in speech mode). In speech mode RSS
still grows with the phrase cache until it is full (64 MB). The count of None rises by ~70 a
session with no Python object holding them (a diff of the collector's objects by type finds no
holder, and no Qt object is made from Python in a session): pyscard keeps one for each APDU
answered by a status word alone (tests/card/test_card_pcsc.py); the rest comes with the review
(none before the cards, a few with them, ~60 over the eight forms' pages), not traced further.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import linecache
import os
import signal
import subprocess
import sys
import tempfile
import time
import types
from collections.abc import Iterable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from soak_speech import SpeechWatch, alive, rss_mb  # noqa: E402 - after the path is set

RESULT = "SOAK-RESULT "
HEARTBEAT_MS = 20
SCAN_REPORT = 100
CHUNK = 32  # wedge characters typed between two turns of the event loop
SPOOL = Path("/var/spool/cups")
HEADER = (f"{'phase':<8}{'n':>6}{'RSS MB':>9}{'Qt objs':>9}{'widgets':>8}{'Py objs':>9}{'None':>9}{'True':>8}{'False':>8}"
          f"{'data':>6}{'tmp':>5}{'spool':>6}{'sheets':>7}{'s/item':>8}{'stall ms':>9}{'personal':>9}")
SPEECH_HEADER = f"{'ahead pid':>10}{'ahead MB':>9}{'cache':>6}{'cache MB':>9}{'wavs':>6}{'review':>7}"


# Measuring ---------------------------------------------------------------------------------------

def qt_objects() -> tuple[int, int]:
    """Qt objects under the application and the top-level widgets, and widgets alive."""
    from PySide6.QtCore import QObject
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    tops = QApplication.topLevelWidgets()
    return (1 + len(app.findChildren(QObject)) + sum(1 + len(w.findChildren(QObject)) for w in tops),
            len(QApplication.allWidgets()))


def files(folder: Path) -> int:
    try:
        return sum(1 for p in folder.rglob("*") if p.is_file())
    except OSError:
        return -1


def refcounts() -> tuple[int, int, int]:
    gc.collect()
    return sys.getrefcount(None), sys.getrefcount(True), sys.getrefcount(False)


class Heartbeat:
    """A 20 ms QTimer; the longest gap between two ticks beyond the interval is a GUI stall."""

    def __init__(self) -> None:
        from PySide6.QtCore import QTimer

        self.timer = QTimer()
        self.timer.setInterval(HEARTBEAT_MS)
        self.timer.timeout.connect(self.beat)
        self.last = time.monotonic()
        self.longest = 0.0
        self.since_report = 0.0
        self.timer.start()

    def beat(self) -> None:
        now = time.monotonic()
        gap = (now - self.last) * 1000 - HEARTBEAT_MS
        self.longest, self.since_report = max(self.longest, gap), max(self.since_report, gap)
        self.last = now

    def resume(self) -> None:
        """After a pause of our own (measuring), the gap does not count as a stall."""
        self.last = time.monotonic()


def harness_ids(roots: Iterable[object]) -> set[int]:
    """Ids of the harness's own containers holding persona data (personas, virtual cards, the
    reference journey's constants): walked through containers and ``kiosk.card`` objects only."""
    seen: set[int] = set()
    stack = list(roots)
    while stack:
        obj = stack.pop()
        if id(obj) in seen:
            continue
        seen.add(id(obj))
        if isinstance(obj, dict):
            stack.extend(obj.keys())
            stack.extend(obj.values())
        elif isinstance(obj, (list, tuple, set, frozenset)):
            stack.extend(obj)
        elif type(obj).__module__.startswith("kiosk.card.") and hasattr(obj, "__dict__"):
            stack.append(vars(obj))
    return seen


def personal_holders(needles: tuple[str, ...], allowed: set[int]) -> list[str]:
    """Type names of objects (outside the harness) that hold a str containing a personal string."""
    gc.collect()
    hits: list[str] = []
    skip = allowed | {id(needles)}
    for holder in gc.get_objects():
        if id(holder) in skip:
            continue
        doc = holder.__doc__ if isinstance(holder, types.FunctionType) else None  # an example in a docstring
        for ref in gc.get_referents(holder):
            if type(ref) is str and len(ref) >= 4 and ref is not doc and any(n in ref for n in needles):
                hits.append(f"{type(holder).__module__}.{type(holder).__qualname__}")
                break
    return hits


class Report:
    def __init__(self, data: Path, temp: Path, pdfs: Path | None, heartbeat: Heartbeat) -> None:
        self.data, self.temp, self.pdfs, self.heartbeat = data, temp, pdfs, heartbeat
        self.rows: list[dict[str, Any]] = []
        self.last_time = time.monotonic()
        self.last_n = 0
        self.personal: list[str] = []
        self.speech: SpeechWatch | None = None  # set by the sessions in speech mode
        self.header = False

    def print_header(self) -> None:
        if not self.header:
            self.header = True
            print(HEADER + (SPEECH_HEADER if self.speech is not None else ""), flush=True)

    def row(self, phase: str, n: int, needles: tuple[str, ...], allowed: set[int]) -> dict[str, Any]:
        elapsed = time.monotonic() - self.last_time
        same_phase = bool(self.rows) and self.rows[-1]["phase"] == phase
        per = elapsed / max(1, n - (self.last_n if same_phase else 0))
        none, true, false = refcounts()
        sheets = 0
        if self.pdfs is not None and self.pdfs.is_dir():
            for pdf in self.pdfs.iterdir():
                sheets += 1
                pdf.unlink(missing_ok=True)
        holders = personal_holders(needles, allowed) if needles else []
        self.personal = holders
        self.print_header()
        (qt, widgets), objects = qt_objects(), len(gc.get_objects())  # after refcounts() collected
        row = {"phase": phase, "n": n, "rss": rss_mb(), "qt": qt, "widgets": widgets, "objs": objects,
               "none": none, "true": true, "false": false, "data": files(self.data), "tmp": files(self.temp), "spool": files(SPOOL),
               "sheets": sheets, "per": per, "stall": self.heartbeat.since_report, "personal": len(holders)}
        spoken = ""
        if self.speech is not None and phase == "session":
            row.update(self.speech.row())
            spoken = (f"{row['ahead_pid']:>10}{row['ahead_rss']:>9.1f}{row['cache']:>6}{row['cache_mb']:>9.1f}"
                      f"{row['wavs']:>6}{row['review']:>7}")
        self.rows.append(row)
        print(f"{phase:<8}{n:>6}{row['rss']:>9.1f}{row['qt']:>9}{widgets:>8}{objects:>9}{none:>9}{true:>8}{false:>8}"
              f"{row['data']:>6}{row['tmp']:>5}{row['spool']:>6}{sheets:>7}{per:>8.2f}{row['stall']:>9.0f}{len(holders):>9}"
              + spoken, flush=True)
        if holders:
            print(f"  personal strings held by: {', '.join(sorted(set(holders))[:6])}", flush=True)
        self.heartbeat.since_report = 0.0
        self.last_time, self.last_n = time.monotonic(), n
        self.heartbeat.resume()
        return row


# The child: sessions, then scans ------------------------------------------------------------------

def pump(seconds: float) -> None:
    from PySide6.QtCore import QCoreApplication, QEvent

    end = time.monotonic() + seconds
    while time.monotonic() < end:
        QCoreApplication.processEvents()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)  # as exec() would
        time.sleep(0.005)


def run_sessions(count: int, every: int, report: Report, data: Path, speech: str | None = None,
                 pace: float = 0.0) -> tuple[int, list[str]]:
    from kiosk.config import Config
    from kiosk.journey import Ending, Screen
    from kiosk.ui import reference

    queue = os.environ.get("KIOSK_TEST_PRINTER") or Config().printer.queue
    config = reference.demo_config(Config(), data, printer_queue=queue)
    setup = reference.start(config, printer=reference.printer_queue_ready(queue))
    if not setup.cards:
        print("note: no PC/SC service; the adults are typed by hand (run under script/with-services)")
    personas = [card.persona for card in setup.cards]
    needles = tuple(sorted({s for p in personas for s in (p.name, p.address, p.my_number, p.name_kana or "")
                            if s} | set(reference.CHILD_NAMES)))
    allowed = harness_ids([setup.cards, setup.simulator, vars(reference), linecache.cache])
    failures: list[str] = []
    window = setup.kiosk.window
    watch = SpeechWatch(window, speech, pace, pump) if speech else None
    report.speech = watch
    report.heartbeat.resume()  # the start-up above is not a stall of the kiosk
    try:
        for n in range(1, count + 1):
            try:
                played = reference.play(setup, speech or "ja", None,
                                        on_screen=watch.on_screen if watch is not None else None)
                if not played.sheets:
                    failures.append(f"session {n}: no sheets ({window.screens[Screen.RESULT].state})")
                del played
            except Exception as exc:  # one failed session is counted; the soak goes on
                failures.append(f"session {n}: {type(exc).__name__}: {exc}")
                if setup.simulator is not None:
                    setup.simulator.remove()
                window.end_session(Ending.CANCELLED)
                pump(1.0)
            for card in setup.cards:
                card.log.clear()  # the virtual card's own APDU log (harness, not kiosk)
            if watch is not None:
                watch.session_ended()
            if n % every == 0 or n == count:
                report.row("session", n, needles, allowed)
    finally:
        reference.stop(setup)
    return len(failures), failures


def run_scans(count: int, report: Report, data: Path) -> tuple[int, list[str]]:
    from PySide6.QtCore import QCoreApplication, Qt
    from PySide6.QtTest import QTest

    from kiosk import staff
    from kiosk.catalogue.loader import load_catalogue
    from kiosk.catalogue.model import FormValues
    from kiosk.clerk.station import AUTHENTIC, Station
    from kiosk.ks1 import encode_sheet
    from kiosk.storage.database import Database
    from kiosk.ui.clerk.station_window import StationWindow
    from kiosk.ui.operations import runner

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from clerk import VALUES, trusted_signer  # bench/clerk.py's invented household, its kiosk keys

    folder = data / "clerk"
    folder.mkdir()
    db = Database(f"sqlite:///{folder / 'clerk.sqlite3'}")
    db.upgrade()
    now = dt.datetime.now(dt.UTC)
    signer = trusted_signer(db, folder / "keys", "kiosk-soak", now, actor="soak")
    catalogue = load_catalogue()
    form = catalogue.forms["juminido"]
    staff.create_account(db, "clerk01", "clerk", "correct horse battery")
    window = StationWindow(Station(db, station_id="soak", catalogue=catalogue, issuer=999991),
                           export_dir=folder / "exports", municipality="みどり町")
    window.show()
    QTest.keyClicks(window.account_field, "clerk01")
    QTest.keyClicks(window.password_field, "correct horse battery")
    QTest.keyClick(window.password_field, Qt.Key.Key_Return)
    runner().wait_idle(60_000)  # argon2 and the database run on the operations runner
    if window.stack.currentWidget() is not window.scan_page:
        raise SystemExit("soak: the clerk station did not sign in")
    needles = tuple(p["person.name"] for p in VALUES["persons"][:2])
    allowed = harness_ids([VALUES, linecache.cache])
    report.heartbeat.resume()  # the set-up above (keys, argon2) is not a stall of the station
    failures: list[str] = []
    try:
        for n in range(1, count + 1):
            values = FormValues("juminido", dict(VALUES["household"]), [dict(p) for p in VALUES["persons"][:2]])
            code = encode_sheet(form, values, signer=signer, iss=999991, kiosk_id="kiosk-soak", now=now,
                                validity=dt.timedelta(days=30)).qr_strings[0]
            del values
            for i in range(0, len(code), CHUNK):
                QTest.keyClicks(window.scan_field, code[i:i + CHUNK])
                QCoreApplication.processEvents()
            QTest.keyClick(window.scan_field, Qt.Key.Key_Return)
            runner().wait_idle(30_000)  # the check runs on the operations runner; its verdict comes back
            if window.banner.property("verdict") != AUTHENTIC:
                failures.append(f"scan {n}: {window.banner.property('verdict')}")
            window.next_sheet()  # the clerk clears the sheet from the screen
            if n % SCAN_REPORT == 0 or n == count:
                report.row("scan", n, needles, allowed)
    finally:
        window.close()
        window.deleteLater()
        QCoreApplication.processEvents()
        db.dispose()
    return len(failures), failures


def quiet_qt(kind: object, context: object, message: str) -> None:
    """Qt's messages on stderr, without the offscreen plugin's one about size hints."""
    if "propagateSizeHints" not in message:
        print(f"qt: {message}", file=sys.stderr)


def child(args: argparse.Namespace) -> int:
    from PySide6.QtCore import qInstallMessageHandler

    from kiosk.ui.app import application

    qInstallMessageHandler(quiet_qt)
    application()
    data = Path(os.environ["SOAK_DATA"])
    pdfs = Path(os.environ["KIOSK_TEST_PDF_DIR"]) if os.environ.get("KIOSK_TEST_PDF_DIR") else None
    heartbeat = Heartbeat()
    report = Report(data, Path(tempfile.gettempdir()), pdfs, heartbeat)
    failed, detail = (run_sessions(args.sessions, args.every, report, data, args.speech, args.pace)
                      if args.sessions else (0, []))
    ahead_pids = report.speech.pids if report.speech is not None else []
    sink_ms = report.speech.sink.longest_ms if report.speech is not None else 0.0
    session_rows = list(report.rows)
    scan_failed, scan_detail = run_scans(args.scans, report, data) if args.scans else (0, [])
    result = {"session_rows": session_rows, "scan_rows": report.rows[len(session_rows):],
              "failures": failed + scan_failed, "failure_detail": (detail + scan_detail)[:10],
              "longest_stall_ms": heartbeat.longest, "personal": report.personal, "ahead_pids": ahead_pids,
              "sink_ms": sink_ms}
    print(RESULT + json.dumps(result, ensure_ascii=False), flush=True)
    return 0


# The parent: runs the child, reports how it ended ------------------------------------------------------

def growth(rows: list[dict[str, Any]], key: str) -> float:
    return rows[-1][key] - rows[0][key] if len(rows) >= 2 else 0.0


def summary(result: dict[str, Any] | None, code: int, args: argparse.Namespace) -> None:
    how = "exited 0" if code == 0 else (f"killed by {signal.Signals(-code).name}" if code < 0 else f"exit {code}")
    print(f"\nchild process: {how}; aborts: {0 if code >= 0 else 1}")
    if result is None:
        print("no result: the child ended before the end of the soak (see the last row above)")
        return
    sessions, scans = result["session_rows"], result["scan_rows"]
    print(f"failures: {result['failures']}" + "".join(f"\n  {f}" for f in result["failure_detail"]))
    if len(sessions) >= 2:
        span = sessions[-1]["n"] - sessions[0]["n"]
        left = sum(growth(sessions, k) for k in ("data", "tmp", "spool"))
        print(f"sessions: RSS growth after warm-up ({sessions[0]['n']} sessions): {growth(sessions, 'rss'):+.1f} MB "
              f"over {span} sessions (goal <= 20 MB); Qt objects {growth(sessions, 'qt'):+.0f}; "
              f"None {growth(sessions, 'none'):+.0f}, True {growth(sessions, 'true'):+.0f}, "
              f"False {growth(sessions, 'false'):+.0f}")
        print(f"sessions: per session after warm-up: live Python objects {growth(sessions, 'objs') / span:+.1f}, "
              f"widgets {growth(sessions, 'widgets') / span:+.1f} (goal 0), None {growth(sessions, 'none') / span:+.0f}, "
              f"RSS {growth(sessions, 'rss') / span:+.2f} MB")
        print(f"sessions: files left per session: {left / max(1, span):.3f} (goal 0; data {growth(sessions, 'data'):+.0f},"
              f" tmp {growth(sessions, 'tmp'):+.0f}, spool {growth(sessions, 'spool'):+.0f})")
    if args.speech and sessions:
        pids = result["ahead_pids"]
        print(f"speech ({args.speech}): speech-ahead processes started: {len(pids)} (goal 1; pids {pids[:6]}); "
              f"its RSS {sessions[0]['ahead_rss']:.1f} → {sessions[-1]['ahead_rss']:.1f} MB; phrase cache "
              f"{sessions[0]['cache']} → {sessions[-1]['cache']} entries, {sessions[0]['cache_mb']:.1f} → "
              f"{sessions[-1]['cache_mb']:.1f} MB")
        wavs = sum(r["wavs"] for r in sessions)
        print(f"speech: WAVs written {wavs} ({wavs / max(1, sessions[-1]['n']):.1f} a session, removed as heard); "
              f"review phrases still cached after a session's end: {sum(r['review'] for r in sessions)} (goal 0)")
    if len(scans) >= 2:
        print(f"scans: RSS growth after the first {scans[0]['n']}: {growth(scans, 'rss'):+.1f} MB over "
              f"{scans[-1]['n'] - scans[0]['n']} scans; Qt objects {growth(scans, 'qt'):+.0f}; "
              f"None {growth(scans, 'none'):+.0f}, True {growth(scans, 'true'):+.0f}, False {growth(scans, 'false'):+.0f}")
    if sessions:
        pace = sorted(r["per"] for r in sessions)
        print(f"time per session: median {pace[len(pace) // 2]:.1f} s, max {pace[-1]:.1f} s (each row's mean)")
    print(f"longest GUI stall (heartbeat every {HEARTBEAT_MS} ms): {result['longest_stall_ms']:.0f} ms"
          + (f"; the WAV sink's longest write on the GUI thread: {result['sink_ms']:.0f} ms" if args.speech else ""))
    personal = result["personal"]
    print("personal strings reachable after the last session: "
          + ("none" if not personal else f"{len(personal)} holder(s): {', '.join(sorted(set(personal)))}"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=500)
    parser.add_argument("--scans", type=int, default=2000)
    parser.add_argument("--every", type=int, default=25, help="print a row every N sessions")
    parser.add_argument("--speech", metavar="LANG", help="play the sessions in LANG with speech mode on")
    parser.add_argument("--pace", type=float, default=0.2,
                        help="with --speech: seconds on each screen once its own speech is made")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        return child(args)
    work = Path(tempfile.mkdtemp(prefix="kiosk-soak-"))
    (work / "tmp").mkdir()
    (work / "data").mkdir()
    env = dict(os.environ, TMPDIR=str(work / "tmp"), SOAK_DATA=str(work / "data"))
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    spoken = f" in speech mode ({args.speech}, {args.pace:g} s a screen)" if args.speech else ""
    print(f"soak: {args.sessions} sessions{spoken}, {args.scans} scans; work folder {work}", flush=True)
    started = time.monotonic()
    speech = ["--speech", args.speech, "--pace", str(args.pace)] if args.speech else []
    proc = subprocess.Popen([sys.executable, __file__, "--child", "--sessions", str(args.sessions),
                             "--scans", str(args.scans), "--every", str(args.every), *speech],
                            env=env, stdout=subprocess.PIPE, text=True)
    result = None
    assert proc.stdout is not None
    for line in proc.stdout:
        if line.startswith(RESULT):
            result = json.loads(line[len(RESULT):])
        else:
            print(line, end="", flush=True)
    code = proc.wait()
    summary(result, code, args)
    if result is not None and result["ahead_pids"]:
        last = result["ahead_pids"][-1]
        print(f"speech-ahead process {last} after the kiosk exited: {alive(last)} (goal: gone)")
    print(f"files left in the temporary folder at exit: {files(work / 'tmp')}; "
          f"wall time {time.monotonic() - started:.0f} s")
    subprocess.run(["rm", "-rf", str(work)], check=False)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
