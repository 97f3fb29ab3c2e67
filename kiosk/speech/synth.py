"""The synthesizer: language → voice → engine, with a bounded phrase cache (LRU, keyed by the
voice and the text), in memory only. Screen phrases carry no personal data and are cached; the
review read-out is synthesized with ``cache=False`` so that nothing the resident entered outlives
the session. Phrases that tell of one resident's case without naming anything they entered (the
review and confirm screens: which forms this household needs) are cached with ``session=True``
and wiped at the session's end (:meth:`PhraseCache.forget_session`, PRIV-08)."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from dataclasses import dataclass

from kiosk.jtalk import Speech
from kiosk.speech.engines import Engine, engine_for
from kiosk.speech.voices import Voice, VoiceTable, table

DEFAULT_CACHE_ENTRIES = 256
# A phrase is 16-bit samples at 48 kHz for Open JTalk: half a megabyte for a five-second sentence,
# so 256 of them would hold some 125 MB. The reference journey in Japanese says about 60 MB of
# phrases (bench/soak.py --speech ja): the cache holds that, and no more than this.
DEFAULT_CACHE_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True)
class Utterance:
    """Speech made for one language: which voice spoke, and whether it came from the cache."""

    lang: str
    voice: Voice
    speech: Speech
    cached: bool
    cpu_ms: float = 0.0  # processor time the synthesis took on its thread (0 from the cache)


class PhraseCache:
    """Least-recently-used phrases, at most ``max_entries`` and ``max_bytes`` of samples (the
    phrase just put is kept whatever its size); safe to use from several worker threads. A phrase put with
    ``session=True`` belongs to the resident session: :meth:`forget_session` wipes those, and a
    session phrase whose synthesis started before the wipe is not kept when it arrives after it."""

    def __init__(self, max_entries: int = DEFAULT_CACHE_ENTRIES, max_bytes: int = DEFAULT_CACHE_BYTES) -> None:
        if max_entries < 1:
            raise ValueError("max_entries must be at least 1")
        self.max_entries = max_entries
        self.max_bytes = max_bytes
        self._bytes = 0
        self._items: OrderedDict[tuple[str, str], Speech] = OrderedDict()
        self._session: set[tuple[str, str]] = set()  # keys of the phrases of the session
        self._generation = 0  # one more at each session's end
        self._lock = threading.Lock()

    @property
    def generation(self) -> int:
        """The session phrases' generation: pass it to :meth:`put` for a phrase of the session."""
        with self._lock:
            return self._generation

    def get(self, voice_key: str, text: str) -> Speech | None:
        with self._lock:
            found = self._items.get((voice_key, text))
            if found is not None:
                self._items.move_to_end((voice_key, text))
            return found

    def put(self, voice_key: str, text: str, speech: Speech, *, session: int | None = None) -> None:
        """Keep ``speech``; with ``session`` (the :attr:`generation` when its synthesis started) as
        a phrase of the session, dropped if the session has ended since. A phrase kept for every
        resident stays so."""
        key = (voice_key, text)
        with self._lock:
            if session is not None:
                if session != self._generation:
                    return
                if key not in self._items:
                    self._session.add(key)
            else:
                self._session.discard(key)
            replaced = self._items.get(key)
            self._bytes += len(speech.samples) - (len(replaced.samples) if replaced is not None else 0)
            self._items[key] = speech
            self._items.move_to_end(key)
            while len(self._items) > 1 and (len(self._items) > self.max_entries or self._bytes > self.max_bytes):
                dropped, old = self._items.popitem(last=False)
                self._bytes -= len(old.samples)
                self._session.discard(dropped)

    def forget_session(self) -> int:
        """At a session's end: wipe the phrases of the session; returns how many."""
        with self._lock:
            self._generation += 1
            for key in self._session:
                wiped = self._items.pop(key, None)
                if wiped is not None:
                    self._bytes -= len(wiped.samples)
            count = len(self._session)
            self._session.clear()
            return count

    def session_phrases(self) -> int:
        with self._lock:
            return len(self._session)

    def clear(self) -> None:
        with self._lock:
            self._generation += 1
            self._items.clear()
            self._session.clear()
            self._bytes = 0

    def __len__(self) -> int:
        with self._lock:
            return len(self._items)

    @property
    def size_bytes(self) -> int:
        """The samples the cache holds, in bytes."""
        with self._lock:
            return self._bytes


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

    def speak(self, text: str, lang: str, *, cache: bool = True, session: int | None = None) -> Utterance:
        """Speech for ``text`` in ``lang``'s voice (its fallback's when it has none); cached for
        the session only when ``session`` gives the cache's generation (see :class:`PhraseCache`)."""
        voice = self.voices.for_language(lang)
        if cache:
            found = self.cache.get(voice.key, text)
            if found is not None:
                return Utterance(lang, voice, found, cached=True)
        return self._make(text, lang, voice, cache=cache, session=session)

    def prepare(self, text: str, lang: str, *, session: int | None = None, ahead: bool = True) -> bool:
        """Make ``text`` into the cache without playing it; False when it was there already.
        ``ahead``: by the engines' low-priority means for speech made ahead of a screen (not at
        start-up, when the engines the screens speak with are being loaded)."""
        voice = self.voices.for_language(lang)
        if self.cache.get(voice.key, text) is not None:
            return False
        self._make(text, lang, voice, cache=True, session=session, ahead=ahead)
        return True

    def _make(self, text: str, lang: str, voice: Voice, *, cache: bool, session: int | None,
              ahead: bool = False) -> Utterance:
        started = time.thread_time()
        speech = self.engine(voice).synthesize(text, ahead=ahead)
        cpu_ms = (time.thread_time() - started) * 1000
        if cache:
            self.cache.put(voice.key, text, speech, session=session)
        return Utterance(lang, voice, speech, cached=False, cpu_ms=cpu_ms)
