"""The clerk's keys at the counter (one screen: both windows side by side): a digit answers,
letters narrow the choices and Enter takes the first left, Shift+digit answers for each later
person asked the same question, the notice is the resident's to acknowledge; and nothing the
clerk types reaches the resident's PIN pad."""

from __future__ import annotations

import datetime as dt

import pytest
from counter_helpers import answer_people, to_form, to_members, to_review, type_keys
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from kiosk.counter import CardStage, CounterController
from kiosk.counter.typed_dates import typed_date
from kiosk.journey import Screen


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
    assert c.session.answers[q.id] == typed_date("20260401")
    # A yes-no question by its mnemonic letter (after the household table, which counts the people).
    while c.journey.screen is Screen.QUESTION and c.journey.question().kind not in ("yes_no", "date"):
        _key(qtbot, line, Qt.Key.Key_1)
    assert c.journey.screen is Screen.MEMBERS
    _key(qtbot, counter.clerk.table, Qt.Key.Key_C)  # one card holder
    _key(qtbot, counter.clerk.table, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert c.session.answers["household_size"] == 1  # the empty row after the card holder dropped
    c.card_unavailable()  # the card stays at home
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
                 if j.question().kind == "choice" else 3 if j.question().kind == "count" else typed_date("20260401"))
    assert j.screen is Screen.MEMBERS
    assert c.add_person() and c.add_person()  # three people
    for i in range(len(c.session.members)):
        c.set_member_source(i, "manual")
        c.set_member_text(i, "person.name", "ヤマダ　イチロウ")
        c.set_member_value(i, "person.birth_date", typed_date("19800101"))
        c.set_member_value(i, "person.sex", "1")
    # kept as the kiosk keeps a name chosen among its candidates: full-width space between the parts
    assert c.session.members[0].values["person.name"] == "ヤマダ\u3000イチロウ"
    c.members_done()
    assert c.session.answers["household_size"] == 3
    while j.screen is Screen.QUESTION and j.question_person() is None:  # the household's questions left
        c.answer(True)
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


def test_the_lock_while_a_household_cell_is_being_typed_wipes_it(qtbot, catalogue_port):
    """The clerk leaves the desk in the middle of a birth date: the inactivity sign-out closes the
    cell unsaved with the rest of the session (PRIV-08), and the counter goes on (it used to crash:
    the open cell was committed to a row the wiped session no longer had)."""
    from kiosk.staff import StaffAccount
    from kiosk.ui.counter.app import build

    made = build(catalogue_port, lock_after_seconds=3)
    try:
        clerk = made.clerk
        clerk.gate.admit(StaffAccount("clerk-01", "clerk"))
        to_members(made.controller)
        QApplication.processEvents()
        clerk.table.setFocus()
        type_keys("m2109")  # by hand, then half a birth date
        assert clerk.table.state() is clerk.table.State.EditingState
        qtbot.waitUntil(lambda: clerk.stack.currentWidget() is clerk.sign_in_page, timeout=10_000)
        assert made.controller.session.is_empty() and made.controller.journey.screen is Screen.LANGUAGE
        assert clerk.table.state() is not clerk.table.State.EditingState and clerk.household.rowCount() == 0
    finally:
        made.shutdown()


@pytest.mark.parametrize("by", ["touch", "keys"])
def test_the_clerk_signs_out_by_touch_or_keys_and_the_session_is_wiped(qtbot, catalogue_port, by):
    """SEC-10: the counter signs out on demand as the clerk station does (the サインアウト button, or
    Ctrl+Shift+L from the answer line); the resident's answers go with it (PRIV-08)."""
    from kiosk.staff import StaffAccount
    from kiosk.ui.counter.app import build

    made = build(catalogue_port)
    try:
        clerk = made.clerk
        clerk.gate.admit(StaffAccount("clerk-01", "clerk"))
        assert clerk.stack.currentWidget() is clerk.work_page
        made.controller.start("ja")
        made.controller.acknowledge_notice()
        made.controller.answer("move_in")
        assert not made.controller.session.is_empty()
        assert clerk.sign_out_button.isVisible() and "Ctrl+Shift+L" in clerk.sign_out_button.text()
        if by == "touch":
            qtbot.mouseClick(clerk.sign_out_button, Qt.MouseButton.LeftButton)
        else:
            clerk.activateWindow()  # a window's shortcut needs its window active
            qtbot.waitUntil(clerk.isActiveWindow, timeout=5000)
            clerk.line.setFocus()
            _key(qtbot, clerk.line, Qt.Key.Key_L,
                 Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
        qtbot.waitUntil(lambda: clerk.stack.currentWidget() is clerk.sign_in_page, timeout=5000)
        assert made.controller.session.is_empty()
        assert made.controller.journey.screen is Screen.LANGUAGE
        assert clerk.account is None
    finally:
        made.shutdown()


# Fewer key presses (issue #17) ------------------------------------------------------------------
def _type(widget, text: str) -> None:
    """Characters as the desk's keyboard and input method commit them (QTest knows only ASCII keys)."""
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QKeyEvent

    for ch in text:
        target = QApplication.focusWidget() or widget
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(target, QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, ch))
            target = QApplication.focusWidget() or target
        QApplication.processEvents()


