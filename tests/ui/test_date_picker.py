"""Birth dates chosen, not typed (issue #15): on the members screen a member entered by hand
chooses the decade, year, month and day on large buttons (A11Y-01 touch alone), or by keys alone
(A11Y-10: arrows, Enter, Escape/Backspace back a step); 戻る steps back; only days up to today
are offered; 29 February only in leap years; the date pad stays one tap away ("数字で入力") and
refuses a day that does not exist with ``resident.bad_date``. Accessible names say the full
date with 和暦 (A11Y-15, ML-09)."""

from __future__ import annotations

import calendar
import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPushButton

from kiosk import i18n
from kiosk.catalogue.types.date_steps import ADULT_AGE
from kiosk.journey import CataloguePort, Screen
from kiosk.speech.output import WavSink
from kiosk.ui import fit
from kiosk.ui.date_picker import DatePicker
from kiosk.ui.operations import runner
from kiosk.ui.window import KioskWindow

from .helpers import bare_kanji_buttons, fill_sample

ADULT_DECADE = (dt.date.today().year - ADULT_AGE) // 10 * 10  # where a first birth date opens


@pytest.fixture
def members(qtbot, kiosk_window):
    """The resident window on the members screen of a household of two, both entered by hand."""
    window = kiosk_window(catalogue=CataloguePort.load(), staff_exit=True)
    assert runner().wait_idle(10_000)
    journey = window.journey
    journey.choose_language("ja")
    journey.acknowledge_notice()
    for answer in ("move_in", dt.date.today(), "same_prefecture", "new", 2, False, False):
        journey.answer(answer)
    assert journey.screen is Screen.MEMBERS and len(journey.session.members) == 2
    for i in range(2):
        _tap(window, qtbot, f"member{i}-manual")
    window.activateWindow()
    return window


def _find(window: KioskWindow, name: str) -> QPushButton | None:
    screen = window.current_screen()
    found = [b for b in screen.findChildren(QPushButton, name) if b.isVisibleTo(window) and b.isEnabled()]
    return found[0] if found else None


def _button(window: KioskWindow, name: str) -> QPushButton:
    """The button ``name`` once shown (a widget added to a shown layout appears on the next loop)."""
    QApplication.processEvents()
    found = _find(window, name)
    assert found is not None, f"no button {name}"
    return found


def _picker(window: KioskWindow) -> DatePicker:
    found = [p for p in window.current_screen().findChildren(DatePicker) if p.isVisibleTo(window)]
    assert len(found) == 1
    return found[0]


def _offered(window: KioskWindow) -> list[int]:
    return [int(b.objectName().split("-")[1]) for b in _picker(window).options if b.isVisibleTo(window)]


def _tap(window: KioskWindow, qtbot, *names: str) -> None:
    for name in names:
        qtbot.waitUntil(lambda name=name: _find(window, name) is not None)
        qtbot.mouseClick(_button(window, name), Qt.MouseButton.LeftButton)


def _arrows_to(window: KioskWindow, qtbot, name: str) -> None:
    """Arrow keys from the focused button to the button ``name``: rows first, then columns."""
    target = _button(window, name)
    for _ in range(30):
        focus = QApplication.focusWidget()
        assert isinstance(focus, QPushButton)
        if focus is target:
            return
        here, there = focus.mapTo(window, focus.rect().center()), target.mapTo(window, target.rect().center())
        if abs(there.y() - here.y()) > focus.height() // 2:
            key = Qt.Key.Key_Down if there.y() > here.y() else Qt.Key.Key_Up
        else:
            key = Qt.Key.Key_Right if there.x() > here.x() else Qt.Key.Key_Left
        qtbot.keyClick(focus, key)
    raise AssertionError(f"the arrows did not reach {name}")


def _born(window: KioskWindow, index: int) -> object:
    return window.journey.session.members[index].values.get("person.birth_date")


