"""The life of the process that makes speech ahead (kiosk.jtalk_ahead), with real processes: the
kiosk (``kiosk run`` in a process of its own, Qt offscreen) and the Open JTalk process it starts.

- It ends with the kiosk: at a staff exit and when systemd stops the unit (SIGTERM to the kiosk
  alone, ``KillMode=mixed``), nothing is left behind, neither an orphan nor a zombie (SEC-02:
  the restart starts clean; REL-12: no resource left to run out).
- One process serves session after session: a session's end does not start another (REL-12).
- Killed mid-phrase (SIGKILL), the screen's own speech goes on unaffected and what is made ahead
  resumes in a new process (A11Y-06: speech starts promptly on every screen).

What it makes is checked in tests/speech/test_speech_ahead.py.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from kiosk import jtalk
from kiosk.journey import Ending, Screen
from kiosk.speech.output import WavSink
from kiosk.ui.operations import runner

ROOT = Path(__file__).resolve().parents[2]
IDLE_MS = 180_000  # what is made ahead runs at the lowest priority: on a busy machine it takes its time
BOUND_S = 120.0  # a generous bound for a step of a real process on a busy machine (not a timing check)

# ``kiosk run`` itself (kiosk.cli), with a timer that turns speech on once the language screen is
# there, as a resident does, then prints the speech-ahead process's pid as soon as it runs; with
# "staff" it then leaves by the staff exit, with "wait" it waits to be stopped.
KIOSK = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from kiosk import jtalk
from kiosk.cli import main
from kiosk.journey import Screen
from kiosk.ui.app import application
from kiosk.ui.window import KioskWindow

app = application()

def step() -> None:
    window = next((w for w in QApplication.topLevelWidgets() if isinstance(w, KioskWindow)), None)
    if window is None or window.journey.starting or window.journey.screen is not Screen.LANGUAGE:
        return
    if not window.speech.on:
        window.speech.set_on(True)
        return
    pid = jtalk.ahead_pid()
    if pid is not None:
        timer.stop()
        print(f"AHEAD {pid}", flush=True)
        if sys.argv[1] == "staff":
            window.leave_for_maintenance()  # as an accepted staff card or staff PIN does

timer = QTimer()
timer.timeout.connect(step)
timer.start(20)
main(["db", "upgrade"])  # as a first installation does
sys.exit(main(["run", "--windowed"]))
"""


def _state(pid: int) -> str:
    """'gone', 'zombie' or 'running'."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return "gone"
    return "zombie" if fields[0] == "Z" else "running"


def _making(pid: int | None) -> bool:
    """The process runs or waits for the processor (state R): it is making a phrase."""
    try:
        return pid is not None and Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "R"
    except (OSError, IndexError):
        return False


def _is_ahead_process(pid: int) -> bool:
    try:
        return b"kiosk.jtalk_ahead" in Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False


def _start_kiosk(tmp_path: Path, how: str) -> tuple[subprocess.Popen[str], int]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", KIOSK_DATA_DIR=str(tmp_path / "data"),
               KIOSK_CONFIG=str(tmp_path / "none.toml"))
    kiosk = subprocess.Popen([sys.executable, "-c", KIOSK, how], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                             stderr=subprocess.DEVNULL, text=True)
    assert kiosk.stdout is not None
    pid = next((int(line.split()[1]) for line in kiosk.stdout if line.startswith("AHEAD ")), None)
    if pid is None:  # the pipe ends with the kiosk: no endless wait
        kiosk.wait()
        kiosk.stdout.close()
        raise AssertionError(f"the kiosk never started the speech-ahead process (exit {kiosk.returncode})")
    assert _is_ahead_process(pid) and _state(pid) == "running"
    return kiosk, pid


def _ended(kiosk: subprocess.Popen[str]) -> int:
    """The kiosk's exit status, once it has exited and its output was read to the end."""
    assert kiosk.stdout is not None
    kiosk.stdout.read()
    kiosk.stdout.close()
    return kiosk.wait(timeout=BOUND_S)


def test_sec02_the_speech_ahead_process_ends_with_the_kiosk_at_the_staff_exit(tmp_path):
    kiosk, ahead = _start_kiosk(tmp_path, "staff")
    assert _ended(kiosk) == 0
    assert _state(ahead) == "gone"  # ended and waited for by the kiosk: no orphan, no zombie


