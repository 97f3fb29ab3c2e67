"""The two records of the 券面事項入力補助AP: 基本4情報 (EF 0002) and 個人番号 (EF 0001).

Layouts (reference §4.2–4.3)::

    EF 0002: FF20 L { DF21 08 <4 absolute offsets>, DF22 氏名, DF23 住所, DF24 YYYYMMDD, DF25 性別 }
    EF 0001: FF10 0C <12 ASCII digits> FF FF

Parsing is total: a record either yields a complete value object or raises
:class:`CardDataError`; nothing is half-filled. Values print as ``<withheld>`` so they cannot
leak into logs through ``repr``.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field

import jaconv

from kiosk.card import tlv
from kiosk.card.errors import CardDataError

TAG_BASIC_INFO = 0xFF20
TAG_OFFSETS = 0xDF21
TAG_NAME = 0xDF22
TAG_ADDRESS = 0xDF23
TAG_BIRTH_DATE = 0xDF24
TAG_SEX = 0xDF25
TAG_MY_NUMBER = 0xFF10

SEX_CODES = {"0": "not_known", "1": "male", "2": "female", "9": "not_applicable"}  # ISO 5218
IDEOGRAPHIC_SPACE = "\u3000"

_HYPHENS = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\uff0d\ufe63\ufe58"), "-")
_SPACES = re.compile(r"[ \u3000]+")


@dataclass(frozen=True)
class BasicInfo:
    """基本4情報 as read. ``name``/``address`` are exactly the card's text (ML-08)."""

    name: str = field(repr=False)
    address: str = field(repr=False)
    birth_date: dt.date = field(repr=False)
    sex: str = field(repr=False)  # ISO 5218 code: '1' male, '2' female, '9' not applicable, '0' not known
    name_family: str | None = field(default=None, repr=False)  # None when the name has no U+3000
    name_given: str | None = field(default=None, repr=False)
    address_normalized: str = field(default="", repr=False)

    def __repr__(self) -> str:
        return "BasicInfo(<withheld>)"

    def as_dict(self) -> dict[str, str | None]:
        return {
            "name": self.name,
            "name_family": self.name_family,
            "name_given": self.name_given,
            "address": self.address,
            "address_normalized": self.address_normalized,
            "birth_date": self.birth_date.isoformat(),
            "sex": self.sex,
        }


def split_name(name: str) -> tuple[str | None, str | None]:
    """Family and given name split on the first U+3000, or (None, None) without one."""
    if IDEOGRAPHIC_SPACE not in name:
        return None, None
    family, given = name.split(IDEOGRAPHIC_SPACE, 1)
    family, given = family.strip(), given.strip(IDEOGRAPHIC_SPACE + " ")
    if not family or not given:
        return None, None
    return family, given


def normalize_address(address: str) -> str:
    """A copy for forms and matching: full-width ASCII/digits → half-width, half-width kana →
    full-width, dash variants → '-', runs of spaces (incl. U+3000) → one space. Kanji, kana and
    the prolonged sound mark ー are kept as they are (no NFKC: it would rewrite 﨑 and friends)."""
    text = jaconv.z2h(address, kana=False, ascii=True, digit=True)
    text = jaconv.h2z(text, kana=True, ascii=False, digit=False)
    text = text.translate(_HYPHENS)
    return _SPACES.sub(" ", text).strip()


def _text(value: bytes, what: str) -> str:
    try:
        text = value.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise CardDataError(f"{what}: not UTF-8") from exc
    if not text.strip(IDEOGRAPHIC_SPACE + " "):
        raise CardDataError(f"{what}: empty")
    if any(unicodedata.category(ch) in ("Cc", "Cs", "Co", "Cn") for ch in text):
        raise CardDataError(f"{what}: control or unassigned characters")
    return text


def _date(value: bytes) -> dt.date:
    if len(value) != 8 or not value.isdigit():
        raise CardDataError("birth date: not 8 ASCII digits")
    try:
        return dt.date(int(value[:4]), int(value[4:6]), int(value[6:]))
    except ValueError as exc:
        raise CardDataError("birth date: impossible date") from exc


def record_length(head: bytes) -> int:
    """Total length (header + value) of the record that starts ``head``; raises
    :class:`tlv.Incomplete` when ``head`` is too short to tell."""
    _tag, length, header = tlv.read_header(head)
    return header + length