def test_a_birth_date_by_touch_in_four_taps(members, qtbot) -> None:
    window = members
    _tap(window, qtbot, "member1-birth")
    picker = _picker(window)
    assert _offered(window)[0] == 1900 and _offered(window)[-1] == dt.date.today().year // 10 * 10
    assert _find(window, "members-next") is None  # not before every member is complete
    _tap(window, qtbot, "date-2010")
    year = _button(window, "date-2016")
    assert year.accessibleName() == "2016年 平成28年"
    _tap(window, qtbot, "date-2016", "date-11")
    assert picker.heading.text().startswith("2016年 › 11月")
    assert _button(window, "date-8").accessibleName() == "2016年11月8日 平成28年11月8日"
    assert _offered(window) == list(range(1, 31))
    _tap(window, qtbot, "date-8")
    assert _born(window, 1) == dt.date(2016, 11, 8)
    assert not [p for p in window.current_screen().findChildren(DatePicker) if p.isVisibleTo(window)]
    assert "2016-11-08" in _button(window, "member1-birth").text()  # the rows again, the date shown


def test_back_goes_one_step_and_closes_at_the_first(members, qtbot) -> None:
    window = members
    _tap(window, qtbot, "member0-birth", "date-1980", "date-1989", "date-1")
    assert _offered(window)[-1] == 31
    assert _button(window, "date-7").accessibleName().endswith("昭和64年1月7日")
    assert _button(window, "date-8").accessibleName().endswith("平成元年1月8日")
    _tap(window, qtbot, "date-back")  # to the months of 1989
    assert _offered(window) == list(range(1, 13))
    _tap(window, qtbot, "date-back")  # to the years of the 1980s
    assert _offered(window) == list(range(1980, 1990))
    _tap(window, qtbot, "date-back", "date-back")  # the decades, then closed
    assert not [p for p in window.current_screen().findChildren(DatePicker) if p.isVisibleTo(window)]
    assert _born(window, 0) is None
    assert _button(window, "member0-birth").isVisibleTo(window)


@pytest.mark.parametrize(("year", "last"), [(2016, 29), (2015, 28), (2000, 29), (1900, 28)])
def test_29_february_only_in_leap_years(members, qtbot, year: int, last: int) -> None:
    window = members
    _tap(window, qtbot, "member0-birth", f"date-{year // 10 * 10}", f"date-{year}", "date-2")
    assert _offered(window) == list(range(1, last + 1))


def test_no_future_day_is_offered(members, qtbot) -> None:
    window, today = members, dt.date.today()
    _tap(window, qtbot, "member0-birth", f"date-{today.year // 10 * 10}")
    assert _offered(window)[-1] == today.year  # no later year
    _tap(window, qtbot, f"date-{today.year}")
    assert _offered(window) == list(range(1, today.month + 1))  # no later month
    _tap(window, qtbot, f"date-{today.month}")
    assert _offered(window) == list(range(1, today.day + 1))  # this month's later days are absent
    assert len(_offered(window)) <= calendar.monthrange(today.year, today.month)[1]
    _tap(window, qtbot, f"date-{today.day}")
    assert _born(window, 0) == today


