"""What the clerk sees at the counter (issue #17): the step in words and the resident's language by
name in the header (never the journey's internal screen ids), the household so far in the side
panel (answers, members, procedures with their division) and nothing of it once the resident left
or the clerk signed out (PRIV-08), review labels whole at 1920×1080 and 1366×768, rows still to
fill and rows written by hand marked in words (A11Y-03: not by colour alone), and the keys of each
screen as a bar of keycaps."""

from __future__ import annotations

import re

import pytest
from counter_helpers import to_members, to_review
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QStyle
from staff_keys import sign_in_by_keys

from kiosk import i18n
from kiosk.config import SHIPPED_LANGUAGES
from kiosk.counter import CardStage, CounterController
from kiosk.journey import Screen
from kiosk.ui.counter.clerk_window import ClerkWindow
from kiosk.ui.operations import runner

SCREEN_IDS = "|".join(s.value for s in Screen)
INTERNAL = re.compile(rf"\b(?:{SCREEN_IDS})\b|\[[a-z-]+\]")


@pytest.fixture
def clerk(qtbot, catalogue_port):
    window = ClerkWindow(CounterController.create(catalogue_port))
    qtbot.addWidget(window)
    window.stack.setCurrentWidget(window.work_page)  # signed in (the sign-in itself: test_counter_windows)
    window.resize(1920, 1080)
    window.show()
    yield window
    window.gate.stop()


def shown_words(window: ClerkWindow) -> list[str]:
    QApplication.processEvents()
    return [label.text() for label in window.work_page.findChildren(QLabel) if label.isVisible() and label.text()]


def test_the_header_says_the_step_in_words_in_every_language(clerk):
    c = clerk.controller
    for lang in SHIPPED_LANGUAGES:
        seen = []
        c.start(lang)
        seen.append(clerk.status.text())
        c.acknowledge_notice()
        for _ in range(2):
            seen.append(clerk.status.text())
            assert re.fullmatch(r"質問 \d+（あと最大 \d+ 問）", clerk.status.text())
            q = c.journey.question()
            c.answer(q.options[0].code if q.kind == "choice" else True)
        autonym = i18n.plain(i18n.text("resident.autonym", lang))
        assert clerk.language.text() == f"住民の方の言語：{autonym}"
        for words in shown_words(clerk) + seen:
            assert not INTERNAL.search(words), (lang, words)
        c.finish()
    assert clerk.language.text() == ""
    assert clerk.status.text() == "言語の選択"


def test_a_question_shows_its_choices_numbered_and_its_keys_in_the_bar(clerk):
    c = clerk.controller
    c.start("ja")
    c.acknowledge_notice()
    q = c.journey.question()
    shown = clerk.choices.text()
    for n, option in enumerate(q.options, 1):
        assert f"{n}:{i18n.plain(option.label['ja'])}" in shown
    assert clerk.keys_help.isVisible() and "Shift＋番号" in clerk.keys_help.text()
    assert "Shift＋番号" in clerk.keys_help.accessibleName()  # the keycaps read as words


def test_the_panel_shows_the_household_so_far_and_forgets_it(clerk):
    c = clerk.controller
    to_review(c)
    lines = clerk.panel.lines
    assert any("転入" in line and "→" in line for line in lines), lines  # the event asked first, answered
    assert any(line.startswith("1. 山田") for line in lines), lines  # the members, by name
    assert any("（市民課）" in line and "住民異動届" in line for line in lines), lines  # procedure, division, form
    assert clerk.panel.isVisible() and "山田" in clerk.panel.body.text()
    # The resident leaves: the panel is empty (PRIV-08).
    c.finish()
    assert clerk.panel.lines == [] and clerk.panel.body.text() == ""


def test_signing_out_empties_the_panel_and_the_header(qtbot, catalogue_port, sqlite_db):
    """The clerk signs in (the real staff check), starts a household and signs out (Ctrl+Shift+L)
    in the middle of it: nothing of the household stays on the clerk's screen (PRIV-08)."""
    from kiosk import staff

    staff.create_account(sqlite_db, "clerk01", "clerk", "correct horse battery")
    window = ClerkWindow(CounterController.create(catalogue_port), db=sqlite_db)
    qtbot.addWidget(window)
    window.resize(1920, 1080)
    window.show()
    sign_in_by_keys(window, "clerk01")
    assert window.stack.currentWidget() is window.work_page
    assert window.staff.text() == "職員 clerk01"
    c = window.controller
    to_members(c)
    assert window.panel.lines and window.status.text() == "世帯の方"
    qtbot.keyClick(window.table, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert window.stack.currentWidget() is not window.work_page
    assert window.panel.lines == [] and window.panel.body.text() == ""
    assert window.staff.text() == "" and c.session.is_empty()
    assert runner().wait_idle(30_000)  # the sign-out's audit
    window.gate.stop()


@pytest.mark.parametrize("size", [(1920, 1080), (1366, 768)])
def test_review_labels_are_whole_and_rows_to_fill_are_marked(clerk, size):
    c = clerk.controller
    clerk.resize(*size)
    to_review(c)
    QApplication.processEvents()
    review = clerk.review
    margin = 2 * (review.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin) + 1)
    for row in range(review.rowCount()):
        item = review.item(row, 0)
        room = review.visualItemRect(item).width() - margin
        assert review.fontMetrics().horizontalAdvance(item.text()) <= room, (size, item.text())
    assert review.columnViewportPosition(2) + review.columnWidth(2) <= review.viewport().width()
    marks = {review.item(row, 0).text(): review.item(row, 2).text() for row in range(review.rowCount())}
    signature = next(label for label, (ff, _p) in zip(marks, review.rows, strict=True) if ff.handwrite)
    assert marks[signature] == "手書き"
    to_fill = [label for label, mark in marks.items() if mark == "未入力"]
    assert to_fill and signature not in to_fill
    # A value typed in: its row is no longer marked.
    row = list(marks).index("方書")
    assert marks["方書"] == "未入力"
    review.item(row, 1).setText("コーポ山田101")
    assert review.item(row, 2).text() == ""


