"""Where speech goes: the :class:`SpeechOutput` port and its implementations.

- :class:`PlayerOutput` plays through the system's player (pw-play, paplay or aplay) on a thread
  of its own, one phrase after another; a new screen interrupts what is playing.
- :class:`WavSink` writes each phrase to a WAV file and remembers what was said (tests, the
  benchmark, and an installer checking the voices without a speaker).
- :class:`SilentOutput` is used when there is no audio device: the kiosk works on silently and
  ``kiosk doctor`` reports "no audio output".
"""

from __future__ import annotations

import atexit
import shutil
import subprocess
import tempfile
import threading
from collections import deque
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from kiosk.log import get_logger
from kiosk.speech import audio
from kiosk.speech.engines import wav_bytes
from kiosk.speech.synth import Utterance
from kiosk.speech.volume import scaled

LOG = get_logger(__name__)
PLAYER_TIMEOUT_S = 120.0


@dataclass(frozen=True)
class Phrase:
    """One phrase to play: the speech, the text it says and the screen it belongs to."""

    utterance: Utterance
    text: str
    screen: str
    gain: float = 1.0  # the resident's volume (A11Y-08), applied when played or written


class SpeechOutput(Protocol):
    def start(self, phrase: Phrase) -> None:
        """Stop whatever is playing and play ``phrase``."""

    def queue(self, phrase: Phrase) -> None:
        """Play ``phrase`` after what is playing."""

    def stop(self) -> None:
        """Silence (the resident turned speech off, or the session ended)."""

    def problem(self) -> str | None:
        """Why nothing will be heard (operator-facing), or None."""


class SilentOutput:
    """No audio device: phrases are dropped."""

    def __init__(self, problem: str) -> None:
        self._problem = problem

    def start(self, phrase: Phrase) -> None:
        del phrase

    def queue(self, phrase: Phrase) -> None:
        del phrase

    def stop(self) -> None:
        return None

    def problem(self) -> str | None:
        return self._problem


@dataclass(frozen=True)
class Written:
    """A phrase the sink wrote."""

    path: Path
    text: str
    screen: str
    lang: str
    voice: str  # the voice's key, e.g. "jtalk::1" or "espeak:en-us:1"
    seconds: float
    peak: int  # the largest sample magnitude (0: silence), at the volume it was played
    cached: bool
    gain: float = 1.0


class WavSink:
    """Writes every phrase to ``folder`` as ``NNNN-<screen>.wav`` and keeps a list of them."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        self.written: list[Written] = []
        self.stops = 0

    def start(self, phrase: Phrase) -> None:
        self.stops += 1
        self.queue(phrase)

    def queue(self, phrase: Phrase) -> None:
        u = phrase.utterance
        path = self.folder / f"{len(self.written) + 1:04d}-{phrase.screen or 'phrase'}.wav"
        speech = scaled(u.speech, phrase.gain)
        path.write_bytes(wav_bytes(speech))
        self.written.append(Written(path, phrase.text, phrase.screen, u.lang, u.voice.key, speech.seconds,
                                    peak(speech.samples), u.cached, phrase.gain))

    def stop(self) -> None:
        self.stops += 1

    def problem(self) -> str | None:
        return None


def peak(samples: bytes) -> int:
    """The largest magnitude of 16-bit little-endian samples."""
    import array

    values = array.array("h")
    values.frombytes(samples[: len(samples) - len(samples) % 2])
    if values.itemsize != 2 or not values:
        return 0
    return max(abs(min(values)), abs(max(values)))


class PlayerOutput:
    """Plays phrases in order through the system player, on a daemon thread."""

    def __init__(self, program: str) -> None:
        self.program = program
        self._pending: deque[Phrase] = deque()
        self._lock = threading.Condition()
        self._current: subprocess.Popen[bytes] | None = None
        self._thread: threading.Thread | None = None
        self._folder = Path(tempfile.mkdtemp(prefix="kiosk-speech-"))  # private (0700)
        atexit.register(shutil.rmtree, self._folder, ignore_errors=True)  # nothing left in /tmp

    def start(self, phrase: Phrase) -> None:
        self.stop()
        self.queue(phrase)

    def queue(self, phrase: Phrase) -> None:
        with self._lock:
            self._pending.append(phrase)
            if self._thread is None:
                self._thread = threading.Thread(target=self._play_loop, name="speech-player", daemon=True)
                self._thread.start()
            self._lock.notify()

    def stop(self) -> None:
        with self._lock:
            self._pending.clear()
            current = self._current
        if current is not None and current.poll() is None:
            current.terminate()

    def problem(self) -> str | None:
        return None

    def _play_loop(self) -> None:
        file = self._folder / "phrase.wav"
        while True:
            with self._lock:
                while not self._pending:
                    self._lock.wait()
                phrase = self._pending.popleft()
                file.write_bytes(wav_bytes(scaled(phrase.utterance.speech, phrase.gain)))
                self._current = subprocess.Popen([self.program, str(file)], stdout=subprocess.DEVNULL,
                                                 stderr=subprocess.DEVNULL)
                current = self._current
            try:
                current.wait(timeout=PLAYER_TIMEOUT_S)
            except subprocess.TimeoutExpired:
                current.kill()
            if current.returncode not in (0, -15):
                LOG.warning("speech player exited with %s", current.returncode)
            file.unlink(missing_ok=True)  # may have held personal data (the review read-out)


def default_output() -> SpeechOutput:
    """The system player when a sound device and a player are there; otherwise silence."""
    problem = audio.audio_problem()
    if problem is not None:
        return SilentOutput(problem)
    program = audio.player()
    if program is None:
        return SilentOutput("no audio player (install pipewire-bin, pulseaudio-utils or alsa-utils)")
    return PlayerOutput(program)
