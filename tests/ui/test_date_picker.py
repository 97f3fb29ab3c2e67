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
from kiosk.journey import CataloguePort, Screen
from kiosk.speech.output import WavSink
from kiosk.ui import fit
from kiosk.ui.date_picker import DatePicker
from kiosk.ui.operations import runner

from .date_picker_helpers import (
    ADULT_DECADE,
    arrows_to,
    born,
    find_button,
    focused,
    offered,
    shown_button,
    shown_picker,
    tap,
)
from .helpers import bare_kanji_buttons, fill_sample


def test_a_birth_date_by_touch_in_four_taps(members, qtbot) -> None:
    window = members
    tap(window, qtbot, "member1-birth")
    picker = shown_picker(window)
    assert offered(window)[0] == 1900 and offered(window)[-1] == dt.date.today().year // 10 * 10
    assert find_button(window, "members-next") is None  # not before every member is complete
    tap(window, qtbot, "date-2010")
    year = shown_button(window, "date-2016")
    assert year.accessibleName() == "2016年 平成28年"
    tap(window, qtbot, "date-2016", "date-11")
    assert picker.heading.text().startswith("2016年 › 11月")
    assert shown_button(window, "date-8").accessibleName() == "2016年11月8日 平成28年11月8日"
    assert offered(window) == list(range(1, 31))
    tap(window, qtbot, "date-8")
    assert born(window, 1) == dt.date(2016, 11, 8)
    assert not [p for p in window.current_screen().findChildren(DatePicker) if p.isVisibleTo(window)]
    assert "2016-11-08" in shown_button(window, "member1-birth").text()  # the rows again, the date shown


def test_back_goes_one_step_and_closes_at_the_first(members, qtbot) -> None:
    window = members
    tap(window, qtbot, "member0-birth", "date-1980", "date-1989", "date-1")
    assert offered(window)[-1] == 31
    assert shown_button(window, "date-7").accessibleName().endswith("昭和64年1月7日")
    assert shown_button(window, "date-8").accessibleName().endswith("平成元年1月8日")
    tap(window, qtbot, "date-back")  # to the months of 1989
    assert offered(window) == list(range(1, 13))
    tap(window, qtbot, "date-back")  # to the years of the 1980s
    assert offered(window) == list(range(1980, 1990))
    tap(window, qtbot, "date-back", "date-back")  # the decades, then closed
    assert not [p for p in window.current_screen().findChildren(DatePicker) if p.isVisibleTo(window)]
    assert born(window, 0) is None
    assert shown_button(window, "member0-birth").isVisibleTo(window)


@pytest.mark.parametrize(("year", "last"), [(2016, 29), (2015, 28), (2000, 29), (1900, 28)])
def test_29_february_only_in_leap_years(members, qtbot, year: int, last: int) -> None:
    window = members
    tap(window, qtbot, "member0-birth", f"date-{year // 10 * 10}", f"date-{year}", "date-2")
    assert offered(window) == list(range(1, last + 1))


def test_no_future_day_is_offered(members, qtbot) -> None:
    window, today = members, dt.date.today()
    tap(window, qtbot, "member0-birth", f"date-{today.year // 10 * 10}")
    assert offered(window)[-1] == today.year  # no later year
    tap(window, qtbot, f"date-{today.year}")
    assert offered(window) == list(range(1, today.month + 1))  # no later month
    tap(window, qtbot, f"date-{today.month}")
    assert offered(window) == list(range(1, today.day + 1))  # this month's later days are absent
    assert len(offered(window)) <= calendar.monthrange(today.year, today.month)[1]
    tap(window, qtbot, f"date-{today.day}")
    assert born(window, 0) == today


