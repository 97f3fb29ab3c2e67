"""Kanji names by choosing, not writing: readings to ranked kanji candidates (Qt-free).

The index is built once from the SKK dictionaries Debian ships (packages ``skkdic`` and
``skkdic-extra``, EUC-JP / EUC-JIS-2004 text, one reading per line):

* names: ``SKK-JISYO.jinmei`` (personal and family names), ``SKK-JISYO.fullname`` (full names);
* words and single characters: ``SKK-JISYO.L`` and ``SKK-JISYO.JIS3_4`` (JIS level 3 and 4);
* variants: ``SKK-JISYO.itaiji`` and ``SKK-JISYO.itaiji.JIS3_4``, with ``assets/kanji/variants.txt``
  for the old forms those files lack (髙, 𠮷), so 髙 﨑 𠮷 are reachable character by character.

Nothing is downloaded. A missing dictionary is logged with a code and leaves fewer (or no)
candidates; it never raises. Readings are hiragana (katakana is converted); a space separates the
family name from the given name.
"""

from __future__ import annotations

import logging
import re
import threading
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import jaconv

from kiosk.paths import ASSETS_DIR

log = logging.getLogger(__name__)

SKK_DIR = Path("/usr/share/skk")
NAME_DICTIONARIES = ("SKK-JISYO.jinmei", "SKK-JISYO.fullname")
WORD_DICTIONARIES = ("SKK-JISYO.L", "SKK-JISYO.JIS3_4")
VARIANT_DICTIONARIES = ("SKK-JISYO.itaiji", "SKK-JISYO.itaiji.JIS3_4")
VARIANTS_FILE = ASSETS_DIR / "kanji" / "variants.txt"
COUNTER_CHECK = "窓口で確認"  # the marker a name field holds when the resident could not find the kanji
NAME_SEPARATOR = "\u3000"  # between family and given name, as on the card
MAX_CANDIDATES = 60
SHOWN_WITH_FAMILY = 8  # given names offered after the household family name for a given name alone

_IDEOGRAPHS = r"\u3005\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_KANJI = re.compile(f"[{_IDEOGRAPHS}]+")
_NAME_TEXT = re.compile(r"[\u3005\u3041-\u3096\u30a1-\u30fa\u30fc\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
                        r"\U00020000-\U0003134f]+")


def is_kanji(ch: str) -> bool:
    return len(ch) == 1 and bool(_KANJI.fullmatch(ch))


def reading_key(reading: str) -> str:
    """A typed reading as the index keys it: NFC hiragana, spaces normalised to one ASCII space."""
    text = unicodedata.normalize("NFC", jaconv.kata2hira(reading)).replace(NAME_SEPARATOR, " ")
    return " ".join(text.split())


def family_name(full_name: str) -> str:
    """The family name of a name as the card writes it (family, space, given)."""
    parts = full_name.replace(NAME_SEPARATOR, " ").split()
    return parts[0] if parts else ""


def _entries(path: Path) -> Iterable[tuple[str, list[str]]]:
    """(reading, candidates) of one SKK dictionary; okuri-ari entries and Lisp forms skipped."""
    text = path.read_bytes().decode("euc_jis_2004", errors="replace")
    for line in text.splitlines():
        if not line or line[0] == ";":
            continue
        reading, _, rest = line.partition(" /")
        if not reading or reading[-1].isascii():
            continue
        words = [w.split(";", 1)[0] for w in rest.split("/")]
        # a compatibility ideograph that NFC would change (隆 U+F9DC) is not offered: 﨑 stays
        yield reading, [w for w in words if w and w[0] != "(" and "\ufffd" not in w
                        and (w.isascii() or unicodedata.is_normalized("NFC", w))]


def _add(table: dict[str, list[str]], key: str, words: Iterable[str]) -> None:
    out = table.setdefault(key, [])
    for w in words:
        if w not in out:
            out.append(w)