def test_the_card_step_is_told_in_words(clerk):
    """Each stage of the card at the reader reads as words on the clerk's screen, not as the
    controller's stage ids."""
    c = clerk.controller
    c.start("ja")
    c.session.ensure_members(2)
    for member in c.session.members:
        member.source = "card"
    c.journey.members_done()
    assert c.journey.screen is Screen.CARD
    assert clerk.status.text() == "カードの読み取り 1／2"
    assert "F8" in clerk.keys_help.text()
    for stage in CardStage:
        c.card_stage(stage, 3)
        prompt = clerk.prompt.text()
        assert not re.search(r"[a-z]{3,}", prompt.replace("F8", "")), (stage, prompt)
        assert not INTERNAL.search(prompt)


def test_without_a_printer_the_result_lists_the_sheets_needed(qtbot, catalogue_port):
    """``kiosk counter --no-printer``: the confirm step lists the sheets it will print; the result still lists each sheet with its division (no
    waiting number: nothing was received), says it was not printed, and the next key starts the
    next resident with nothing of this one left on screen."""
    from kiosk.sheets.specimen import specimen_values
    from kiosk.ui.counter.app import build

    counter = build(catalogue_port)
    clerk, c = counter.clerk, counter.controller
    clerk.stack.setCurrentWidget(clerk.work_page)
    try:
        to_review(c)
        while c.journey.screen is Screen.REVIEW:
            form = c.form()
            qtbot.mouseClick(counter.resident.ok, Qt.MouseButton.LeftButton)
            if c.form() is form and c.journey.screen is Screen.REVIEW:
                spec = specimen_values(form)
                for field_id, person, _message in c.state().problems:
                    group = form.fields if person is None else form.persons.fields
                    ff = next(f for f in group if f.id == field_id)
                    c.set_value(ff, person, (spec.household if person is None else spec.persons[0])[field_id])
                qtbot.mouseClick(counter.resident.ok, Qt.MouseButton.LeftButton)
        assert c.journey.screen is Screen.CONFIRM
        forms = c.journey.forms()
        assert "印刷する用紙" in clerk.printed.text() and len(clerk.printed.rows) == len(forms)  # before printing
        qtbot.keyClick(clerk.line, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        assert c.journey.screen is Screen.RESULT and counter.print_state == "no_printer"
        assert clerk.printed.isVisible() and "印刷できませんでした" in clerk.printed.text()
        assert [title for title, _d, _n in clerk.printed.rows] == [f.title["ja"] for f in forms]
        assert all(division and number == "" for _t, division, number in clerk.printed.rows)
        assert "市民課" in clerk.printed.accessibleName()
        assert "Ctrl+Enter" in clerk.keys_help.text() and "次の方へ" in clerk.keys_help.text()
        qtbot.keyClick(clerk.line, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        assert c.journey.screen is Screen.LANGUAGE
        assert clerk.printed.rows == [] and clerk.panel.lines == []
    finally:
        counter.shutdown()


def test_the_resident_chooses_their_language_by_touch_once_a_clerk_is_signed_in(qtbot, catalogue_port, sqlite_db):
    """The clerk may not know the resident's language: the resident's window offers the languages
    as their autonyms, but only while a clerk is signed in (no session starts at an empty desk)."""
    from kiosk import staff
    from kiosk.ui.counter.app import build

    staff.create_account(sqlite_db, "clerk02", "clerk", "correct horse battery")
    counter = build(catalogue_port, db=sqlite_db)
    clerk, resident = counter.clerk, counter.resident
    try:
        assert not resident.languages.isVisibleTo(resident)  # signed out: nothing to start
        sign_in_by_keys(clerk, "clerk02")
        assert clerk.stack.currentWidget() is clerk.work_page
        assert resident.languages.isVisibleTo(resident)
        names = [b.text() for b in resident.languages.buttons.values()]
        assert len(names) == 10 and "日本語" in names and "Tiếng Việt" in names
        qtbot.mouseClick(resident.languages.buttons["vi"], Qt.MouseButton.LeftButton)
        c = counter.controller
        assert c.journey.screen is Screen.NOTICE and c.session.language == "vi"
        assert not resident.languages.isVisibleTo(resident)
        assert resident.ok.isVisibleTo(resident)  # the notice, in Vietnamese, to acknowledge
        assert resident.ok.text() == i18n.kana(i18n.text("resident.notice_ok", "vi"))
        qtbot.keyClick(clerk.line, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
        assert runner().wait_idle(30_000)
        assert c.session.is_empty() and not resident.languages.isVisibleTo(resident)
    finally:
        counter.shutdown()