def test_by_keys_alone_arrows_enter_and_escape(members, qtbot) -> None:
    """A11Y-10: the picker opened, crossed and left by keys only."""
    window = members

    def focus() -> QPushButton:
        widget = QApplication.focusWidget()
        assert isinstance(widget, QPushButton)
        return widget

    birth = shown_button(window, "member0-birth")
    for _ in range(30):  # Tab to the first member's birth date
        if QApplication.focusWidget() is birth:
            break
        qtbot.keyClick(QApplication.focusWidget() or window, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is birth
    qtbot.keyClick(focus(), Qt.Key.Key_Return)  # opens the picker on the decades, at an adult's
    qtbot.waitUntil(lambda: focus().objectName() == f"date-{ADULT_DECADE}")
    arrows_to(window, qtbot, "date-2010")  # arrows across the grid to the 2010s
    qtbot.keyClick(focus(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: focus().objectName() == "date-2010")  # the first year of the decade
    arrows_to(window, qtbot, "date-2016")
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
    assert born(window, 0) == dt.date(2016, month, 2)
    qtbot.waitUntil(lambda: focus().objectName() == "member0-sex1")  # on to the next thing to do
    qtbot.keyClick(focus(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: focus().objectName() == "member1-birth")
    qtbot.keyClick(focus(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: focus().objectName() == "date-2010")  # near the first person's 2016
    qtbot.keyClick(focus(), Qt.Key.Key_Escape)  # at the first step: closed, back on the member
    qtbot.waitUntil(lambda: focus().objectName() == "member1-birth")
    assert born(window, 1) is None


def test_the_date_pad_is_one_tap_away_and_refuses_a_day_that_does_not_exist(members, qtbot) -> None:
    window = members
    tap(window, qtbot, "member0-birth", "date-type")
    picker = shown_picker(window)
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
    assert born(window, 0) is None
    qtbot.mouseClick(pad.cancel, Qt.MouseButton.LeftButton)  # back to the steps
    assert picker.pad is None and picker.options[0].isVisibleTo(window)
    tap(window, qtbot, "date-type")
    pad = picker.pad
    assert pad is not None
    type_digits("20160229")
    assert born(window, 0) == dt.date(2016, 2, 29)


def test_the_picker_follows_a_language_switch(members, qtbot) -> None:
    """ML-05: the same step in the new language; the chosen parts are kept."""
    window = members
    tap(window, qtbot, "member0-birth", "date-2010", "date-2016")
    window.journey.switch_language("en")
    picker = shown_picker(window)
    assert shown_button(window, "date-11").text() == "November"
    assert picker.heading.text().startswith("2016")
    assert shown_button(window, "date-back").text() == "Back"
    assert shown_button(window, "date-type").text() == "Type the digits"


def test_easy_japanese_buttons_show_no_kanji_without_its_reading(members, qtbot) -> None:
    """A11Y-14: in やさしい日本語 a button that draws no furigana shows a kanji's reading in its place
    (数字で いれる → すうじで いれる, 自分で いれる → じぶんで いれる), on the members screen and at each
    step of the picker; the accessible name keeps the words as written."""
    window = members
    window.journey.switch_language("ja-easy")
    QApplication.processEvents()
    assert bare_kanji_buttons(window) == []
    manual = shown_button(window, "member0-manual")
    assert manual.text() == i18n.kana(i18n.text("resident.member_manual", "ja-easy"))
    assert manual.accessibleName().endswith(i18n.plain(i18n.text("resident.member_manual", "ja-easy")))
    for name in ("member0-birth", "date-2010", "date-2016", "date-11"):
        assert bare_kanji_buttons(window) == [], name
        tap(window, qtbot, name)
    assert shown_button(window, "date-type").text() == "すうじで いれる"



def test_speech_mode_says_each_step_and_the_number_keys_choose(members, qtbot, tmp_path) -> None:
    """A11Y-06: in speech mode each step is said as a question screen is (what it asks, the parts
    chosen, the numbered options) and the keys 1–9 choose; WAV files from the real synthesis."""
    window = members
    sink = WavSink(tmp_path / "speech")
    window.speech.output = sink

    def heard(text: str) -> None:
        runner().wait_idle()
        qtbot.waitUntil(lambda: any(text in w.text for w in sink.written), timeout=20_000)

    tap(window, qtbot, "member0-birth")
    qtbot.waitUntil(lambda: isinstance(QApplication.focusWidget(), QPushButton))
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Asterisk)  # speech on
    assert window.speech.on
    spoken = window.speech.spoken
    assert spoken is not None and spoken.screen == "date-decade"
    assert spoken.title == "年代を選んでください"
    assert [o.target for o in spoken.options] == [f"date-{d}" for d in offered(window)]
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
    assert born(window, 0) == dt.date(1983, 5, 3)
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
                picker = shown_picker(window)
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

    tap(window, qtbot, "member0-birth")
    check("decades")
    tap(window, qtbot, "date-1980")
    check("years")
    tap(window, qtbot, "date-1989")
    check("months")
    tap(window, qtbot, "date-1")
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

    tap(window, qtbot, edit)
    picker = shown_picker(window)
    assert screen.stack.currentWidget() is screen.editor and picker.path.step.value == "decade"
    tap(window, qtbot, "date-1980", "date-1984", "date-5")
    fit.settle()
    assert all(fit._in_view(b, window) for b in picker.options)  # noqa: SLF001
    assert shown_button(window, "date-12").accessibleName() == "May 12, 1984"
    tap(window, qtbot, "date-12")
    assert value() == dt.date(1984, 5, 12)
    assert screen.stack.currentWidget() is not screen.editor
    tap(window, qtbot, edit)  # by keys the steps open on the value: Enter four times keeps it
    qtbot.waitUntil(lambda: focused().objectName() == "date-1980")
    for shown in ("date-1984", "date-5", "date-12"):
        qtbot.keyClick(focused(), Qt.Key.Key_Return)
        qtbot.waitUntil(lambda shown=shown: focused().objectName() == shown)
    qtbot.keyClick(focused(), Qt.Key.Key_Return)
    assert value() == dt.date(1984, 5, 12) and screen.stack.currentWidget() is not screen.editor
    tap(window, qtbot, edit, "date-back")  # back at the first step: the editor closes, nothing changed
    assert screen.stack.currentWidget() is not screen.editor and value() == dt.date(1984, 5, 12)
    tap(window, qtbot, edit, "date-type")
    pad = shown_picker(window).pad
    assert pad is not None
    for digit in "20991231":  # a day still to come can be typed on the review (a move not yet made)
        qtbot.mouseClick(next(b for b in pad.grid.cells.values() if b.property("char") == digit),
                         Qt.MouseButton.LeftButton)
    qtbot.mouseClick(pad.ok, Qt.MouseButton.LeftButton)
    assert value() == dt.date(2099, 12, 31)
    tap(window, qtbot, edit)  # a value after today: the pad first, holding it (the steps offer none)
    pad = shown_picker(window).pad
    assert pad is not None and pad.value == "20991231"