def test_by_keys_alone_arrows_enter_and_escape(members, qtbot) -> None:
    """A11Y-10: the picker opened, crossed and left by keys only."""
    window = members

    def focus() -> QPushButton:
        widget = QApplication.focusWidget()
        assert isinstance(widget, QPushButton)
        return widget

    birth = _button(window, "member0-birth")
    for _ in range(30):  # Tab to the first member's birth date
        if QApplication.focusWidget() is birth:
            break
        qtbot.keyClick(QApplication.focusWidget() or window, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is birth
    qtbot.keyClick(focus(), Qt.Key.Key_Return)  # opens the picker on the decades, at an adult's
    qtbot.waitUntil(lambda: focus().objectName() == f"date-{ADULT_DECADE}")
    _arrows_to(window, qtbot, "date-2010")  # arrows across the grid to the 2010s
    qtbot.keyClick(focus(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: focus().objectName() == "date-2010")  # the first year of the decade
    _arrows_to(window, qtbot, "date-2016")
    qtbot.keyClick(focus(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: focus().objectName() == "date-1")  # January
    qtbot.keyClick(focus(), Qt.Key.Key_Escape)  # back: the years, the one chosen focused
    qtbot.waitUntil(lambda: focus().objectName() == "date-2016")
    qtbot.keyClick(focus(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: focus().objectName() == "date-1")
    qtbot.keyClick(focus(), Qt.Key.Key_Down)  # a row down: a later month
    month = int(focus().objectName().split("-")[1])
    assert month > 1
    qtbot.keyClick(focus(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: focus().objectName() == "date-1")  # the first day
    qtbot.keyClick(focus(), Qt.Key.Key_Backspace)  # Backspace also goes back
    qtbot.waitUntil(lambda: focus().objectName() == f"date-{month}")
    qtbot.keyClick(focus(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: focus().objectName() == "date-1")
    qtbot.keyClick(focus(), Qt.Key.Key_Right)
    qtbot.keyClick(focus(), Qt.Key.Key_Return)
    assert _born(window, 0) == dt.date(2016, month, 2)
    qtbot.waitUntil(lambda: focus().objectName() == "member0-sex1")  # on to the next thing to do
    qtbot.keyClick(focus(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: focus().objectName() == "member1-birth")
    qtbot.keyClick(focus(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: focus().objectName() == "date-2010")  # near the first person's 2016
    qtbot.keyClick(focus(), Qt.Key.Key_Escape)  # at the first step: closed, back on the member
    qtbot.waitUntil(lambda: focus().objectName() == "member1-birth")
    assert _born(window, 1) is None


def _focus() -> QPushButton:
    widget = QApplication.focusWidget()
    assert isinstance(widget, QPushButton)
    return widget


def _open_by_keys(window: KioskWindow, qtbot, name: str) -> DatePicker:
    """Enter on the member's birth-date button: the picker, its focus placed."""
    _button(window, name).setFocus()
    qtbot.keyClick(_focus(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: _focus().objectName().startswith("date-"))
    return _picker(window)


def test_the_keys_start_where_the_birth_date_is_likely(members, qtbot) -> None:
    """A11Y-10: the decades open on an adult's (today − 40 years) when nothing is known, on the
    household's when a member's birth date is (a partner after the first person), and a birth
    date already set opens on its decade, year, month and day; touch sees the same steps, none
    shown as chosen."""
    window = members
    picker = _open_by_keys(window, qtbot, "member0-birth")
    assert _focus().objectName() == f"date-{ADULT_DECADE}"
    assert _offered(window)[0] == 1900 and not any(b.property("selected") for b in picker.options)
    for value in (1980, 1989, 6, 15):
        _arrows_to(window, qtbot, f"date-{value}")
        qtbot.keyClick(_focus(), Qt.Key.Key_Return)
    assert _born(window, 0) == dt.date(1989, 6, 15)
    _open_by_keys(window, qtbot, "member1-birth")
    assert _focus().objectName() == "date-1980"  # near the first person's 1989
    qtbot.keyClick(_focus(), Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: _focus().objectName() == "member1-birth")
    # The first person's day changed: Enter three times reaches the day set, one arrow the next.
    picker = _open_by_keys(window, qtbot, "member0-birth")
    assert _focus().objectName() == "date-1980" and not any(b.property("selected") for b in picker.options)
    for shown in ("date-1989", "date-6", "date-15"):
        qtbot.keyClick(_focus(), Qt.Key.Key_Return)
        qtbot.waitUntil(lambda shown=shown: _focus().objectName() == shown)
    qtbot.keyClick(_focus(), Qt.Key.Key_Right)
    qtbot.keyClick(_focus(), Qt.Key.Key_Return)
    assert _born(window, 0) == dt.date(1989, 6, 16)


def test_a_corrected_year_keeps_the_month_and_day_set(members, qtbot) -> None:
    """A11Y-10: a birth date set by touch, then its year corrected by keys: the months open on
    its month and the days on its day (Enter keeps them); another month chosen by touch: the
    days still open on its day."""
    window = members
    _tap(window, qtbot, "member0-birth", "date-1980", "date-1989", "date-6", "date-15")
    _open_by_keys(window, qtbot, "member0-birth")
    qtbot.keyClick(_focus(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: _focus().objectName() == "date-1989")
    _arrows_to(window, qtbot, "date-1988")
    qtbot.keyClick(_focus(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: _focus().objectName() == "date-6")  # June, as set
    qtbot.keyClick(_focus(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: _focus().objectName() == "date-15")
    qtbot.keyClick(_focus(), Qt.Key.Key_Return)
    assert _born(window, 0) == dt.date(1988, 6, 15)
    _tap(window, qtbot, "member0-birth", "date-1980", "date-1988", "date-7")
    qtbot.waitUntil(lambda: _focus().objectName() == "date-15")
    _tap(window, qtbot, "date-15")
    assert _born(window, 0) == dt.date(1988, 7, 15)


def test_the_date_pad_is_one_tap_away_and_refuses_a_day_that_does_not_exist(members, qtbot) -> None:
    window = members
    _tap(window, qtbot, "member0-birth", "date-type")
    picker = _picker(window)
    pad = picker.pad
    assert pad is not None and pad.isVisibleTo(window)
    assert not picker.options[0].isVisibleTo(window)  # the pad instead of the steps

    def type_digits(digits: str) -> None:
        for digit in digits:
            qtbot.mouseClick(next(b for b in pad.grid.cells.values() if b.property("char") == digit),
                             Qt.MouseButton.LeftButton)
        qtbot.mouseClick(pad.ok, Qt.MouseButton.LeftButton)

    type_digits("20150229")  # no 29 February in 2015
    message = window.current_screen().message
    assert message.isVisibleTo(window) and "8けた" in message.label.text()
    assert _born(window, 0) is None
    qtbot.mouseClick(pad.cancel, Qt.MouseButton.LeftButton)  # back to the steps
    assert picker.pad is None and picker.options[0].isVisibleTo(window)
    _tap(window, qtbot, "date-type")
    pad = picker.pad
    assert pad is not None
    type_digits("20160229")
    assert _born(window, 0) == dt.date(2016, 2, 29)


def test_the_picker_follows_a_language_switch(members, qtbot) -> None:
    """ML-05: the same step in the new language; the chosen parts are kept."""
    window = members
    _tap(window, qtbot, "member0-birth", "date-2010", "date-2016")
    window.journey.switch_language("en")
    picker = _picker(window)
    assert _button(window, "date-11").text() == "November"
    assert picker.heading.text().startswith("2016")
    assert _button(window, "date-back").text() == "Back"
    assert _button(window, "date-type").text() == "Type the digits"


def test_easy_japanese_buttons_show_no_kanji_without_its_reading(members, qtbot) -> None:
    """A11Y-14: in やさしい日本語 a button that draws no furigana shows a kanji's reading in its place
    (数字で いれる → すうじで いれる, 自分で いれる → じぶんで いれる), on the members screen and at each
    step of the picker; the accessible name keeps the words as written."""
    window = members
    window.journey.switch_language("ja-easy")
    QApplication.processEvents()
    assert bare_kanji_buttons(window) == []
    manual = _button(window, "member0-manual")
    assert manual.text() == i18n.kana(i18n.text("resident.member_manual", "ja-easy"))
    assert manual.accessibleName().endswith(i18n.plain(i18n.text("resident.member_manual", "ja-easy")))
    for name in ("member0-birth", "date-2010", "date-2016", "date-11"):
        assert bare_kanji_buttons(window) == [], name
        _tap(window, qtbot, name)
    assert _button(window, "date-type").text() == "すうじで いれる"



def test_speech_mode_says_each_step_and_the_number_keys_choose(members, qtbot, tmp_path) -> None:
    """A11Y-06: in speech mode each step is said as a question screen is (what it asks, the parts
    chosen, the numbered options) and the keys 1–9 choose; WAV files from the real synthesis."""
    window = members
    sink = WavSink(tmp_path / "speech")
    window.speech.output = sink

    def heard(text: str) -> None:
        runner().wait_idle()
        qtbot.waitUntil(lambda: any(text in w.text for w in sink.written), timeout=20_000)

    _tap(window, qtbot, "member0-birth")
    qtbot.waitUntil(lambda: isinstance(QApplication.focusWidget(), QPushButton))
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Asterisk)  # speech on
    assert window.speech.on
    spoken = window.speech.spoken
    assert spoken is not None and spoken.screen == "date-decade"
    assert spoken.title == "年代を選んでください"
    assert [o.target for o in spoken.options] == [f"date-{d}" for d in _offered(window)]
    assert spoken.options[0].label == "1900年代"
    heard("年代を選んでください")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_9)  # the ninth decade: the 1980s
    spoken = window.speech.spoken
    assert spoken is not None and spoken.screen == "date-year" and spoken.question == "1980年代"
    assert spoken.options[9].label == "1989 (昭和64・平成元)"
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_4)  # 1983
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_5)  # May
    spoken = window.speech.spoken
    assert spoken is not None and spoken.screen == "date-day" and spoken.question == "1983年 › 5月"
    heard("日を選んでください")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_3)
    assert _born(window, 0) == dt.date(1983, 5, 3)
    spoken = window.speech.spoken
    assert spoken is not None and spoken.screen == "members"  # the rows again


def test_every_step_fits_the_four_sizes_in_normal_and_large_text(members, qtbot) -> None:
    """A11Y-01, A11Y-04: at 1920×1080, 1080×1920, 1366×768 and 1280×800, in normal and large
    text, each step (13 decades, a decade of years with two eras, 12 months, 31 days) keeps the
    window at its size and every button of the picker wholly in view, in five languages."""
    window = members
    misfits: list[str] = []

    def check(step: str) -> None:
        languages = ("ja", "ja-easy", "en", "ne", "pt-BR")
        for large in (False, True):
            window.large_button.setChecked(large)  # on the step shown: its columns follow
            for lang in languages if not large else languages[::-1]:
                window.journey.switch_language(lang)
                fit.settle()
                picker = _picker(window)
                buttons = [*picker.options, picker.back, picker.type_button]
                for width, height in fit.SIZES:
                    window.resize(width, height)
                    fit.settle()
                    where = f"{step} {lang} large={large} {width}x{height}"
                    if (window.width(), window.height()) != (width, height):
                        misfits.append(f"{where}: window {window.width()}x{window.height()}")
                    misfits.extend(f"{where}: {b.objectName()} out of view" for b in buttons
                                   if not fit._in_view(b, window))  # noqa: SLF001
                    problem = fit.misfit(window, (width, height))
                    if problem is not None:
                        misfits.append(f"{where}: {problem}")
        window.large_button.setChecked(False)
        window.journey.switch_language("ja")
        window.resize(1920, 1080)
        fit.settle()

    _tap(window, qtbot, "member0-birth")
    check("decades")
    _tap(window, qtbot, "date-1980")
    check("years")
    _tap(window, qtbot, "date-1989")
    check("months")
    _tap(window, qtbot, "date-1")
    check("days")
    assert misfits == [], "\n".join(misfits)


@pytest.fixture
def review(qtbot, kiosk_window):
    """The resident window on the first review page of a single adult entered by hand (English)."""
    port = CataloguePort.load()
    window = kiosk_window(catalogue=port, size=(1280, 800))
    assert runner().wait_idle(10_000)
    journey = window.journey
    fill_sample(window, port, "single_adult", "en")
    journey.acknowledge_notice()  # every question answered: straight to the review
    assert journey.screen is Screen.REVIEW
    page = window.current_screen().page
    qtbot.waitUntil(lambda: page.complete, timeout=10_000)
    yield window
    window.end_session()


def test_a_date_field_on_the_review_is_chosen_in_steps(review, qtbot) -> None:
    """The review editor's date fields: the same steps, the pad one tap away; back at the first
    step closes the editor; every button of a step fits 1280×800."""
    window = review
    screen = window.current_screen()
    form = window.journey.current_form()
    row = next(key for key, ff in screen.page.fields.items() if ff.field.kind.keypad == "date")
    field_id, person = row
    edit = f"edit-{'h' if person is None else person}-{field_id}"

    def value() -> object:
        values = window.journey.session.form_values[form.id]
        return values.household.get(field_id) if person is None else values.persons[person].get(field_id)

    _tap(window, qtbot, edit)
    picker = _picker(window)
    assert screen.stack.currentWidget() is screen.editor and picker.path.step.value == "decade"
    _tap(window, qtbot, "date-1980", "date-1984", "date-5")
    fit.settle()
    assert all(fit._in_view(b, window) for b in picker.options)  # noqa: SLF001
    assert _button(window, "date-12").accessibleName() == "May 12, 1984"
    _tap(window, qtbot, "date-12")
    assert value() == dt.date(1984, 5, 12)
    assert screen.stack.currentWidget() is not screen.editor
    _tap(window, qtbot, edit)  # by keys the steps open on the value: Enter four times keeps it
    qtbot.waitUntil(lambda: _focus().objectName() == "date-1980")
    for shown in ("date-1984", "date-5", "date-12"):
        qtbot.keyClick(_focus(), Qt.Key.Key_Return)
        qtbot.waitUntil(lambda shown=shown: _focus().objectName() == shown)
    qtbot.keyClick(_focus(), Qt.Key.Key_Return)
    assert value() == dt.date(1984, 5, 12) and screen.stack.currentWidget() is not screen.editor
    _tap(window, qtbot, edit, "date-back")  # back at the first step: the editor closes, nothing changed
    assert screen.stack.currentWidget() is not screen.editor and value() == dt.date(1984, 5, 12)
    _tap(window, qtbot, edit, "date-type")
    pad = _picker(window).pad
    assert pad is not None
    for digit in "20991231":  # a day still to come can be typed on the review (a move not yet made)
        qtbot.mouseClick(next(b for b in pad.grid.cells.values() if b.property("char") == digit),
                         Qt.MouseButton.LeftButton)
    qtbot.mouseClick(pad.ok, Qt.MouseButton.LeftButton)
    assert value() == dt.date(2099, 12, 31)
    _tap(window, qtbot, edit)  # a value after today: the pad first, holding it (the steps offer none)
    pad = _picker(window).pad
    assert pad is not None and pad.value == "20991231"


def test_a_date_near_today_opens_on_today(kiosk_window, qtbot) -> None:
    """A11Y-10: on the 国保 sheet of a resident whose employer's insurance ended, the day it
    ended (not a birth date, none set) opens on today's decade, year, month and day: Enter four
    times gives today. Another month of this year opens on its 1st; touch taps the same steps."""
    port, today = CataloguePort.load(), dt.date.today()
    window = kiosk_window(catalogue=port, size=(1280, 800))
    assert runner().wait_idle(10_000)
    journey = window.journey
    fill_sample(window, port, "foreign_family", "en")
    journey.acknowledge_notice()
    journey._go_review([f.id for f in journey.forms()].index("kokuho"))  # noqa: SLF001
    screen = window.current_screen()
    qtbot.waitUntil(lambda: screen.page is not None and screen.page.complete, timeout=10_000)
    persons = journey.session.form_values["kokuho"].persons

    assert persons[0].get("person.insurance_loss_date") is None
    _button(window, "edit-0-person.insurance_loss_date").setFocus()
    qtbot.keyClick(_focus(), Qt.Key.Key_Return)
    for shown in (today.year // 10 * 10, today.year, today.month, today.day):
        qtbot.waitUntil(lambda shown=shown: _focus().objectName() == f"date-{shown}")
        qtbot.keyClick(_focus(), Qt.Key.Key_Return)
    assert persons[0].get("person.insurance_loss_date") == today
    _tap(window, qtbot, "edit-1-person.insurance_loss_date", f"date-{today.year // 10 * 10}", f"date-{today.year}")
    qtbot.waitUntil(lambda: _focus().objectName() == f"date-{today.month}")  # the same steps by touch
    last = today.year - 1
    _tap(window, qtbot, "date-back", "date-back", f"date-{last // 10 * 10}", f"date-{last}")
    qtbot.waitUntil(lambda: _focus().objectName() == "date-1")  # last year: nothing known, January
    _tap(window, qtbot, "date-12")
    qtbot.waitUntil(lambda: _focus().objectName() == "date-1")
    _tap(window, qtbot, "date-31")
    assert persons[1].get("person.insurance_loss_date") == dt.date(last, 12, 31)
    window.end_session()
