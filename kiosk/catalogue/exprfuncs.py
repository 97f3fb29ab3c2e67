"""The functions an expression may call (the allow-list) and the special forms any/all/count."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any


def _to_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return None
    return None


def age_at(birth: Any, on: Any = None) -> int | None:
    """Age in completed years on ``on`` (default: today); null when a date is missing."""
    b, d = _to_date(birth), _to_date(on) if on is not None else dt.date.today()
    if b is None or d is None:
        return None
    return d.year - b.year - ((d.month, d.day) < (b.month, b.day))


def school_age(birth: Any, on: Any = None) -> int | None:
    """Age that decides the school year (学齢): the age on the 1 April that opened the school year
    containing ``on``. 6 means first grade of elementary school. A child born on 1 April counts
    as already that age, so belongs to the earlier year (学校教育法17条, 年齢計算ニ関スル法律)."""
    b, d = _to_date(birth), _to_date(on) if on is not None else dt.date.today()
    if b is None or d is None:
        return None
    start = dt.date(d.year if d.month >= 4 else d.year - 1, 4, 1)
    return age_at(b, start)


def _date(text: Any) -> dt.date | None:
    return _to_date(text)


def _len(value: Any) -> int:
    return len(value) if isinstance(value, (list, tuple, str, dict)) else 0


def _if_else(cond: Any, a: Any, b: Any) -> Any:
    return a if cond is True else b


def _postal(part: str) -> Callable[[Any], str | None]:
    def lookup(code: Any) -> str | None:
        from kiosk.catalogue.derive import lookup_postal_code

        if not isinstance(code, str):
            return None
        found = lookup_postal_code(code)
        if found is None:
            return None
        pref, city, town = found
        return {"prefecture": pref, "city": city, "town": town, "all": pref + city + town}[part]

    return lookup


def _kana(value: Any) -> Any:
    from kiosk.catalogue.derive import to_katakana

    return to_katakana(value) if isinstance(value, str) else value


def _wareki(value: Any) -> str | None:
    from kiosk.catalogue import wareki

    d = _to_date(value)
    return wareki.format_date(d) if d else None


# name -> (function, minimum args, maximum args). any/all/count are special forms (see Call).
FUNCTIONS: dict[str, tuple[Callable[..., Any], int, int]] = {
    "age_at": (age_at, 1, 2),
    "school_age": (school_age, 1, 2),
    "date": (_date, 1, 1),
    "len": (_len, 1, 1),
    "if_else": (_if_else, 3, 3),
    "postal_address": (_postal("all"), 1, 1),
    "postal_prefecture": (_postal("prefecture"), 1, 1),
    "postal_city": (_postal("city"), 1, 1),
    "postal_town": (_postal("town"), 1, 1),
    "katakana": (_kana, 1, 1),
    "wareki": (_wareki, 1, 1),
    "min": (lambda *a: min((x for x in a if x is not None), default=None), 1, 8),
    "max": (lambda *a: max((x for x in a if x is not None), default=None), 1, 8),
}
SPECIAL_FORMS = ("any", "all", "count")