def test_sec02_stopped_by_systemd_sigterm_the_kiosk_takes_its_speech_ahead_process_with_it(tmp_path):
    """KillMode=mixed (assets/systemd/kakanai-kiosk.service): SIGTERM goes to the kiosk alone."""
    kiosk, ahead = _start_kiosk(tmp_path, "wait")
    kiosk.send_signal(signal.SIGTERM)
    assert _ended(kiosk) == 0  # an orderly shutdown, not a death by signal
    assert _state(ahead) == "gone"  # the kiosk ended it and waited for it: no orphan, no zombie


def _until(predicate, what: str, seconds: float = BOUND_S) -> None:
    end = time.monotonic() + seconds
    while not predicate():
        if time.monotonic() > end:
            raise AssertionError(f"never: {what}")
        QApplication.processEvents()
        QTest.qWait(5)


def _press(key: Qt.Key) -> None:
    target = QApplication.focusWidget()
    assert target is not None
    QTest.keyClick(target, key)
    QApplication.processEvents()


def _speech_on_in_japanese(window, sink: WavSink) -> None:
    """The * key, Japanese: the notice, spoken; what comes next is made ahead."""
    _until(lambda: window.journey.screen is Screen.LANGUAGE and not window.journey.starting, "language screen")
    window.speech.output = sink
    _press(Qt.Key.Key_Asterisk)
    _press(Qt.Key.Key_1)
    _until(lambda: window.journey.screen is Screen.NOTICE, "notice")


def _children_making_ahead() -> list[int]:
    me = os.getpid()
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and _is_ahead_process(int(entry.name)):
            try:
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            if parent == me and _state(int(entry.name)) == "running":
                found.append(int(entry.name))
    return found


def test_rel12_one_speech_ahead_process_serves_session_after_session(kiosk_setup, tmp_path):
    window = kiosk_setup.kiosk.window
    speech = window.speech
    _speech_on_in_japanese(window, WavSink(tmp_path / "speech"))
    assert runner().wait_idle(IDLE_MS)
    first = jtalk.ahead_pid()
    assert first is not None and _children_making_ahead() == [first]
    for _ in range(2):
        window.end_session(Ending.CANCELLED)
        _until(lambda: not speech.on and window.journey.screen is Screen.LANGUAGE, "the next resident's first screen")
        made = speech.made_ahead
        _speech_on_in_japanese(window, WavSink(tmp_path / "speech"))
        assert runner().wait_idle(IDLE_MS)
        for _ in range(8):  # further than before, to screens whose speech is not in the cache yet
            if speech.made_ahead > made:
                break
            before = (window.journey.screen, window.journey.detail)
            _press(Qt.Key.Key_1)  # understood, then each question's first answer
            _until(lambda before=before: (window.journey.screen, window.journey.detail) != before, "the next screen")
            assert runner().wait_idle(IDLE_MS)
        assert speech.made_ahead > made  # made ahead again, for this resident
        assert jtalk.ahead_pid() == first and _children_making_ahead() == [first]


def test_a11y06_killed_mid_phrase_the_screens_speech_goes_on_and_a_new_process_takes_over(kiosk_setup, tmp_path):
    window = kiosk_setup.kiosk.window
    speech = window.speech
    sink = WavSink(tmp_path / "speech")
    assert runner().wait_idle(IDLE_MS)  # the start-up warm-up (made in the kiosk's own process)
    made = speech.made_ahead
    _speech_on_in_japanese(window, sink)
    # What the notice leads to (the first question) is being made ahead now: the process is killed
    # while it makes a phrase (running or waiting for the processor, not waiting for a request).
    _until(lambda: _making(jtalk.ahead_pid()), "a phrase being made ahead")
    killed = jtalk.ahead_pid()
    assert killed is not None
    os.kill(killed, signal.SIGKILL)
    heard = len(sink.written)
    _press(Qt.Key.Key_1)  # understood: the first question
    _until(lambda: window.journey.screen is Screen.QUESTION, "the first question")
    assert speech.spoken is not None
    phrases = speech.spoken.phrases()
    _until(lambda: len([w for w in sink.written[heard:] if w.screen == speech.spoken.screen]) >= len(phrases),
           "the question's own speech")
    said = [w for w in sink.written[heard:] if w.screen == speech.spoken.screen]
    assert [w.text for w in said] == phrases and all(w.peak > 1000 for w in said)  # heard in full, not silence
    assert runner().wait_idle(IDLE_MS)
    assert speech.made_ahead > made  # made ahead again, after the kill
    assert jtalk.ahead_pid() not in (None, killed)  # by a new process
    assert _state(killed) == "gone"  # the dead one waited for: no zombie
