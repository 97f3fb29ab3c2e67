"""A past date chosen in a few large steps instead of typed (a birth date): decade → year →
month → day, each step a short list of options. Only days from 1 January 1900 to today are
offered (a later day is not a choice), and the days follow the month (29 February only in a leap
year). Qt-free; the widget is :mod:`kiosk.ui.date_picker`.

Labels come from ``locales/`` (``resident.date_*``, ``resident.month_*``). Japanese labels carry
和暦 beside the western year ("2016 (平成28)"); やさしい日本語 gives the era its reading
(``{平成|へいせい}``). Every option also has a ``spoken`` text, plain and in full, for screen readers
and speech ("2016年 平成28年")::

    path = PastDate(today)
    path = path.choose(2010)        # the decade
    path = path.choose(2016)        # the year
    path = path.choose(11)          # the month
    born = path.choose(8)           # the day: dt.date(2016, 11, 8)
"""

from __future__ import annotations

import calendar
import datetime as dt
import enum
from collections.abc import Sequence
from dataclasses import dataclass, replace

from kiosk import i18n
from kiosk.catalogue import wareki
from kiosk.catalogue.types.dates import JAPANESE

FIRST_DAY = dt.date(1900, 1, 1)  # the earliest day offered
SEPARATOR = " › "  # between the chosen parts in the heading ("2016年 › 11月")
# A birth date typed by hand with nothing else known is most often an adult's (the one at the
# kiosk, or the partner): its steps open on the decade of today − 40 years, from which every
# decade of an adult or a child is a few arrows away.
ADULT_AGE = 40
BIRTH_DATE_CARD = "card.birth_date"  # a field bound to the card's birth date is a birth date


class Step(enum.Enum):
    DECADE = "decade"
    YEAR = "year"
    MONTH = "month"
    DAY = "day"


PROMPT_KEYS = {step: f"resident.date_step_{step.value}" for step in Step}  # "choose the year", …


@dataclass(frozen=True)
class Option:
    """One choice of a step: its value (a decade's first year, a year, a month or a day), what its
    button shows (may carry furigana markup) and its full plain meaning (accessible name, speech)."""

    value: int
    label: str
    spoken: str


@dataclass(frozen=True)
class PastDate:
    """Where the resident is in choosing a day not after ``today``: the parts chosen so far."""

    today: dt.date
    decade: int | None = None
    year: int | None = None
    month: int | None = None
    known: dt.date | None = None  # the day already set: each step opens on its part of it
    near: int | None = None  # a likely year when none is set: the decade step opens on its decade
    recent: bool = False  # a day most likely near today (a move, a filing): the steps open on today's parts

    @property
    def step(self) -> Step:
        if self.decade is None:
            return Step.DECADE
        if self.year is None:
            return Step.YEAR
        if self.month is None:
            return Step.MONTH
        return Step.DAY

    def values(self) -> tuple[int, ...]:
        """The values the current step offers, in order."""
        today = self.today
        if self.decade is None:
            return tuple(range(FIRST_DAY.year - FIRST_DAY.year % 10, today.year + 1, 10))
        if self.year is None:
            return tuple(y for y in range(self.decade, self.decade + 10) if FIRST_DAY.year <= y <= today.year)
        if self.month is None:
            return tuple(range(1, (today.month if self.year == today.year else 12) + 1))
        last = calendar.monthrange(self.year, self.month)[1]
        if (self.year, self.month) == (today.year, today.month):
            last = today.day
        return tuple(range(1, last + 1))

    def likely(self) -> int | None:
        """The option of the current step the focus starts on, None for the first one.

        - ``known`` (the day already set): its decade and year while the parts chosen are its
          own, its month and day whatever was chosen before them (a day corrected most often
          keeps its other parts: another year, the same month and day);
        - else a ``recent`` day: today's decade, year, month and day while the parts chosen are
          today's (a move last week: this year, this month, today a few arrows away);
        - else at the decade step the decade of ``near``.

        A part the step does not offer (a later day than today) is never the answer."""
        step, offered = self.step, self.values()
        index = list(Step).index(step)
        chosen = (self.decade, self.year, self.month)[:index]
        known = self.known
        if known is not None:
            parts = _parts(known)
            if (step in (Step.MONTH, Step.DAY) or chosen == parts[:index]) and parts[index] in offered:
                return parts[index]
        if self.recent:
            today = _parts(self.today)
            return today[index] if chosen == today[:index] else None
        if step is Step.DECADE and self.near is not None and self.near // 10 * 10 in offered:
            return self.near // 10 * 10
        return None

    def options(self, lang: str) -> tuple[Option, ...]:
        """The current step's options with their labels in ``lang``."""
        step = self.step
        if step is Step.DECADE:
            return tuple(_decade(v, lang) for v in self.values())
        if step is Step.YEAR:
            return tuple(_year(v, lang) for v in self.values())
        year = self.year
        assert year is not None
        if step is Step.MONTH:
            return tuple(_month(year, v, lang) for v in self.values())
        month = self.month
        assert month is not None
        return tuple(_day(dt.date(year, month, v), lang) for v in self.values())

    def choose(self, value: int) -> PastDate | dt.date:
        """The next step with ``value`` chosen, or the day once the day is chosen; ValueError
        for a value the step does not offer (a future or impossible day among them)."""
        if value not in self.values():
            raise ValueError(f"{self.step.value} {value} is not offered")
        if self.decade is None:
            return replace(self, decade=value)
        if self.year is None:
            return replace(self, year=value)
        if self.month is None:
            return replace(self, month=value)
        return dt.date(self.year, self.month, value)

    def back(self) -> PastDate | None:
        """One step back (the last part chosen forgotten); None at the first step."""
        if self.month is not None:
            return replace(self, month=None)
        if self.year is not None:
            return replace(self, year=None)
        if self.decade is not None:
            return replace(self, decade=None)
        return None

    def prompt(self, lang: str) -> str:
        """What the step asks ("年を選んでください"), with furigana markup in やさしい日本語."""
        return i18n.text(PROMPT_KEYS[self.step], lang)

    def heading(self, lang: str) -> str:
        """The parts chosen so far ("2016年 › 11月"; the decade until a year is chosen); empty at
        the first step. May carry furigana markup."""
        if self.year is None:
            return i18n.text("resident.date_decade", lang, decade=self.decade) if self.decade is not None else ""
        parts = [i18n.text("resident.date_year", lang, year=self.year)]
        if self.month is not None:
            parts.append(month_name(self.month, lang))
        return SEPARATOR.join(parts)


