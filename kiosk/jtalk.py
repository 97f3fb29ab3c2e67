"""Open JTalk (pyopenjtalk) with Debian's dictionary, and nothing downloaded, ever.

pyopenjtalk fetches a dictionary from the internet on first use unless ``OPEN_JTALK_DICT_DIR``
names one. The kiosk runs offline: this module points it at Debian's
``open-jtalk-mecab-naist-jdic`` (or the directory the operator names in ``OPEN_JTALK_DICT_DIR``)
before the library is imported, and replaces the library's downloader with a typed error, so a
missing dictionary is reported (``kiosk doctor``, the speech button) instead of fetched.

The one import of ``pyopenjtalk`` in the project is here; readings of names and speech both go
through :func:`readings` and :func:`synthesize`. Calls are blocking (tens of milliseconds): the
GUI calls them through the operations runner.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

from kiosk.errors import KioskError

if TYPE_CHECKING:  # pragma: no cover
    from kiosk.jtalk_ahead import AheadProcess

DEBIAN_DICT_DIR = Path("/var/lib/mecab/dic/open-jtalk/naist-jdic")
_REQUIRED_FILES = ("sys.dic", "matrix.bin", "char.bin", "unk.dic")


class JTalkUnavailable(KioskError):
    """Open JTalk's dictionary (or the library) is not installed; nothing is downloaded."""

    key = "speech.jtalk_unavailable"


def dictionary_dir() -> Path:
    """The dictionary Open JTalk reads: ``OPEN_JTALK_DICT_DIR`` if set, else Debian's."""
    named = os.environ.get("OPEN_JTALK_DICT_DIR", "").strip()
    return Path(named) if named else DEBIAN_DICT_DIR


def dictionary_problem() -> str | None:
    """Why Open JTalk cannot run here (operator-facing), or None when it can."""
    folder = dictionary_dir()
    missing = [name for name in _REQUIRED_FILES if not (folder / name).is_file()]
    if missing:
        return (
            f"Open JTalk dictionary {folder} lacks {', '.join(missing)} "
            "(install the Debian package open-jtalk-mecab-naist-jdic)"
        )
    return None


_lock = threading.Lock()
_module: ModuleType | None = None


def _refuse_download() -> None:
    raise JTalkUnavailable(dictionary_problem() or "Open JTalk dictionary missing")


def _library() -> ModuleType:
    """Import pyopenjtalk once, bound to the local dictionary, with its downloader disabled."""
    global _module
    with _lock:
        if _module is not None:
            return _module
        problem = dictionary_problem()
        if problem is not None:
            raise JTalkUnavailable(problem)
        os.environ["OPEN_JTALK_DICT_DIR"] = str(dictionary_dir())
        try:
            import pyopenjtalk
        except ImportError as exc:  # the wheel is a dependency; a broken install is reported
            raise JTalkUnavailable(f"pyopenjtalk cannot be imported: {exc}") from exc
        pyopenjtalk.OPEN_JTALK_DICT_DIR = str(dictionary_dir()).encode("utf-8")
        pyopenjtalk._extract_dic = _refuse_download  # never reach for the internet
        _module = pyopenjtalk
        return _module


@dataclass(frozen=True)
class Morpheme:
    """One word as Open JTalk analysed it: the surface text and its reading in katakana
    (読み, e.g. ソウタ, not the pronunciation ソータ)."""

    surface: str
    reading: str


def analyse(text: str) -> list[Morpheme]:
    """Split ``text`` into words with their katakana readings (blank separators dropped)."""
    library = _library()
    with _lock:
        features = library.run_frontend(text)
    words: list[Morpheme] = []
    for feature in features:
        surface = str(feature["string"])
        if not surface.strip():
            continue
        words.append(Morpheme(surface=surface, reading=str(feature["read"])))
    return words


def reading(text: str) -> str:
    """The katakana reading of ``text`` (読み, one word after another, spaces kept as spaces)."""
    parts: list[str] = []
    for chunk in text.replace("\u3000", " ").split(" "):
        if chunk:
            parts.append("".join(word.reading for word in analyse(chunk)))
    return " ".join(parts)


SAMPLE_RATE = 48_000  # the rate of the voice in the wheel (mei_normal)


@dataclass(frozen=True)
class Speech:
    """Synthesized speech: 16-bit mono samples at ``sample_rate``."""

    samples: bytes
    sample_rate: int

    @property
    def seconds(self) -> float:
        return len(self.samples) / 2 / self.sample_rate


_ahead: AheadProcess | None = None
_ahead_lock = threading.Lock()


def ahead_pid() -> int | None:
    """The id of the process that makes speech ahead, while it runs (None before the first phrase
    made ahead, or after it ended)."""
    with _ahead_lock:
        return _ahead.pid if _ahead is not None else None


def synthesize(text: str, *, speed: float = 1.0, ahead: bool = False) -> Speech:
    """Japanese speech for ``text`` with the voice that ships in the pyopenjtalk wheel
    (mei_normal). ``speed`` < 1 is slower (やさしい日本語 uses about 0.8). ``ahead``: speech made
    ahead of the screens, in a process of its own at low priority (:mod:`kiosk.jtalk_ahead`), so
    that it never keeps the speech of the screen on show waiting."""
    global _ahead
    if ahead:
        from kiosk.jtalk_ahead import AheadProcess

        with _ahead_lock:
            if _ahead is None:
                _ahead = AheadProcess()
        return _ahead.synthesize(text, speed)
    import numpy

    library = _library()
    with _lock:
        labels = library.make_label(library.run_frontend(text))
        if not labels:
            # Nothing to pronounce (marks alone, e.g. "−", "✓" or "ー"): Open JTalk's engine
            # crashes the process on an empty label sequence, so it is not called; no sound.
            return Speech(samples=b"", sample_rate=SAMPLE_RATE)
        wave, rate = library.synthesize(labels, speed)
    clipped = numpy.clip(wave, -32768, 32767).astype("<i2")
    return Speech(samples=clipped.tobytes(), sample_rate=int(rate))