def parse_basic_info(data: bytes) -> BasicInfo:
    """Parse EF 0002. Trailing filler after the outer TLV is ignored."""
    try:
        outer = tlv.read_one(data)
    except tlv.Incomplete as exc:
        raise CardDataError("basic info: record truncated") from exc
    if outer.tag != TAG_BASIC_INFO:
        raise CardDataError(f"basic info: outer tag {outer.tag:X}")
    items = tlv.read_all(outer.value, base=outer.header_length)
    fields: dict[int, tlv.Tlv] = {}
    for item in items:
        if item.tag in fields:
            raise CardDataError(f"basic info: tag {item.tag:X} twice")
        fields[item.tag] = item
    missing = [t for t in (TAG_NAME, TAG_ADDRESS, TAG_BIRTH_DATE, TAG_SEX) if t not in fields]
    if missing:
        raise CardDataError("basic info: missing " + ",".join(f"{t:X}" for t in missing))
    if TAG_OFFSETS in fields:
        offsets = fields[TAG_OFFSETS].value
        if len(offsets) != 8:
            raise CardDataError("basic info: offset table is not 8 bytes")
        want = [int.from_bytes(offsets[i:i + 2], "big") for i in range(0, 8, 2)]
        have = [fields[t].offset for t in (TAG_NAME, TAG_ADDRESS, TAG_BIRTH_DATE, TAG_SEX)]
        if want != have:
            raise CardDataError("basic info: offset table does not match the fields")
    name = _text(fields[TAG_NAME].value, "name")
    address = _text(fields[TAG_ADDRESS].value, "address")
    birth_date = _date(fields[TAG_BIRTH_DATE].value)
    sex_raw = fields[TAG_SEX].value
    sex = sex_raw.decode("ascii", "replace")
    if sex not in SEX_CODES:
        raise CardDataError("basic info: sex is not an ISO 5218 code")
    family, given = split_name(name)
    return BasicInfo(
        name=name, address=address, birth_date=birth_date, sex=sex,
        name_family=family, name_given=given, address_normalized=normalize_address(address),
    )


def build_basic_info(name: str, address: str, birth_date: dt.date, sex: str) -> bytes:
    """EF 0002 as a card writes it: absolute offsets in DF21, ``82 HH LL`` lengths from 128."""
    fields = [
        tlv.encode(TAG_NAME, name.encode("utf-8")),
        tlv.encode(TAG_ADDRESS, address.encode("utf-8")),
        tlv.encode(TAG_BIRTH_DATE, birth_date.strftime("%Y%m%d").encode("ascii")),
        tlv.encode(TAG_SEX, sex.encode("ascii")),
    ]
    offsets_tlv_len = 2 + 1 + 8
    body_len = offsets_tlv_len + sum(len(f) for f in fields)
    header_len = 2 + len(tlv.encode_length(body_len))
    pos = header_len + offsets_tlv_len
    offsets = b""
    for f in fields:
        offsets += pos.to_bytes(2, "big")
        pos += len(f)
    body = tlv.encode(TAG_OFFSETS, offsets) + b"".join(fields)
    return tlv.encode(TAG_BASIC_INFO, body)


# 個人番号 ---------------------------------------------------------------------------------

_WEIGHTS = (6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2)  # applied to digits 11..1 counted from the left


def my_number_check_digit(first11: str) -> int:
    """Check digit of a 個人番号 (番号法施行令 Art. 8 rule: mod 11 with weights 2..7)."""
    if len(first11) != 11 or not first11.isdigit():
        raise ValueError("need 11 digits")
    total = sum(int(d) * w for d, w in zip(first11, _WEIGHTS, strict=True))
    rest = total % 11
    return 0 if rest <= 1 else 11 - rest


def is_valid_my_number(number: str) -> bool:
    return (
        len(number) == 12 and number.isascii() and number.isdigit()
        and my_number_check_digit(number[:11]) == int(number[11])
    )


class MyNumber(str):
    """The 12-digit 個人番号; ``repr`` is withheld, ``masked()`` shows the last 4 (PRIV-12)."""

    def __repr__(self) -> str:
        return "MyNumber(<withheld>)"

    def masked(self) -> str:
        return "•" * 8 + self[-4:]


def parse_my_number(data: bytes) -> MyNumber:
    """Parse EF 0001 (``FF10 0C`` + 12 digits, trailing ``FF FF`` filler ignored)."""
    try:
        record = tlv.read_one(data)
    except tlv.Incomplete as exc:
        raise CardDataError("my number: record truncated") from exc
    if record.tag != TAG_MY_NUMBER or len(record.value) != 12:
        raise CardDataError("my number: unexpected record layout")
    digits = record.value.decode("ascii", "replace")
    if not is_valid_my_number(digits):
        raise CardDataError("my number: not 12 digits with a valid check digit")
    return MyNumber(digits)


def build_my_number(number: str) -> bytes:
    return tlv.encode(TAG_MY_NUMBER, number.encode("ascii")) + b"\xff\xff"
