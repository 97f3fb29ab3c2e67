"""Readings (フリガナ) of names read from the card, for one-tap confirmation (Qt-free).

The card holds the name in kanji and no reading, while 氏名の振り仮名 is a 住民票 item. The
candidates come from two sources:

* the SKK dictionaries, reversed (:meth:`kiosk.kanji.KanjiIndex.readings`: written form →
  readings, the names dictionaries first), and, for a part no dictionary holds, the readings of
  its characters one after another;
* Open JTalk's reading (:func:`kiosk.jtalk.reading`).

The family name and the given name are read separately (the card writes them with a space
between), then combined. A part reading both sources agree on ranks first; then the names
dictionary's readings in their order, Open JTalk's, and the rest. Kana parts are their own
reading. The result is katakana with an ideographic space between the parts, as the
``person.name_kana`` field wants it.

Blocking work (the index, Open JTalk): the GUI calls :func:`name_readings` through the
operations runner. Nothing here logs a name or a reading.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import jaconv

from kiosk import jtalk
from kiosk.kanji import NAME_SEPARATOR, KanjiIndex, is_kanji
from kiosk.log import get_logger

log = get_logger(__name__)

MAX_READINGS = 6  # candidates offered for one name (the rest: the kana pad)
_PART_READINGS = 4  # candidates kept per name part before combining
_PER_CHARACTER = 2  # readings per character when a part is read character by character
_KANA = re.compile(r"[\u3041-\u3096\u30a1-\u30fa\u30fc\u3000 ]+")

JTalkReader = Callable[[str], str | None]


@dataclass(frozen=True)
class PartReading:
    """One candidate reading of one name part (hiragana) and where it came from."""

    reading: str
    dictionary: bool
    jtalk: bool
    rank: int  # position among the dictionary's readings (0 best); large when only Open JTalk gave it

    @property
    def agreed(self) -> bool:
        return self.dictionary and self.jtalk

    def order(self) -> tuple[int, int, int]:
        return (0 if self.agreed else 1, 0 if self.dictionary else 1, self.rank)


@dataclass(frozen=True)
class NameReading:
    """A candidate reading of a whole name: katakana, ideographic space between the parts."""

    text: str
    agreed: bool  # every part is a reading the dictionaries and Open JTalk both give


def split_name(name: str) -> list[str]:
    """The parts of a name as the card writes it (family, space, given; any spacing)."""
    return name.replace(NAME_SEPARATOR, " ").split()


def jtalk_reading(text: str) -> str | None:
    """Open JTalk's reading of ``text`` in hiragana, or None when Open JTalk is unavailable or
    gives no kana reading."""
    try:
        found = jtalk.reading(text)
    except jtalk.JTalkUnavailable:
        log.warning("readings.jtalk_unavailable")
        return None
    hira = jaconv.kata2hira(found.replace(" ", ""))
    return hira if hira and _KANA.fullmatch(hira) else None


def _by_character(index: KanjiIndex, part: str) -> list[str]:
    """Readings of ``part`` character by character (the first few readings of each)."""
    choices: list[list[str]] = []
    for ch in part:
        if not is_kanji(ch):
            if not _KANA.fullmatch(ch):
                return []
            choices.append([jaconv.kata2hira(ch)])
            continue
        found = [r for r in index.readings(ch) if _KANA.fullmatch(r)][:_PER_CHARACTER]
        if not found:
            return []
        choices.append(found)
    return ["".join(combo) for combo in itertools.product(*choices)][:_PART_READINGS]


def part_readings(part: str, index: KanjiIndex | None, reader: JTalkReader | None = jtalk_reading) -> list[PartReading]:
    """Ranked readings of one name part."""
    part = unicodedata.normalize("NFC", part)
    if _KANA.fullmatch(part):
        return [PartReading(jaconv.kata2hira(part), True, True, 0)]
    found: list[str] = []
    if index is not None:
        found = [r for r in index.readings(part) if _KANA.fullmatch(r)]
        if not found:
            found = _by_character(index, part)
    spoken = reader(part) if reader is not None else None
    out = [PartReading(r, True, r == spoken, i) for i, r in enumerate(found)]
    if spoken and spoken not in found:
        out.append(PartReading(spoken, False, True, len(found)))
    return sorted(out, key=PartReading.order)


def name_readings(name: str, index: KanjiIndex | None, reader: JTalkReader | None = jtalk_reading,
                  limit: int = MAX_READINGS) -> list[NameReading]:
    """Candidate readings of a full name as the card gives it, best first (at most ``limit``).

    Empty when a part cannot be read at all (Latin letters, no dictionary and no Open JTalk):
    the resident types the reading on the kana pad."""
    parts = split_name(name)
    if not parts:
        return []
    per_part = [part_readings(p, index, reader)[:_PART_READINGS] for p in parts]
    if any(not readings for readings in per_part):
        return []
    combos = sorted(itertools.product(*per_part),
                    key=lambda combo: (sum(0 if r.agreed else 1 for r in combo),
                                       sum(r.order()[1] for r in combo), sum(r.rank for r in combo)))
    out: list[NameReading] = []
    for combo in combos:
        text = NAME_SEPARATOR.join(jaconv.hira2kata(r.reading) for r in combo)
        if all(n.text != text for n in out):
            out.append(NameReading(text, all(r.agreed for r in combo)))
        if len(out) >= limit:
            break
    return out


def reading_texts(name: str, index: KanjiIndex | None, reader: JTalkReader | None = jtalk_reading,
                  limit: int = MAX_READINGS) -> list[str]:
    """:func:`name_readings` as plain katakana texts."""
    return [r.text for r in name_readings(name, index, reader, limit)]


def household_readings(names: Sequence[str], index: KanjiIndex | None,
                       reader: JTalkReader | None = jtalk_reading) -> list[list[str]]:
    """Candidate readings for several names at once (one call through the operations runner)."""
    return [reading_texts(n, index, reader) for n in names]


def family_readings(names_and_readings: Sequence[tuple[str | None, str | None]]) -> dict[str, str]:
    """Family name → its reading (hiragana), from household members whose reading is known."""
    out: dict[str, str] = {}
    for name, reading in names_and_readings:
        written, spoken = split_name(name or ""), split_name(jaconv.kata2hira(reading or ""))
        if len(written) >= 2 and len(spoken) == len(written):
            out.setdefault(written[0], spoken[0])
    return out


def chosen_reading(name: str, typed: str, known: Mapping[str, str], index: KanjiIndex | None) -> str:
    """The full reading (katakana, ideographic space between the parts) of a name chosen among the
    candidates of ``typed``: when the reading typed is the given name alone (the household family
    name came first among the candidates) or has no space, the family name's reading is the one a
    household member has (``known``), else the dictionaries' first."""
    parts = split_name(name)
    spoken = split_name(jaconv.kata2hira(typed))
    if len(parts) == 2 and len(spoken) == 1:
        family = known.get(parts[0]) or next(iter(index.readings(parts[0]) if index is not None else []), None)
        if family:
            given = spoken[0][len(family):] if spoken[0].startswith(family) and spoken[0] != family else spoken[0]
            spoken = [family, given]
    return NAME_SEPARATOR.join(jaconv.hira2kata(p) for p in spoken)