def test_a_day_of_the_move_date_window_by_its_number(qtbot, counter):
    c: CounterController = counter.controller
    line = counter.clerk.line
    _key(qtbot, line, Qt.Key.Key_1)
    qtbot.mouseClick(counter.resident.ok, Qt.MouseButton.LeftButton)
    _key(qtbot, line, Qt.Key.Key_1)  # 転入
    assert c.journey.question().id == "move_date"
    days = c.journey.date_choices()
    today = c.session.household.today
    assert days[:4] == tuple(today - dt.timedelta(days=n) for n in range(4))
    shown = counter.clerk.choices.text()  # the days numbered as the kiosk orders its buttons
    assert "1:今日" in shown and "2:昨日" in shown and f"4:({'月火水木金土日'[days[3].weekday()]})" in shown
    assert "YYMMDD" in shown
    qtbot.keyClicks(line, "4")
    assert c.journey.question().id == "move_date"  # a digit alone does not answer: YYMMDD stays typeable
    _key(qtbot, line, Qt.Key.Key_Return)
    assert c.session.answers["move_date"] == today - dt.timedelta(days=3)


def test_the_household_table_goes_on_by_itself(qtbot, counter):
    from kiosk.ui.counter.household_table import BIRTH, NAME, SEX, SOURCE

    c: CounterController = counter.controller
    to_members(c)
    table = counter.clerk.table
    assert table.hasFocus() and (table.currentIndex().row(), table.currentIndex().column()) == (0, SOURCE)
    assert "c：カード" in counter.clerk.keys_help.text() and counter.clerk.keys_help.isVisible()

    def at() -> tuple[int, int]:
        return table.currentIndex().row(), table.currentIndex().column()

    _key(qtbot, table, Qt.Key.Key_C)  # a card holder: straight on to the next person
    assert c.session.members[0].source == "card" and at() == (1, SOURCE)
    _key(qtbot, table, Qt.Key.Key_M)  # by hand: on to the birth date
    assert c.session.members[1].source == "manual" and at() == (1, BIRTH)
    for digit in "910203":  # the first key opens the cell's editor, the others go into it
        qtbot.keyClicks(QApplication.focusWidget(), digit)
    # Six digits no YYYYMMDD birth date begins with (no year 9102): on to the sex cell by itself.
    assert at() == (1, SEX) and table.state() is not table.State.EditingState  # one key will do
    _key(qtbot, table, Qt.Key.Key_2)
    assert c.session.members[1].sex == "female" and at() == (1, NAME)
    _type(table, "由美")  # the given name alone: the family name is not known yet (the card is unread)
    _key(qtbot, QApplication.focusWidget(), Qt.Key.Key_Return)
    assert at() == (2, SOURCE)  # Enter: on to the next person
    qtbot.keyClicks(table, "2")  # a birth date typed on the card cell: a person typed by hand
    assert c.session.members[2].source == "manual" and at() == (2, BIRTH)
    for digit in "10920":
        qtbot.keyClicks(QApplication.focusWidget(), digit)
    assert c.session.members[2].birth_date == dt.date(2021, 9, 20) and at() == (2, SEX)
    model = counter.clerk.household
    assert model.data(model.index(1, NAME)) == "〔世帯の姓〕\u3000由美"
    assert c.session.members[1].values["person.name"] == "由美"
    assert c.session.members[1].birth_date == dt.date(1991, 2, 3)


def test_a_given_name_takes_the_household_family_name_for_a_japanese_national(catalogue_port):
    """A name typed alone takes the family name of the first member typed with one (no card here);
    a foreign national's name is left as typed; a full name is never touched."""
    c = CounterController.create(catalogue_port)
    family = to_members(c)
    typed = [("山田　一郎", "ヤマダ　イチロウ"), ("花子", None), ("マリア", None), ("鈴木　健", None)]
    for i, (name, reading) in enumerate(typed):
        c.set_member_value(i, "person.birth_date", typed_date("19800101" if i < 2 else "20160101"))
        c.set_member_value(i, "person.sex", "1")
        c.set_member_text(i, "person.name", name)
        if reading:
            c.set_member_text(i, "person.name_kana", reading)
    c.set_member_text(1, "person.name_kana", "ハナコ")
    assert c.waiting_family(1) == c.waiting_family(2) == "山田"  # shown in the table, in brackets
    assert c.waiting_family(0) is None and c.waiting_family(3) is None
    c.members_done()
    answer_people(c, family, {0: "japanese", 1: "japanese", 2: "resident_card", 3: "japanese"})
    names = [(m.values.get("person.name"), m.values.get("person.name_kana")) for m in c.session.members]
    assert names[1] == ("山田\u3000花子", "ヤマダ\u3000ハナコ")
    assert names[2][0] == "マリア"  # a foreign national's name as typed
    assert names[3][0] == "鈴木\u3000健"
    assert c.waiting_family(1) is None and c.waiting_family(2) is None


