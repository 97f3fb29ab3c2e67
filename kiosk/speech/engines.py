"""Speech engines: Open JTalk for Japanese (through :mod:`kiosk.jtalk`, the one place that
imports pyopenjtalk) and Debian's espeak-ng for the other languages it has voices for.

Both are blocking (tens to hundreds of milliseconds): the GUI calls them through the operations
runner. Text reaches espeak-ng on stdin, never on its command line (which other processes see).
"""

from __future__ import annotations

import shutil
import struct
import subprocess
from typing import Protocol

from kiosk import jtalk
from kiosk.jtalk import Speech
from kiosk.speech import SpeechError
from kiosk.speech.voices import Voice

ESPEAK = "espeak-ng"
ESPEAK_TIMEOUT_S = 20.0
ESPEAK_WORDS_PER_MINUTE = 160  # espeak-ng's normal rate: speed 1.0


class Engine(Protocol):
    """Turns text into 16-bit mono samples; ``ahead``: speech made ahead of the screens, which
    must not keep the speech of the screen on show waiting."""

    def synthesize(self, text: str, *, ahead: bool = False) -> Speech: ...


class JTalkEngine:
    """Japanese and やさしい日本語 (slower) with the voice that ships in the pyopenjtalk wheel."""

    def __init__(self, speed: float = 1.0) -> None:
        self.speed = speed

    def synthesize(self, text: str, *, ahead: bool = False) -> Speech:
        try:
            return jtalk.synthesize(text, speed=self.speed, ahead=ahead)
        except jtalk.JTalkUnavailable:
            raise
        except Exception as exc:  # noqa: BLE001 - the library's own errors become typed ones
            raise SpeechError(f"Open JTalk failed: {type(exc).__name__}") from None


class EspeakEngine:
    """One espeak-ng voice (``espeak-ng -v <voice> --stdout``, WAV on its standard output)."""

    def __init__(self, voice: str, speed: float = 1.0, program: str = ESPEAK) -> None:
        self.voice = voice
        self.speed = speed
        self.program = program

    def synthesize(self, text: str, *, ahead: bool = False) -> Speech:
        """Each call is a process of its own (none waits for another); made ahead, at the lowest
        processor priority (``nice``)."""
        path = shutil.which(self.program)
        if path is None:
            raise SpeechError(f"{self.program} is not installed (apt-get install espeak-ng)")
        words = str(round(ESPEAK_WORDS_PER_MINUTE * self.speed))
        nice = shutil.which("nice") if ahead else None
        try:
            done = subprocess.run([*([nice, "-n", "19"] if nice else []), path, "-v", self.voice, "-s", words,
                                   "--stdin", "--stdout"],
                                  input=text.encode("utf-8"), capture_output=True,
                                  timeout=ESPEAK_TIMEOUT_S, check=False)
        except subprocess.TimeoutExpired:
            raise SpeechError(f"{self.program} did not finish within {ESPEAK_TIMEOUT_S:g} s") from None
        if done.returncode != 0:
            raise SpeechError(f"{self.program} -v {self.voice} exited with {done.returncode}")
        return parse_wav(done.stdout)


def parse_wav(data: bytes) -> Speech:
    """16-bit mono PCM from a RIFF/WAVE stream. espeak-ng writes its header before it knows the
    length (sizes 0x7fffffff), so the data chunk runs to the end of the stream."""
    if len(data) < 12 or data[:4] != b"RIFF" or data[8:12] != b"WAVE":
        raise SpeechError("the speech engine did not write WAV")
    pos, rate = 12, 0
    while pos + 8 <= len(data):
        chunk, size = data[pos:pos + 4], struct.unpack_from("<I", data, pos + 4)[0]
        body = pos + 8
        if chunk == b"fmt ":
            audio_format, channels, rate = struct.unpack_from("<HHI", data, body)
            bits = struct.unpack_from("<H", data, body + 14)[0]
            if (audio_format, channels, bits) != (1, 1, 16):
                raise SpeechError("the speech engine wrote WAV that is not 16-bit mono PCM")
        elif chunk == b"data":
            samples = data[body:min(len(data), body + size)]
            if not rate:
                raise SpeechError("WAV data before its format")
            return Speech(samples=samples[:len(samples) - len(samples) % 2], sample_rate=rate)
        pos = body + size + (size & 1)
    raise SpeechError("WAV without data")


def wav_bytes(speech: Speech) -> bytes:
    """A complete RIFF/WAVE file of ``speech`` (16-bit mono PCM)."""
    n = len(speech.samples)
    header = b"RIFF" + struct.pack("<I", 36 + n) + b"WAVE"
    fmt = b"fmt " + struct.pack("<IHHIIHH", 16, 1, 1, speech.sample_rate, speech.sample_rate * 2, 2, 16)
    return header + fmt + b"data" + struct.pack("<I", n) + speech.samples


def engine_for(voice: Voice) -> Engine:
    if voice.engine == "jtalk":
        return JTalkEngine(voice.speed)
    if voice.engine == "espeak":
        return EspeakEngine(voice.voice, voice.speed)
    raise SpeechError(f"{voice.lang}: no engine")


def espeak_voices(program: str = ESPEAK) -> set[str] | None:
    """The voice names espeak-ng knows (None when it is not installed)."""
    path = shutil.which(program)
    if path is None:
        return None
    try:
        done = subprocess.run([path, "--voices"], capture_output=True, text=True, timeout=10, check=False)
    except subprocess.TimeoutExpired:
        return None
    names: set[str] = set()
    for line in done.stdout.splitlines()[1:]:
        parts = line.split()
        if len(parts) >= 2:
            names.add(parts[1].lower())
    return names
