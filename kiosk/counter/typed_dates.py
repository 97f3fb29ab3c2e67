"""Dates as a clerk types them at the counter (Qt-free): eight digits (YYYYMMDD) or six (YYMMDD),
and when a birth date typed is whole, so that its cell goes on by itself (自動改行)."""

from __future__ import annotations

import datetime as dt
from typing import Final


def typed_date(text: str, today: dt.date | None = None, *, past: bool = True) -> dt.date | None:
    """YYYYMMDD, or YYMMDD: for a birth date (``past``) the latest such date not after today, else
    in this century."""
    digits = "".join(c for c in text if c.isdigit())
    today = today or dt.date.today()
    try:
        if len(digits) == 8:
            return dt.date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))
        if len(digits) == 6:
            year = today.year // 100 * 100 + int(digits[:2])
            day = dt.date(year, int(digits[2:4]), int(digits[4:6]))
            return day if day <= today or not past else day.replace(year=year - 100)
    except ValueError:
        return None
    return None


EARLIEST_BIRTH_YEAR: Final = 1868  # 明治元年, the oldest era a sheet prints: no one living was born before


def birth_date_complete(text: str, today: dt.date | None = None) -> bool:
    """Whether the birth date typed is whole, so that the cell goes on by itself (自動改行): eight
    digits of a real day, or six (YYMMDD) when no birth date of eight (YYYYMMDD, from 1868 to
    today) begins with them. ``210920`` goes on (no year 2109); ``200503`` waits for Tab or Enter,
    being 2020-05-03 or the start of 2005-03-…; so does every ``19…``/``20…`` whose day is 01–12."""
    digits = "".join(c for c in text if c.isdigit())
    today = today or dt.date.today()
    if not digits.isascii() or len(digits) not in (6, 8) or typed_date(digits, today) is None:
        return False
    if len(digits) == 8:
        return True
    year, month = int(digits[:4]), int(digits[4:6])
    return not (EARLIEST_BIRTH_YEAR <= year and 1 <= month <= 12 and dt.date(year, month, 1) <= today)
