"""The clerk's keys at the counter (one screen: both windows side by side): a digit answers,
letters narrow the choices and Enter takes the first left, Shift+digit answers for each later
person asked the same question, the notice is the resident's to acknowledge; and nothing the
clerk types reaches the resident's PIN pad."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from kiosk.counter import CardStage, CounterController
from kiosk.journey import Screen
from kiosk.ui.counter.household_table import parse_date


@pytest.fixture
def counter(qtbot, catalogue_port):
    from kiosk.ui.counter.app import build

    made = build(catalogue_port)
    made.clerk.stack.setCurrentWidget(made.clerk.work_page)  # signed in (the sign-in itself: test_counter_windows)
    made.clerk.line.setFocus()
    yield made
    made.shutdown()


def _key(qtbot, widget, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(widget, key, modifier)
    QApplication.processEvents()


def test_one_screen_puts_both_windows_side_by_side(counter):
    assert len(QApplication.screens()) == 1
    assert counter.split is not None
    assert counter.split.widget(0) is counter.clerk and counter.split.widget(1) is counter.resident


def test_digits_type_ahead_and_everyone(qtbot, counter):
    c: CounterController = counter.controller
    line = counter.clerk.line
    _key(qtbot, line, Qt.Key.Key_1)  # the first language: 日本語
    assert c.journey.screen is Screen.NOTICE
    assert c.session.language == "ja"
    qtbot.mouseClick(counter.resident.ok, Qt.MouseButton.LeftButton)  # the resident acknowledges (PRIV-01)
    assert c.journey.screen is Screen.QUESTION
    q = c.journey.question()
    assert q.id == "event" and q.kind == "choice"
    qtbot.keyClicks(line, "move_i")  # type-ahead narrows to one choice
    assert counter.clerk.choices.text().count(":") == 1  # one choice left on the clerk's screen
    _key(qtbot, line, Qt.Key.Key_Return)
    assert c.session.answers["event"] == "move_in"
    assert line.text() == ""  # the next question starts empty
    # A date question: YYMMDD, Enter.
    while c.journey.screen is Screen.QUESTION and c.journey.question().kind != "date":
        _key(qtbot, line, Qt.Key.Key_1)
    q = c.journey.question()
    qtbot.keyClicks(line, "260401")
    _key(qtbot, line, Qt.Key.Key_Return)
    assert c.session.answers[q.id] == parse_date("20260401")
    # A yes-no question by its mnemonic letter.
    while c.journey.screen is Screen.QUESTION and c.journey.question().kind not in ("yes_no", "date"):
        _key(qtbot, line, Qt.Key.Key_1)
    q = c.journey.question()
    assert q is not None and q.kind == "yes_no"
    qtbot.keyClicks(line, "n")
    _key(qtbot, line, Qt.Key.Key_Return)
    assert c.session.answers[q.id] is False


def test_shift_answers_for_everyone_after_this_person(catalogue_port):
    c = CounterController.create(catalogue_port)
    c.start("ja")
    c.acknowledge_notice()
    j = c.journey
    while j.screen is Screen.QUESTION:
        c.answer(True if j.question().kind == "yes_no" else j.question().options[0].code
                 if j.question().kind == "choice" else 3 if j.question().kind == "count" else parse_date("20260401"))
    assert j.screen is Screen.MEMBERS
    for i in range(len(c.session.members)):
        c.set_member_source(i, "manual")
        c.set_member_text(i, "person.name", "ヤマダ　イチロウ")
        c.set_member_value(i, "person.birth_date", parse_date("19800101"))
        c.set_member_value(i, "person.sex", "1")
    # kept as the kiosk keeps a name chosen among its candidates: full-width space between the parts
    assert c.session.members[0].values["person.name"] == "ヤマダ\u3000イチロウ"
    c.members_done()
    asked: dict[str, list[int]] = {}
    while j.screen is Screen.QUESTION:
        q, person = j.question(), j.question_person()
        assert person is not None
        asked.setdefault(q.id, []).append(person)
        value = True if q.kind == "yes_no" else q.options[0].code if q.kind == "choice" else 1
        c.answer(value, everyone=True)
    # Each person question was put to the clerk once; the later people got the same answer.
    assert asked and all(people == [0] for people in asked.values())
    for qid in asked:
        answers = [m.answers.get(qid) for m in c.session.members if qid in m.answers]
        assert len(answers) >= 1 and len(set(map(str, answers))) == 1


def test_the_clerks_keys_never_reach_the_pin_pad(qtbot, counter):
    c = counter.controller
    pad = counter.resident.pin
    c.start("ja")
    c.session.ensure_members(1)
    c.session.members[0].source = "card"
    c.journey.members_done()
    assert c.journey.screen is Screen.CARD
    c.card_stage(CardStage.PIN, 3)
    assert pad.isVisible()
    qtbot.mouseClick(pad.keys["1"], Qt.MouseButton.LeftButton)
    assert c.state().pin_digits == 1
    for widget in (counter.clerk.line, counter.clerk, pad):
        widget.setFocus()
        for key in (Qt.Key.Key_2, Qt.Key.Key_3, Qt.Key.Key_4, Qt.Key.Key_Return):
            _key(qtbot, widget, key)
    assert pad.length == 1 and c.state().pin_digits == 1
    assert "（1 桁）" in counter.clerk.prompt.text()


def test_the_counter_locks_after_inactivity_and_wipes_the_session(qtbot, catalogue_port):
    """SEC-10 as at the clerk station; the resident's answers do not outlive the lock (PRIV-08)."""
    from kiosk.staff import StaffAccount
    from kiosk.ui.counter.app import build

    made = build(catalogue_port, lock_after_seconds=0.3)
    try:
        made.clerk.gate.admit(StaffAccount("clerk-01", "clerk"))
        made.controller.start("vi")
        made.controller.acknowledge_notice()
        made.controller.answer("move_in")
        assert not made.controller.session.is_empty()
        qtbot.waitUntil(lambda: made.clerk.stack.currentWidget() is made.clerk.sign_in_page, timeout=5000)
        assert made.controller.session.is_empty()
        assert made.controller.journey.screen is Screen.LANGUAGE
        assert made.clerk.sign_in_message.text()
    finally:
        made.shutdown()