@dataclass
class KanjiIndex:
    """reading → candidates, ranked; character → its variants."""

    names: dict[str, list[str]] = field(default_factory=dict)
    words: dict[str, list[str]] = field(default_factory=dict)
    characters: dict[str, list[str]] = field(default_factory=dict)
    variants: dict[str, list[str]] = field(default_factory=dict)
    # the reverse: written form → readings (hiragana). The names' is built in the same pass; the
    # words' (SKK-JISYO.L is large) from the entries kept in that pass, on first use
    name_readings: dict[str, list[str]] = field(default_factory=dict)
    word_entries: list[tuple[str, list[str]]] = field(default_factory=list, repr=False)
    _word_readings: dict[str, list[str]] | None = field(default=None, repr=False, init=False)
    missing: tuple[str, ...] = ()  # dictionaries that could not be read

    # -- building ---------------------------------------------------------------------------

    @classmethod
    def load(cls, skk_dir: Path = SKK_DIR, variants_file: Path = VARIANTS_FILE) -> KanjiIndex:
        index = cls()
        missing: list[str] = []

        def each(name: str) -> Iterable[tuple[str, list[str]]]:
            try:
                yield from _entries(skk_dir / name)
            except OSError:
                missing.append(name)
                log.warning("kanji.dictionary_missing %s", name)

        for name in NAME_DICTIONARIES:
            for reading, words in each(name):
                names = [w for w in words if _NAME_TEXT.fullmatch(w)]
                _add(index.names, reading, names)
                for w in names:
                    _add(index.name_readings, w, (reading,))
        for name in WORD_DICTIONARIES:
            for reading, words in each(name):
                kanji = [w for w in words if _KANJI.fullmatch(w)]
                if kanji:
                    _add(index.words, reading, (w for w in kanji if len(w) > 1))
                    _add(index.characters, reading, (w for w in kanji if len(w) == 1))
                    index.word_entries.append((reading, kanji))
        for name in VARIANT_DICTIONARIES:
            for key, words in each(name):
                if len(key) == 1 and is_kanji(key):
                    index._link([key, *(w for w in words if len(w) == 1 and is_kanji(w))])
        try:
            for line in variants_file.read_text(encoding="utf-8").splitlines():
                if line.strip() and not line.startswith("#"):
                    index._link(line.split())
        except OSError:
            missing.append(variants_file.name)
            log.warning("kanji.dictionary_missing %s", variants_file.name)
        index.missing = tuple(missing)
        return index

    def _link(self, group: Sequence[str]) -> None:
        group = [ch for ch in group if unicodedata.is_normalized("NFC", ch)]
        for ch in group:
            _add(self.variants, ch, (v for v in group if v != ch))

    # -- questions --------------------------------------------------------------------------

    def part(self, reading: str, family: Sequence[str] = ()) -> list[str]:
        """Candidates for one name part: household family names the dictionaries give for this
        reading first, then the names dictionaries, then other words."""
        key = reading_key(reading).replace(" ", "")
        found = [*self.names.get(key, ()), *self.words.get(key, ())]
        first = [f for f in family if f in found]
        return _unique([*first, *found])

    def candidates(self, reading: str, family: Sequence[str] = ()) -> list[str]:
        """Full-name candidates for ``reading``, best first (at most MAX_CANDIDATES).

        ``family``: family names of household members read from cards (ranked first where the
        reading fits them). With a space the reading is family + given; without one, a whole name
        from the full-names dictionary, a household family name followed by a given name, or one
        name part (a child's given name, a family name). A given name typed alone is offered
        after the household's first family name too (そうた → 森山　颯太)."""
        key = reading_key(reading)
        parts = key.split(" ")
        out: list[str] = []
        if len(parts) >= 2:
            families = self.part(parts[0], family)[:4]
            givens = self.part("".join(parts[1:]))
            out += [f + NAME_SEPARATOR + g for f in families for g in givens[:MAX_CANDIDATES // max(1, len(families))]]
        else:
            alone = [f for f in self.part(key, family) if f in family]  # a family name alone
            out += alone
            for split in range(len(key) - 1, 0, -1):  # a household family name, then the given name
                head = [f for f in self.part(key[:split], family) if f in family]
                givens = self.names.get(key[split:], [])
                out += [f + NAME_SEPARATOR + g for f in head for g in givens]
            if family and not alone:  # a given name alone: the household's family name before it
                out += [family[0] + NAME_SEPARATOR + g for g in self.names.get(key, [])[:SHOWN_WITH_FAMILY]]
            out += self.names.get(key, [])
            out += self.words.get(key, [])
        out = _unique(out)
        out += [v for w in out[:12] for v in self.spellings(w)]
        return _unique(out)[:MAX_CANDIDATES]

    def spellings(self, text: str) -> list[str]:
        """``text`` with one character replaced by each of its variants (吉田 → 𠮷田)."""
        return [text[:i] + v + text[i + 1:] for i, ch in enumerate(text) for v in self.variants.get(ch, ())]

    @property
    def word_readings(self) -> dict[str, list[str]]:
        """Written word or character → readings, from the word dictionaries (built on first use,
        through the operations runner like the index itself)."""
        with _REVERSE_LOCK:
            if self._word_readings is None:
                table: dict[str, list[str]] = {}
                for reading, words in self.word_entries:
                    for w in words:
                        _add(table, w, (reading,))
                self._word_readings = table
            return self._word_readings

    def readings(self, written: str) -> list[str]:
        """Readings (hiragana) of a written name part, best first: the names dictionaries, then
        the word dictionaries; a variant (髙, 﨑) is read as its common form."""
        key = unicodedata.normalize("NFC", written)
        words = self.word_readings
        out = [*self.name_readings.get(key, ()), *words.get(key, ())]
        if not out:
            for i, ch in enumerate(key):
                for v in self.variants.get(ch, ()):
                    common = key[:i] + v + key[i + 1:]
                    out += [*self.name_readings.get(common, ()), *words.get(common, ())]
        return _unique(out)

    def single(self, reading: str) -> list[str]:
        """Single characters for ``reading`` (character-by-character choice), each followed by its
        old and variant forms (たか → 高 髙 …)."""
        key = reading_key(reading).replace(" ", "")
        out: list[str] = []
        for ch in self.characters.get(key, []):
            out += [ch, *self.variants.get(ch, ())]
        return _unique(out)


def _unique(words: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(words))


_LOCK = threading.Lock()
_REVERSE_LOCK = threading.Lock()
_INDEX: KanjiIndex | None = None


def load_index(skk_dir: Path = SKK_DIR) -> KanjiIndex:
    """The process-wide index, built on first use (call through the operations runner)."""
    global _INDEX
    with _LOCK:
        if _INDEX is None:
            _INDEX = KanjiIndex.load(skk_dir)
        return _INDEX


def loaded_index() -> KanjiIndex | None:
    """The index if it is built already (the GUI thread never builds it)."""
    return _INDEX
