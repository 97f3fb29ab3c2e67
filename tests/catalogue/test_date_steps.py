"""A past date chosen in steps (decade → year → month → day): only days from 1900 to today are
offered, days follow the month and leap years, labels exist in every shipped language, Japanese
labels carry 和暦 (ML-09) and やさしい日本語 leaves no kanji without its reading (A11Y-14)."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from kiosk import i18n
from kiosk.catalogue.types.date_steps import ADULT_AGE, FIRST_DAY, PastDate, Step, likely_year
from kiosk.config import SHIPPED_LANGUAGES

TODAY = dt.date(2026, 11, 18)
KANJI = re.compile(r"[\u4e00-\u9fff]")


def _walk(path: PastDate, *values: int) -> PastDate:
    for value in values:
        nxt = path.choose(value)
        assert isinstance(nxt, PastDate)
        path = nxt
    return path


def test_four_steps_give_the_day() -> None:
    path = PastDate(TODAY)
    assert path.step is Step.DECADE
    path = _walk(path, 2010)
    assert path.step is Step.YEAR
    path = _walk(path, 2016)
    assert path.step is Step.MONTH
    path = _walk(path, 11)
    assert path.step is Step.DAY
    assert path.choose(8) == dt.date(2016, 11, 8)


def test_each_step_opens_on_the_part_of_the_day_already_set() -> None:
    """A11Y-10: a birth date being changed opens on its decade, then its year, month and day,
    while the parts chosen are its own; another decade: its years from the first."""
    path = PastDate(TODAY, known=dt.date(1989, 6, 15), near=1986)
    assert path.likely() == 1980
    path = _walk(path, 1980)
    assert path.likely() == 1989
    assert _walk(path, 1989).likely() == 6
    assert _walk(path, 1989, 6).likely() == 15
    assert _walk(PastDate(TODAY, known=dt.date(1989, 6, 15)), 2010).likely() is None
    assert _walk(path, 1989, 6).back() == _walk(path, 1989)  # back keeps the day set


def test_a_corrected_year_or_month_keeps_the_month_and_day_already_set() -> None:
    """A11Y-10: a day set corrected in one part (the year or the month) still opens the later
    steps on its month and day; a part the step does not offer is not the answer."""
    path = PastDate(TODAY, known=dt.date(1989, 6, 15))
    assert _walk(path, 1980, 1987).likely() == 6  # another year: the same month
    assert _walk(path, 1980, 1987, 6).likely() == 15  # and the same day
    assert _walk(path, 2010, 2016).likely() == 6  # another decade too
    assert _walk(path, 1980, 1989, 7).likely() == 15  # another month: the same day
    assert _walk(PastDate(TODAY, known=dt.date(1989, 5, 31)), 1980, 1989, 6).likely() is None  # no 31 June
    late = PastDate(TODAY, known=dt.date(2016, 12, 24))
    assert _walk(late, 2020, 2026).likely() is None  # no December yet this year: from January
    assert _walk(late, 2020, 2026, 11).likely() is None  # the 24th is still to come


def test_a_day_near_today_opens_on_today_while_the_parts_chosen_are_todays() -> None:
    """A11Y-10: a move, a filing or the end of an insurance (``recent``) with no day set opens on
    this decade, this year, this month and today; another year or month: from its first."""
    path = PastDate(TODAY, near=TODAY.year, recent=True)
    assert path.likely() == 2020
    assert _walk(path, 2020).likely() == 2026
    assert _walk(path, 2020, 2026).likely() == 11  # this month
    assert _walk(path, 2020, 2026, 11).likely() == 18  # today
    assert _walk(path, 2020, 2026, 10).likely() is None  # last month: from the 1st
    assert _walk(path, 2020, 2025).likely() is None  # last year: from January
    assert _walk(path, 2010).likely() is None
    assert _walk(PastDate(TODAY), 2020, 2026).likely() is None  # a birth date this year: nothing known
    moved = PastDate(TODAY, known=dt.date(2026, 9, 30), near=TODAY.year, recent=True)
    assert [_walk(moved, *dt_).likely() for dt_ in ((), (2020,), (2020, 2026), (2020, 2026, 9))] == [
        2020, 2026, 9, 30]  # the day set comes first


def test_with_no_day_set_only_the_decade_step_leans_to_the_likely_year() -> None:
    path = PastDate(TODAY, near=2014)
    assert path.likely() == 2010
    assert _walk(path, 2010).likely() is None  # the years of the decade from its first
    assert PastDate(TODAY).likely() is None  # nothing known: the first option, 1900
    assert PastDate(TODAY, near=2031).likely() is None  # a decade not offered: the first option
    assert PastDate(TODAY, known=dt.date(2099, 1, 1), near=1986).likely() == 1980  # a later day is not offered


def test_a_birth_date_opens_near_the_household_else_an_adults_decade() -> None:
    """Members are entered a generation at a time: the nearest known birth date before this
    member, else after it; with none known, today − 40 years; a date that is not a birth date
    (a filing, a move, the end of an insurance) opens on this year."""
    born = [dt.date(1985, 3, 1), None, dt.date(2014, 4, 2), None]
    assert likely_year(TODAY, birth=True, births=born, index=1) == 1985  # a partner after the first person
    assert likely_year(TODAY, birth=True, births=born, index=3) == 2014  # a child after a child
    assert likely_year(TODAY, birth=True, births=[None, dt.date(2016, 11, 8)], index=0) == 2016  # the one after
    assert likely_year(TODAY, birth=True, births=[None, None], index=0) == TODAY.year - ADULT_AGE == 1986
    assert likely_year(TODAY, birth=True, births=born) == 1985  # a household's birth date: its first
    assert likely_year(TODAY, birth=True) == 1986
    assert likely_year(TODAY, birth=False, births=born, index=1) == TODAY.year


def test_decades_from_1900_to_this_one() -> None:
    assert PastDate(TODAY).values() == tuple(range(1900, 2030, 10))
    assert len(PastDate(TODAY).values()) == 13


def test_no_future_year_month_or_day_is_offered() -> None:
    assert _walk(PastDate(TODAY), 2020).values() == tuple(range(2020, 2027))
    assert _walk(PastDate(TODAY), 2020, 2026).values() == tuple(range(1, 12))  # no December yet
    this_month = _walk(PastDate(TODAY), 2020, 2026, 11)
    assert this_month.values() == tuple(range(1, 19))  # the 19th to the 30th are not offered
    with pytest.raises(ValueError):
        this_month.choose(19)
    with pytest.raises(ValueError):
        _walk(PastDate(TODAY), 2020).choose(2027)


def test_nothing_before_1900() -> None:
    assert FIRST_DAY == dt.date(1900, 1, 1)
    assert _walk(PastDate(TODAY), 1900).values()[0] == 1900
    with pytest.raises(ValueError):
        PastDate(TODAY).choose(1890)


@pytest.mark.parametrize(("year", "days"), [(2016, 29), (2015, 28), (2000, 29), (1900, 28)])
def test_29_february_only_in_leap_years(year: int, days: int) -> None:
    february = _walk(PastDate(TODAY), year - year % 10, year, 2)
    assert february.values()[-1] == days
    if days == 28:
        with pytest.raises(ValueError):
            february.choose(29)
    else:
        assert february.choose(29) == dt.date(year, 2, 29)


def test_days_follow_the_month() -> None:
    assert _walk(PastDate(TODAY), 2010, 2016, 4).values()[-1] == 30
    assert _walk(PastDate(TODAY), 2010, 2016, 12).values()[-1] == 31


def test_back_forgets_the_last_part_and_ends_at_the_first_step() -> None:
    path = _walk(PastDate(TODAY), 2010, 2016, 11)
    back = path.back()
    assert back == _walk(PastDate(TODAY), 2010, 2016)
    assert back is not None and back.back() == _walk(PastDate(TODAY), 2010)
    assert PastDate(TODAY, decade=2010).back() == PastDate(TODAY)
    assert PastDate(TODAY).back() is None


def test_heading_shows_the_parts_chosen() -> None:
    assert PastDate(TODAY).heading("ja") == ""
    assert _walk(PastDate(TODAY), 2010).heading("ja") == "2010年代"
    assert _walk(PastDate(TODAY), 2010, 2016, 11).heading("ja") == "2016年 › 11月"
    assert _walk(PastDate(TODAY), 2010, 2016, 11).heading("en") == "2016 › November"


def test_japanese_labels_carry_wareki() -> None:
    years = {o.value: o for o in _walk(PastDate(TODAY), 2010).options("ja")}
    assert years[2016].label == "2016 (平成28)"
    assert years[2016].spoken == "2016年 平成28年"
    assert PastDate(TODAY).options("ja")[11].label == "2010年代"


@pytest.mark.parametrize(("day", "era"), [
    (dt.date(1989, 1, 7), "昭和64年1月7日"), (dt.date(1989, 1, 8), "平成元年1月8日"),
    (dt.date(2019, 4, 30), "平成31年4月30日"), (dt.date(2019, 5, 1), "令和元年5月1日"),
])
def test_wareki_at_the_era_boundaries(day: dt.date, era: str) -> None:
    path = _walk(PastDate(TODAY), day.year - day.year % 10, day.year, day.month)
    option = next(o for o in path.options("ja") if o.value == day.day)
    assert option.label == str(day.day)
    assert option.spoken == f"{day.year}年{day.month}月{day.day}日 {era}"


def test_a_year_of_two_eras_names_both() -> None:
    years = {o.value: o for o in _walk(PastDate(TODAY), 1980).options("ja")}
    assert years[1989].label == "1989 (昭和64・平成元)"
    assert years[1989].spoken == "1989年 昭和64年・平成元年"
    years = {o.value: o for o in _walk(PastDate(TODAY), 2010).options("ja")}
    assert years[2019].label == "2019 (平成31・令和元)"
    months = {o.value: o for o in _walk(PastDate(TODAY), 2010, 2019).options("ja")}
    assert months[4].spoken == "2019年4月 平成31年4月"
    assert months[5].spoken == "2019年5月 令和元年5月"


def test_other_languages_use_western_numbers_and_month_names() -> None:
    months = _walk(PastDate(TODAY), 2010, 2016).options("en")
    assert [o.label for o in months][:2] == ["January", "February"]
    years = _walk(PastDate(TODAY), 2010).options("pt-BR")
    assert years[6].label == "2016" and years[6].spoken == "2016"
    days = _walk(PastDate(TODAY), 2010, 2016, 11).options("en")
    assert days[7].label == "8" and days[7].spoken == "November 8, 2016"
    assert not any(KANJI.search(o.label + o.spoken) for o in PastDate(TODAY).options("vi"))


@pytest.mark.parametrize("lang", SHIPPED_LANGUAGES)
def test_every_step_has_labels_in_every_shipped_language(lang: str) -> None:
    for path in (PastDate(TODAY), _walk(PastDate(TODAY), 1980), _walk(PastDate(TODAY), 1980, 1989),
                 _walk(PastDate(TODAY), 1980, 1989, 1)):
        assert i18n.plain(path.prompt(lang)).strip()
        assert not path.prompt(lang).startswith("resident.")
        for option in path.options(lang):
            assert option.label.strip() and option.spoken.strip()
            assert "resident." not in option.label + option.spoken
            assert "{" not in option.spoken  # plain: no furigana markup, no unfilled parameter
            assert i18n.furigana_balanced(option.label)


def test_easy_japanese_leaves_no_kanji_without_its_reading() -> None:
    """A11Y-14: every kanji the buttons and heading show carries furigana."""
    paths = (PastDate(TODAY), _walk(PastDate(TODAY), 1980), _walk(PastDate(TODAY), 1980, 1989),
             _walk(PastDate(TODAY), 1980, 1989, 1), _walk(PastDate(TODAY), 2010, 2019))
    shown = [o.label for p in paths for o in p.options("ja-easy")]
    shown += [p.heading("ja-easy") for p in paths] + [p.prompt("ja-easy") for p in paths]
    shown.append(i18n.text("resident.date_type", "ja-easy"))
    for text in shown:
        assert not KANJI.search(i18n.RUBY.sub("", text)), text
    years = {o.value: o for o in _walk(PastDate(TODAY), 1980).options("ja-easy")}
    assert years[1989].label == "1989 ({昭和|しょうわ}64・{平成|へいせい}{元|がん})"
