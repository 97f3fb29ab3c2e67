"""Speech mode in the soak (``bench/soak.py --speech LANG``): the resident's speech on each
screen, the sink's WAVs, the speech-ahead process (kiosk.jtalk_ahead) and the phrase cache."""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any


def rss_mb(pid: int | str = "self") -> float:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:  # the process has gone
        return 0.0
    for line in status.splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def alive(pid: int) -> str:
    """'gone', 'zombie' or 'running'."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return "gone"
    return "zombie" if state == "Z" else "running"


def timed_sink(folder: Path) -> Any:
    """A WAV sink that notes its longest write: it writes on the GUI thread (the soak's sound
    device, not the kiosk's player, which plays on a thread of its own), so that a stall it
    causes is told apart from one of the kiosk."""
    from kiosk.speech.output import Phrase, WavSink

    class TimedSink(WavSink):
        longest_ms = 0.0

        def queue(self, phrase: Phrase) -> None:
            started = time.perf_counter()
            super().queue(phrase)
            self.longest_ms = max(self.longest_ms, (time.perf_counter() - started) * 1000)

    return TimedSink(folder)


class SpeechWatch:
    """Speech mode in the soak: the resident's speech on each screen, the sink's WAVs, the
    speech-ahead process and the phrase cache (see the module's docstring)."""

    def __init__(self, window: Any, lang: str, pace: float, pump: Callable[[float], None]) -> None:
        from kiosk.ui.operations import runner

        self.window, self.lang, self.pace, self.pump = window, lang, pace, pump
        self.sink = timed_sink(Path(tempfile.gettempdir()) / "kiosk-soak-speech")
        window.speech.output = self.sink
        runner().wait_idle(120_000)  # the start-up warm-up (Open JTalk loaded), as before a first resident
        self.wavs = 0  # written since the last report
        self.review_kept = 0  # review phrases still cached after a session's end, since the last report
        self.read_out = False
        self.pids: list[int] = []  # the speech-ahead processes seen, in order

    def on_screen(self, name: str) -> None:
        """As a resident: speech turned on with the * key on the first screen; each screen heard
        (its own speech made), the first review read out, a look at the screen (``pace``)."""
        from PySide6.QtCore import Qt
        from PySide6.QtTest import QTest
        from PySide6.QtWidgets import QApplication

        from kiosk.ui.operations import runner

        speech = self.window.speech
        if not speech.on:
            QTest.keyClick(QApplication.focusWidget() or self.window, Qt.Key.Key_Asterisk)
            self.read_out = False
        runner().wait_idle(60_000, later=False)
        if name.startswith("review") and not self.read_out and speech.read_button.isVisible():
            self.read_out = True
            speech.read_button.click()  # the 読み上げ button: the fields and their values
            runner().wait_idle(60_000, later=False)
        self.pump(self.pace)

    def session_ended(self) -> None:
        """The WAVs are the sound (removed as heard); the review screens' phrases must be gone."""
        from kiosk.ui.operations import runner

        runner().wait_idle(60_000, later=False)
        self.pump(0.05)  # the session's end is handled (speech off, the session's phrases wiped)
        speech = self.window.speech
        voice = speech.voices.for_language(self.lang).key
        review = {w.text for w in self.sink.written if w.screen.startswith("review-") and w.screen != "review-readout"}
        self.review_kept += sum(1 for text in review if speech.synth.cache.get(voice, text) is not None)
        self.review_kept += speech.synth.cache.session_phrases()
        for w in self.sink.written:
            w.path.unlink(missing_ok=True)
        self.wavs += len(self.sink.written)
        self.sink.written.clear()
        self.note_pid()

    def note_pid(self) -> None:
        from kiosk import jtalk

        pid = jtalk.ahead_pid()
        if pid is not None and (not self.pids or self.pids[-1] != pid):
            self.pids.append(pid)

    def row(self) -> dict[str, Any]:
        from kiosk import jtalk

        self.note_pid()
        pid = jtalk.ahead_pid()
        cache = self.window.speech.synth.cache
        row = {"ahead_pid": pid or 0, "ahead_rss": rss_mb(pid) if pid else 0.0, "cache": len(cache),
               "cache_mb": cache.size_bytes / 1e6, "wavs": self.wavs, "review": self.review_kept,
               "ahead_pids": len(self.pids)}
        self.wavs = self.review_kept = 0
        return row
