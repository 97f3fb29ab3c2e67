"""The language → voice table, read from ``assets/speech/voices.yaml`` and validated."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import yaml

from kiosk import paths
from kiosk.catalogue.source import BudgetExceeded, budget_problem, check_budget, read_capped
from kiosk.speech import VoiceTableError

EngineName = Literal["jtalk", "espeak", "none"]
VOICES_FILE = paths.ASSETS_DIR / "speech" / "voices.yaml"
_ENGINES: tuple[EngineName, ...] = ("jtalk", "espeak", "none")


@dataclass(frozen=True)
class Voice:
    """How one interface language is spoken."""

    lang: str
    engine: EngineName
    voice: str = ""  # espeak-ng voice name
    speed: float = 1.0  # 1.0 normal; < 1 slower
    fallback: str = ""  # engine "none": the language whose voice speaks instead

    @property
    def key(self) -> str:
        """Identifies the sound this voice makes (the phrase cache's key)."""
        return f"{self.engine}:{self.voice}:{self.speed:g}"


@dataclass(frozen=True)
class VoiceTable:
    voices: dict[str, Voice]

    def has_voice(self, lang: str) -> bool:
        voice = self.voices.get(lang)
        return voice is not None and voice.engine != "none"

    def for_language(self, lang: str) -> Voice:
        """The voice that speaks ``lang``: its own, else its fallback's (English when unknown)."""
        voice = self.voices.get(lang)
        if voice is None:
            voice = self.voices.get("en") or next(iter(self.voices.values()))
        if voice.engine == "none":
            return self.voices[voice.fallback]
        return voice


def parse(data: object, where: str) -> VoiceTable:
    """Validate the table: every entry a known engine, espeak entries with a voice, speeds in
    0.5–2.0, fallbacks naming a language that has a voice."""
    if not isinstance(data, dict) or not data:
        raise VoiceTableError(f"{where}: expected a mapping of language → voice")
    voices: dict[str, Voice] = {}
    for lang, entry in data.items():
        place = f"{where}: {lang}"
        if not isinstance(entry, dict):
            raise VoiceTableError(f"{place}: expected a mapping")
        unknown = set(entry) - {"engine", "voice", "speed", "fallback"}
        if unknown:
            raise VoiceTableError(f"{place}: unknown key(s) {', '.join(sorted(map(str, unknown)))}")
        engine = entry.get("engine")
        if engine not in _ENGINES:
            raise VoiceTableError(f"{place}: engine must be one of {', '.join(_ENGINES)}")
        voice = entry.get("voice", "")
        speed = entry.get("speed", 1.0)
        fallback = entry.get("fallback", "")
        if not isinstance(voice, str) or not isinstance(fallback, str):
            raise VoiceTableError(f"{place}: voice and fallback are text")
        if isinstance(speed, bool) or not isinstance(speed, (int, float)) or not 0.5 <= float(speed) <= 2.0:
            raise VoiceTableError(f"{place}: speed must be a number from 0.5 to 2.0")
        if engine == "espeak" and not voice:
            raise VoiceTableError(f"{place}: an espeak voice needs `voice`")
        if engine == "none" and not fallback:
            raise VoiceTableError(f"{place}: a language without a voice needs `fallback`")
        voices[str(lang)] = Voice(str(lang), engine, voice, float(speed), fallback)
    for voice in voices.values():
        if voice.engine == "none":
            target = voices.get(voice.fallback)
            if target is None or target.engine == "none":
                raise VoiceTableError(f"{where}: {voice.lang}: fallback {voice.fallback!r} has no voice")
    return VoiceTable(voices)


def load(file: Path = VOICES_FILE) -> VoiceTable:
    try:
        text = check_budget(read_capped(file))  # size, alias, node and depth limits (SEC-12)
        data = yaml.safe_load(text)
    except OSError as exc:
        raise VoiceTableError(f"{file}: cannot read ({exc.strerror or type(exc).__name__})") from None
    except (BudgetExceeded, UnicodeDecodeError) as exc:
        raise VoiceTableError(budget_problem(str(file), exc)) from None
    except yaml.YAMLError as exc:
        raise VoiceTableError(f"{file}: invalid YAML ({type(exc).__name__})") from None
    return parse(data, str(file))


@functools.cache
def table() -> VoiceTable:
    """The shipped table, read once."""
    return load()
