"""Dates chosen, not typed: a date question's or field's window of likely days (``choices`` in
forms/, relative to today) offered as one-tap answers, the date pad kept for any other day.

A window is data, e.g. the move date: 転入・転居 are filed within 14 days of the move
(住民基本台帳法22条・23条), 転出 up to 14 days before it (同24条; the municipalities' practice)::

    choices:
    - {when: "answers.event == 'move_out'", from: 0, to: 14}
    - {from: -14, to: 0}

The first window whose ``when`` holds (none: always) gives the days. Qt-free.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from kiosk.catalogue import wareki

JAPANESE = ("ja", "ja-easy")
WINDOW_LIMIT = 31  # days either side of today: a longer window is a keypad's job, not buttons'
RELATIVE_KEYS = {0: "resident.day_today", -1: "resident.day_yesterday", 1: "resident.day_tomorrow"}
WEEKDAY_KEYS = tuple(f"resident.weekday_{n}" for n in range(7))  # Monday first (date.weekday())

Translate = Callable[[str], str]


@dataclass(frozen=True)
class DateWindow:
    """Days ``start`` to ``end`` relative to today (both included), when ``when`` holds."""

    start: int
    end: int
    when: str | None = None

    def problem(self) -> str | None:
        """Why the window cannot be offered as buttons, or None."""
        if self.start > self.end:
            return f"choices: from ({self.start}) is after to ({self.end})"
        if max(abs(self.start), abs(self.end)) > WINDOW_LIMIT:
            return f"choices: a window reaches at most {WINDOW_LIMIT} days from today"
        return None


def window_days(window: DateWindow, today: dt.date) -> tuple[dt.date, ...]:
    """The window's days, nearest to today first (today, then yesterday or tomorrow, …)."""
    offsets = sorted(range(window.start, window.end + 1), key=lambda n: (abs(n), n))
    return tuple(today + dt.timedelta(days=n) for n in offsets)


def day_text(day: dt.date, lang: str, era: bool = True) -> str:
    """The day as the date type displays it: 和暦 in Japanese (unless ``era`` is off), ISO otherwise."""
    return wareki.format_date(day) if era and lang in JAPANESE else day.isoformat()


def day_label(day: dt.date, today: dt.date, lang: str, t: Translate, era: bool = True) -> str:
    """The full name of a day, for screen readers and speech: "今日 令和8年11月30日 (月)"."""
    relative = RELATIVE_KEYS.get((day - today).days)
    text = f"{day_text(day, lang, era)} ({t(WEEKDAY_KEYS[day.weekday()])})"
    return f"{t(relative)} {text}" if relative is not None else text


def day_button(day: dt.date, today: dt.date, lang: str, t: Translate, era: bool = True) -> str:
    """What a day's button shows, on two short lines: the relative word (today, yesterday,
    tomorrow) or the weekday, then the date as the date type shows it — in Japanese without the
    year while it is this year's (11月28日; in やさしい日本語 11/28, its words in kana), as a touch
    target in large text has room for."""
    relative = RELATIVE_KEYS.get((day - today).days)
    weekday = t(WEEKDAY_KEYS[day.weekday()])
    first = f"{t(relative)} ({weekday})" if relative is not None else f"({weekday})"
    if lang == "ja-easy" and day.year == today.year:  # no kanji left without its reading (A11Y-14)
        return f"{first}\n{day.month}/{day.day}"
    if lang in JAPANESE and era and day.year == today.year:
        return f"{first}\n{day.month}月{day.day}日"
    return f"{first}\n{day_text(day, lang, era)}"
