"""The synthesizer: language → voice → engine, with a bounded phrase cache (LRU, keyed by the
voice and the text). Screen phrases carry no personal data and are cached; the review read-out
is synthesized with ``cache=False`` so that nothing the resident entered outlives the session."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from dataclasses import dataclass

from kiosk.jtalk import Speech
from kiosk.speech.engines import Engine, engine_for
from kiosk.speech.voices import Voice, VoiceTable, table

DEFAULT_CACHE_ENTRIES = 256


@dataclass(frozen=True)
class Utterance:
    """Speech made for one language: which voice spoke, and whether it came from the cache."""

    lang: str
    voice: Voice
    speech: Speech
    cached: bool
    cpu_ms: float = 0.0  # processor time the synthesis took on its thread (0 from the cache)


class PhraseCache:
    """Least-recently-used phrases; safe to use from several worker threads."""

    def __init__(self, max_entries: int = DEFAULT_CACHE_ENTRIES) -> None:
        if max_entries < 1:
            raise ValueError("max_entries must be at least 1")
        self.max_entries = max_entries
        self._items: OrderedDict[tuple[str, str], Speech] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, voice_key: str, text: str) -> Speech | None:
        with self._lock:
            found = self._items.get((voice_key, text))
            if found is not None:
                self._items.move_to_end((voice_key, text))
            return found

    def put(self, voice_key: str, text: str, speech: Speech) -> None:
        with self._lock:
            self._items[(voice_key, text)] = speech
            self._items.move_to_end((voice_key, text))
            while len(self._items) > self.max_entries:
                self._items.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()

    def __len__(self) -> int:
        with self._lock:
            return len(self._items)


class Synthesizer:
    def __init__(self, voices: VoiceTable | None = None, cache: PhraseCache | None = None) -> None:
        self.voices = voices or table()
        self.cache = cache if cache is not None else PhraseCache()
        self._engines: dict[str, Engine] = {}
        self._lock = threading.Lock()

    def engine(self, voice: Voice) -> Engine:
        with self._lock:
            found = self._engines.get(voice.key)
            if found is None:
                found = self._engines[voice.key] = engine_for(voice)
            return found

    def speak(self, text: str, lang: str, *, cache: bool = True) -> Utterance:
        """Speech for ``text`` in ``lang``'s voice (its fallback's when it has none)."""
        voice = self.voices.for_language(lang)
        if cache:
            found = self.cache.get(voice.key, text)
            if found is not None:
                return Utterance(lang, voice, found, cached=True)
        started = time.thread_time()
        speech = self.engine(voice).synthesize(text)
        cpu_ms = (time.thread_time() - started) * 1000
        if cache:
            self.cache.put(voice.key, text, speech)
        return Utterance(lang, voice, speech, cached=False, cpu_ms=cpu_ms)
