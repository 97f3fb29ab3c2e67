"""和暦 (Japanese era) dates."""

from __future__ import annotations

import datetime as dt

# (first day, name, abbreviation)
ERAS = (
    (dt.date(2019, 5, 1), "令和", "R"),
    (dt.date(1989, 1, 8), "平成", "H"),
    (dt.date(1926, 12, 25), "昭和", "S"),
    (dt.date(1912, 7, 30), "大正", "T"),
    (dt.date(1873, 1, 1), "明治", "M"),
)

READINGS = {"令和": "れいわ", "平成": "へいせい", "昭和": "しょうわ", "大正": "たいしょう", "明治": "めいじ"}


def era_of(day: dt.date) -> tuple[str, int]:
    """The era name and year (1 for 元年) of a date; western year before 1873."""
    for start, name, _abbr in ERAS:
        if day >= start:
            return name, day.year - start.year + 1
    return "西暦", day.year


def format_date(day: dt.date) -> str:
    """``令和7年4月1日``; the first year is written 元年."""
    name, year = era_of(day)
    if name == "西暦":
        return f"{day.year}年{day.month}月{day.day}日"
    year_text = "元" if year == 1 else str(year)
    return f"{name}{year_text}年{day.month}月{day.day}日"