def test_bank_and_branch_as_a_clerk_types_them(catalogue_port):
    """The bank without its leading zeros or by romaji/kana; the branch by its 店番 once the bank
    is known (the end-to-end test prints the kiosk's sheets from these short forms)."""
    fields = catalogue_port.catalogue.fields
    bank, branch = fields["bank.name"], fields["bank.branch"]
    assert bank.kind.parse_typed(bank, "1", {}) == "0001"
    assert bank.kind.parse_typed(bank, "mizuho", {}) == bank.kind.parse_typed(bank, "みずほ", {}) == "0001"
    assert bank.kind.display(bank, "0001") == "みずほ (0001)"  # what the clerk's table then shows
    assert branch.kind.parse_typed(branch, "210", {"bank": "0001"}) == "0001210"
    assert branch.kind.parse_typed(branch, "shibuya", {"bank": "0001"}) == "0001210"
    assert branch.kind.parse_typed(branch, "0001210", {}) == "0001210"  # the 7 digits still work
    assert branch.kind.parse_typed(branch, "210", {}) == "210"  # no bank yet: refused on review


def _type_in_cell(qtbot, text: str) -> None:
    for ch in text:  # the first key opens the cell's editor, the others go into it
        qtbot.keyClicks(QApplication.focusWidget(), ch)


def test_review_enter_goes_to_the_next_row_to_fill(qtbot, counter):
    """After a value, Enter goes on to the next row still empty (or 窓口で確認); after a postal code,
    to the address it filled in, where the clerk types only the 番地."""
    c: CounterController = counter.controller
    to_review(c)
    review = counter.clerk.review
    assert "Enter" in counter.clerk.keys_help.text() and "1＝0001" in counter.clerk.keys_help.text()
    postal = next(n for n, (ff, _p) in enumerate(review.rows) if ff.field.kind.looks_up_town)
    town = next(n for n, (ff, p) in enumerate(review.rows) if ff.field.kind.fills_town and p == review.rows[postal][1])
    review.setCurrentCell(postal, 1)
    for ch in "1000001":  # seven digits: taken as they are whole, no Enter
        qtbot.keyClicks(QApplication.focusWidget(), ch)
    assert review.state() is not review.State.EditingState
    assert review.currentRow() == town and review.item(town, 1).text() == "東京都千代田区千代田"
    for ch in "1-2-3":
        qtbot.keyClicks(QApplication.focusWidget(), ch)
    _key(qtbot, QApplication.focusWidget(), Qt.Key.Key_Return)
    assert review.item(town, 1).text() == "東京都千代田区千代田1-2-3"
    values = c.values()
    here = review.currentRow()
    ff, person = review.rows[here]
    group = values.household if person is None else values.persons[person]
    assert here > town and group.get(ff.id) in (None, "", "窓口で確認")  # no arrow needed to get there


def test_the_bank_by_a_few_letters_and_the_branch_by_its_number(qtbot, counter):
    """On the 児童手当 form: the bank found by romaji as it is typed (shown before Enter), then the
    branch by its 3-digit 店番 alone."""
    c: CounterController = counter.controller
    to_review(c, public_account=False)  # the account typed, not the 公金受取口座
    to_form(qtbot, counter, "jidoteate")
    review, message = counter.clerk.review, counter.clerk.message
    bank = next(n for n, (ff, _p) in enumerate(review.rows) if ff.id == "bank.name")
    review.setCurrentCell(bank, 1)
    _type_in_cell(qtbot, "mizu")
    assert message.text() == "Enter で：みずほ (0001)"  # the match, before Enter takes it
    _key(qtbot, QApplication.focusWidget(), Qt.Key.Key_Return)
    assert c.values().household["bank.name"] == "0001" and review.item(bank, 1).text() == "みずほ (0001)"
    branch = next(n for n, (ff, _p) in enumerate(review.rows) if ff.id == "bank.branch")
    assert review.currentRow() == branch  # the next row to fill
    _type_in_cell(qtbot, "21")
    assert message.text() == "Enter で：麹町 (021)"  # what Enter would take: a 店番 typed short
    _type_in_cell(qtbot, "0")  # the bank known, its 3-digit 店番 is whole: taken without Enter
    assert c.values().household["bank.branch"] == "0001210" and review.item(branch, 1).text() == "渋谷 (210)"
    assert review.state() is not review.State.EditingState and review.currentRow() != branch
    assert message.text() == ""  # taken: nothing left for Enter to take
    # A row of a few choices: numbered on the clerk's screen, one digit takes one (no Enter).
    pick = next(n for n, (ff, _p) in enumerate(review.rows)
                if ff.field.kind.keypad == "choice" and 1 < len(ff.field.kind.choices(ff.field, "ja")) <= 9)
    ff, person = review.rows[pick]
    choices = ff.field.kind.choices(ff.field, "ja")
    review.setCurrentCell(pick, 1)
    assert counter.clerk.choices.text().startswith(f"1:{choices[0][1]}   2:{choices[1][1]}")
    _key(qtbot, review, Qt.Key.Key_2)
    group = c.values().household if person is None else c.values().persons[person]
    assert group[ff.id] == choices[1][0] and review.item(pick, 1).text() == choices[1][1]
    assert review.state() is not review.State.EditingState and review.currentRow() != pick