def likely_year(today: dt.date, *, birth: bool, births: Sequence[dt.date | None] = (),
                index: int | None = None) -> int:
    """The year a date's steps open near when no day is set. Not a birth date (a filing, a move,
    the end of an insurance): this year. A birth date: the birth year of the nearest household
    member before ``index`` whose birth date is known (members are entered a generation at a
    time: a partner after the first person, a child after a child), else of the nearest after
    it, else today − :data:`ADULT_AGE` years."""
    if not birth:
        return today.year
    if index is not None:
        before = [b for b in births[:index] if b is not None]
        after = [b for b in births[index + 1:] if b is not None]
        if before or after:
            return (before[-1] if before else after[0]).year
    elif any(b is not None for b in births):
        return next(b for b in births if b is not None).year
    return today.year - ADULT_AGE


def _parts(day: dt.date) -> tuple[int, int, int, int]:
    """The day as the steps choose it: its decade, year, month and day."""
    return day.year // 10 * 10, day.year, day.month, day.day


def month_name(month: int, lang: str) -> str:
    return i18n.text(f"resident.month_{month}", lang)


def era_span(first: dt.date, last: dt.date, lang: str, *, unit: str = "") -> str:
    """和暦 of the days ``first`` to ``last``: "平成28", or both eras when the span crosses a
    change of era ("昭和64・平成元"); ``unit`` follows each year ("年"). In やさしい日本語 the era
    name carries its reading."""
    out: list[str] = []
    for day in (first, last):
        name, year = wareki.era_of(day)
        if name == "西暦":
            continue
        easy = lang == "ja-easy"
        shown = f"{{{name}|{wareki.READINGS[name]}}}" if easy else name
        first_year = "{元|がん}" if easy else "元"  # 元年 (がんねん): no kanji without its reading
        text = f"{shown}{first_year if year == 1 else year}{unit}"
        if text not in out:
            out.append(text)
    return "・".join(out)


def _decade(decade: int, lang: str) -> Option:
    label = i18n.text("resident.date_decade", lang, decade=decade)
    return Option(decade, label, i18n.plain(label))


def _year(year: int, lang: str) -> Option:
    label = i18n.text("resident.date_year", lang, year=year)
    if lang not in JAPANESE:
        return Option(year, label, label)
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    shown = f"{year} ({era_span(first, last, lang)})"
    return Option(year, shown, i18n.plain(f"{label} {era_span(first, last, lang, unit='年')}"))


def _month(year: int, month: int, lang: str) -> Option:
    label = month_name(month, lang)
    spoken = i18n.text("resident.date_month_of", lang, year=year, month=label)
    if lang in JAPANESE:
        first = dt.date(year, month, 1)
        last = dt.date(year, month, calendar.monthrange(year, month)[1])
        spoken += f" {era_span(first, last, lang, unit='年')}{label}"
    return Option(month, label, i18n.plain(spoken))


def _day(day: dt.date, lang: str) -> Option:
    """The day's number on its button (the heading shows the year and month); in full when spoken."""
    return Option(day.day, str(day.day), full_date(day, lang))


def full_date(day: dt.date, lang: str) -> str:
    """The day in full, plain: "2016年11月8日 平成28年11月8日" (和暦 added in Japanese)."""
    spoken = i18n.text("resident.date_full", lang, year=day.year, month=month_name(day.month, lang), day=day.day)
    if lang in JAPANESE:
        spoken += " " + wareki.format_date(day)
    return i18n.plain(spoken)
