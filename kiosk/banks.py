"""Banks and branches by choosing: an in-memory index of the ``zengin-code`` package's data.

The package ships the 全銀 bank and branch codes as JSON (``source-data/data/banks.json`` and one
``branches/<bank code>.json`` per bank; each entry has ``code``, ``name`` and ``kana`` in 全銀 style:
small kana written large, the long vowel as ``－``). The files are read directly, once, into
:class:`BankIndex` (importing ``zengin_code`` itself would build a second copy of every record).
Search takes a few kana (hiragana or katakana, voiced or not) or the code's digits and ranks the
exact code first, then names that start with the kana, then names that contain them.

ゆうちょ銀行 (9900) is a special case: its accounts are known to residents by 記号・番号 (the
passbook), and the data lists it with 店名 made of digits (〇一八 …) that a resident cannot choose
from. The kiosk takes the 記号・番号 and converts them (:mod:`kiosk.yucho`) to the branch of this data.

Qt-free; the kiosk loads the index off the GUI thread (:func:`load_index`).
"""

from __future__ import annotations

import importlib.util
import json
import re
import threading
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import jaconv

from kiosk.errors import KioskError

BANK_CODE = re.compile(r"[0-9]{4}")
BRANCH_CODE = re.compile(r"[0-9]{3}")
SHOWN = 12  # candidates a search returns by default

_SMALL = str.maketrans("ァィゥェォッャュョヮヵヶ", "アイウエオツヤユヨワカケ")
_MARKS = re.compile("[\u3099\u309a\u309b\u309c]")  # 濁点・半濁点 (combining and spacing)
_LONG = re.compile("[ー－\\-‐−\\s　.．]")


class BankDataMissing(KioskError):
    """The zengin-code package (or its data) is not installed: no bank can be chosen on the kiosk."""

    key = "catalogue.bank_data_missing"


@dataclass(frozen=True, slots=True)
class Bank:
    code: str  # 4 digits (金融機関コード)
    name: str  # as the data gives it, e.g. みずほ, 三菱ＵＦＪ, 室蘭信金
    kana: str  # 全銀 katakana


@dataclass(frozen=True, slots=True)
class Branch:
    bank: str  # the bank's code
    code: str  # 3 digits (店番)
    name: str
    kana: str


T = TypeVar("T", Bank, Branch)


def fold(text: str) -> str:
    """The search form of a reading: katakana, no 濁点/半濁点, small kana large, no long vowels,
    hyphens, dots or spaces. ``ぎんざ``, ``キンサ`` and ``ｷﾞﾝｻﾞ`` fold alike."""
    text = jaconv.h2z(unicodedata.normalize("NFKC", text), kana=True, ascii=False, digit=False)
    text = unicodedata.normalize("NFD", jaconv.hira2kata(text))
    return _LONG.sub("", _MARKS.sub("", text)).translate(_SMALL).upper()


def code_digits(text: str) -> str | None:
    """The digits of a code typed in half or full width, or None when ``text`` is not digits."""
    text = unicodedata.normalize("NFKC", text).strip()
    return text if text.isdigit() and text.isascii() else None


def _ranked(entries: list[tuple[str, T]], query: str, limit: int) -> list[T]:
    """Exact code, then kana prefix (an exact reading first), then kana contained; by code within each."""
    digits = code_digits(query)
    if digits is not None:
        exact = [e for _, e in entries if e.code == digits]
        starts = [e for _, e in entries if e.code.startswith(digits) and e.code != digits]
        return (exact + starts)[:limit]
    key = fold(query)
    if not key:
        return []
    prefix = sorted(((len(k) != len(key), e.code), e) for k, e in entries if k.startswith(key))
    contains = [e for k, e in entries if key in k and not k.startswith(key)]
    return ([e for _, e in prefix] + contains)[:limit]


class BankIndex:
    """Every bank and branch of the data, searchable by kana or code."""

    def __init__(self, banks: list[Bank], branches: list[Branch]) -> None:
        self.banks: dict[str, Bank] = {b.code: b for b in banks}
        self.branches: dict[str, dict[str, Branch]] = {code: {} for code in self.banks}
        for br in branches:
            self.branches.setdefault(br.bank, {})[br.code] = br
        self._bank_keys = [(fold(b.kana), b) for b in banks]
        self._branch_keys: dict[str, list[tuple[str, Branch]]] = {}  # per bank, folded when first searched

    def bank(self, code: str) -> Bank | None:
        return self.banks.get(code)

    def branch(self, bank: str, code: str) -> Branch | None:
        return self.branches.get(bank, {}).get(code)

    def search_banks(self, query: str, limit: int = SHOWN) -> list[Bank]:
        """Banks for a few kana of the name or the code's digits, best first."""
        return _ranked(self._bank_keys, query, limit)

    def search_branches(self, bank: str, query: str, limit: int = SHOWN) -> list[Branch]:
        """Branches of ``bank`` for a few kana of the name or the 店番's digits, best first."""
        keys = self._branch_keys.get(bank)
        if keys is None:
            keys = self._branch_keys[bank] = [(fold(br.kana), br) for br in self.branches.get(bank, {}).values()]
        return _ranked(keys, query, limit)


def data_dir() -> Path:
    """Where the installed zengin-code package keeps its JSON (found without importing it)."""
    spec = importlib.util.find_spec("zengin_code")
    if spec is None or not spec.submodule_search_locations:
        raise BankDataMissing("the zengin-code package is not installed")
    folder = Path(next(iter(spec.submodule_search_locations))) / "source-data" / "data"
    if not (folder / "banks.json").is_file():
        raise BankDataMissing(f"no bank data in {folder}")
    return folder


def build_index(folder: Path | None = None) -> BankIndex:
    """Read the data into a new index (about 1,100 banks and 31,000 branches)."""
    folder = folder or data_dir()
    if not (folder / "banks.json").is_file():
        raise BankDataMissing(f"no bank data in {folder}")
    raw_banks: dict[str, dict[str, str]] = json.loads((folder / "banks.json").read_text(encoding="utf-8"))
    banks = [Bank(b["code"], b["name"], b["kana"]) for _, b in sorted(raw_banks.items())
             if BANK_CODE.fullmatch(b["code"])]
    branches: list[Branch] = []
    for bank in banks:
        file = folder / "branches" / f"{bank.code}.json"
        if not file.is_file():
            continue
        raw: dict[str, dict[str, str]] = json.loads(file.read_text(encoding="utf-8")) or {}
        branches.extend(Branch(bank.code, r["code"], r["name"], r["kana"]) for _, r in sorted(raw.items())
                        if BRANCH_CODE.fullmatch(r["code"]))
    return BankIndex(banks, branches)


_lock = threading.Lock()
_index: BankIndex | None = None


def load_index() -> BankIndex:
    """The index, read on first use (thread-safe; the kiosk calls it on the operations runner)."""
    global _index
    with _lock:
        if _index is None:
            _index = build_index()
        return _index


def loaded_index() -> BankIndex | None:
    """The index if it has been read, without reading it."""
    return _index
