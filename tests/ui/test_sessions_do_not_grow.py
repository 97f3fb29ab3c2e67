"""A kiosk that stays up for days (REL-) keeps what it built for the first resident and holds
nothing more after the next one: the reference journey played twice in one process through the
real widgets, the virtual card (pcscd + vpcd) and the cups-pdf queue (bench/soak.py plays it
hundreds of times and prints the figures).

What grew before: the card screen had no reset, so it was destroyed at every session end and
built again for the next resident; its new page scroller registered a new touch gesture type,
which PySide keeps for good as one more ``Qt.GestureType`` value. And every review page built
its rows anew (some 150 a session, where 41 now serve every page), each Qt object made from Python leaving PySide 6.11.3 with
references to None it never gives back; the rows are now kept, wiped, for the next pages.
The members screen rebuilt its rows on every tap, the date picker made some 130 buttons for
each birth date and each question its answers: the rows, the picker (one, kept by the members
screen), its options and the answers are now kept and relabelled; so are the review's page (one
for every form, its persons' heads and notices) and its editor's options, date picker and ゆうちょ
entry, which were built anew for each form and each edit.
PRIV-08 still holds: what is kept shows nothing of the resident who left, and holds nothing of
them either (no answer, date or name behind a hidden button)."""

from __future__ import annotations

import gc
import re

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QWidget

from kiosk.journey import Screen
from kiosk.ui import reference
from kiosk.ui.date_picker import DatePicker
from kiosk.ui.kanji_picker import KanjiStrip
from kiosk.ui.members import MembersScreen
from kiosk.ui.operations import runner
from kiosk.ui.review import ReviewScreen
from kiosk.ui.review_rows import ReviewRow
from kiosk.ui.screens import QuestionScreen
from kiosk.ui.town_picker import TownStrip
from kiosk.ui.widgets import RubyLabel

pytestmark = pytest.mark.gui

# The screens whose every widget is built for the first resident, then kept.
KEPT = (Screen.LANGUAGE, Screen.NOTICE, Screen.QUESTION, Screen.MEMBERS, Screen.CARD, Screen.CONFIRM,
        Screen.RESULT)


def _gesture_types() -> int:
    """The ``Qt.GestureType`` values alive: one more for every touch gesture type Qt registered."""
    gc.collect()
    return sum(1 for o in gc.get_objects() if type(o) is Qt.GestureType)


def _made(screen: QWidget) -> list[QWidget]:
    """The widgets made from Python (the kiosk's own, buttons, labels) under ``screen``."""
    return [w for w in screen.findChildren(QWidget)
            if type(w).__module__.startswith("kiosk.") or isinstance(w, QAbstractButton | QLabel)]


def _after_a_session(setup: reference.Setup) -> tuple[dict[Screen, object], int, int, set[ReviewRow],
                                                       dict[Screen, list[QWidget]]]:
    """One session played; what it leaves, and the widgets of each kept screen seen at every
    screen along it (the wrappers themselves: kept alive, no id is reused for a new widget)."""
    window = setup.kiosk.window
    seen: dict[Screen, list[QWidget]] = {key: [] for key in KEPT}

    def look(_name: str) -> None:
        key = window.journey.screen
        if key in seen and key in window.screens:
            seen[key].extend(_made(window.screens[key]))

    # the account typed (not the 公金受取口座), so that the bank and branch candidates are built too
    played = reference.play(setup, "ja", None, on_screen=look, account=reference.BANK_ACCOUNT)
    assert played.sheets, "the session printed nothing"
    assert runner().wait_idle(60_000)
    review = window.screens[Screen.REVIEW]
    assert isinstance(review, ReviewScreen)
    rows = set(review.findChildren(ReviewRow))
    # The editor's candidates (kanji of the children's names, bank, branch) and pad switches.
    # The page every form is shown on, its heads and notices, and the editor's options.
    page = review.kept_page
    seen[Screen.REVIEW] = [*review.editor.kept_strips, *review.editor.mode_buttons.values(), page,
                           page.hint, page.glyphs, *page.heads, *_editor_widgets(review)]
    for key in KEPT:
        seen[key].extend(_made(window.screens[key]))
    return dict(window.screens), len(QApplication.allWidgets()), _gesture_types(), rows, seen


def _shown_text(screen: QWidget) -> str:
    """Every text, accessible name and object name of the labels and buttons under ``screen``."""
    found: list[QLabel | QAbstractButton | RubyLabel] = [
        *screen.findChildren(QLabel), *screen.findChildren(QAbstractButton), *screen.findChildren(RubyLabel)]
    return "\n".join(f"{w.text()}|{w.accessibleName()}|{w.objectName()}" for w in found)


def test_a_second_session_builds_nothing_that_stays(kiosk_setup) -> None:
    """Every screen built for the first resident is the same widget after the second, and so is
    every review row, every widget of the screens before the review (the members' rows, the
    questions' answers, the date picker and its options) and after it; the widgets alive and
    the gesture types Qt registered are as many as after the first; what is kept shows and
    holds nothing of the last resident."""
    first_screens, first_widgets, first_gestures, first_rows, first_made = _after_a_session(kiosk_setup)
    kept = {*KEPT, Screen.REVIEW} - set(first_screens)
    assert kept == set(), f"destroyed at the session's end, to be built again: {sorted(k.value for k in kept)}"
    second_screens, second_widgets, second_gestures, second_rows, second_made = _after_a_session(kiosk_setup)

    rebuilt = sorted(key.value for key, screen in second_screens.items() if first_screens.get(key) is not screen)
    assert rebuilt == []
    assert second_widgets == first_widgets
    assert second_gestures == first_gestures
    # Not one widget of these screens built again, in the session (the members' rows were rebuilt
    # on every tap) or at its end.
    for key in (*KEPT, Screen.REVIEW):
        before = {id(w) for w in first_made[key]}
        new = sorted({type(w).__name__ for w in second_made[key] if id(w) not in before})
        assert new == [], f"{key.value}: built again in the second session: {new}"
        assert {id(w) for w in second_made[key]} == before, f"{key.value}: not the same widgets"
    window = kiosk_setup.kiosk.window
    members, question = window.screens[Screen.MEMBERS], window.screens[Screen.QUESTION]
    assert isinstance(members, MembersScreen) and isinstance(question, QuestionScreen)
    pickers = members.findChildren(DatePicker)
    # One picker for both children's birth dates, its buttons enough for the days of a month.
    assert len(pickers) == 1 and len(pickers[0].choices.buttons) >= 28
    # The rows of the longest page serve every page: the second review on the first's rows.
    assert len(first_rows) >= 20
    assert second_rows == first_rows

    # PRIV-08 for the rows kept: no label, value or button name of the last resident's forms.
    assert [(r.ja.text(), r.shown.text(), r.edit.objectName()) for r in second_rows
            if r.ja.text() or r.shown.text() or r.edit.objectName() or r.target is not None] == []

    # PRIV-08 for the kept card screen: nothing of the resident who left (name, reading, PIN
    # digit); the next resident starts at "place your card".
    card = window.screens[Screen.CARD]
    needles = [c.persona.name for c in kiosk_setup.cards] + [c.persona.name_kana or "" for c in kiosk_setup.cards]
    widgets = card.findChildren(QLabel) + card.findChildren(QAbstractButton)
    shown = "\n".join(w.text() + w.accessibleName() for w in widgets) + card.instruction.text()
    assert [n for n in needles if n and (n in shown or n.replace("\u3000", "") in shown)] == []
    assert card.result is None and card.reading.value is None and card.reading.candidates == []
    assert card.reading.pad.value == "" and card.pin.length == 0
    assert card.state == "place"

    # PRIV-08 for the kept members, question, confirm and result screens and the date picker:
    # no name, birth date or answer of the last household shown, chosen, named or held behind
    # a hidden button.
    manual = reference.manual_people(reference.household(), len(kiosk_setup.cards))
    personal = [n for c in kiosk_setup.cards for n in (c.persona.name, c.persona.name.replace("\u3000", ""))]
    personal += [*reference.CHILD_NAMES, *(p.birth_date.isoformat() for p in manual.values())]
    personal += [f"{p.birth_date.year}年" for p in manual.values()]
    for key in (Screen.QUESTION, Screen.MEMBERS, Screen.CONFIRM, Screen.RESULT):
        text = _shown_text(window.screens[key])
        assert [n for n in personal if n in text] == [], key.value
        chosen = [b.objectName() for b in window.screens[key].findChildren(QAbstractButton) if b.property("selected")]
        assert chosen == [], f"{key.value}: an answer of the last resident still shown as chosen"
    assert [b for b in members.findChildren(QAbstractButton) if re.match(r"member\d", b.objectName())] == []
    assert [b for b in question.findChildren(QAbstractButton) if b.objectName().startswith("answer-")] == []
    picker = pickers[0]
    assert picker.isHidden() and picker.options == [] and picker.heading.text() == "" and picker.pad is None
    assert picker.path.known is None and picker.path.decade is None
    assert set(picker.choices.values) == {None} and set(question.choices.values) == {None}
    assert members.picker is None and members.picking is None

    # PRIV-08 for the kept review page: no head, notice or row of the last household's forms.
    review = window.screens[Screen.REVIEW]
    assert isinstance(review, ReviewScreen)
    page = review.kept_page
    assert review.page is None and len(page.heads) >= 2 and page.heads_shown == 0
    assert [w.text() for w in (page.hint, page.glyphs, *page.heads) if w.text()] == []
    assert page.findChildren(ReviewRow) == [] and page.values == {} and page.fields == {}
    assert [n for n in personal if n in _shown_text(page)] == []

    # PRIV-08 for the review editor's kept candidates: no reading, name or bank left in them.
    editor = window.screens[Screen.REVIEW].editor
    strips = editor.kept_strips
    assert sorted(type(s).__name__ for s in strips) == ["BankStrip", "KanjiStrip", "TownStrip"]
    for strip in strips:
        assert strip.isHidden()
        if isinstance(strip, TownStrip):  # the town's areas, all of them: no digit typed narrows them
            assert strip.typed() == "" and strip.row is None and len(strip.shown()) == len(strip.buttons)
            continue
        assert [b.text() for b in strip.buttons if b.text()] == []
        assert [b.accessibleName() for b in strip.buttons if b.accessibleName()] == []
    assert [s.composed for s in strips if isinstance(s, KanjiStrip) and (s.composed or s.composed_reading)] == []


def _editor_widgets(review: ReviewScreen) -> list[QWidget]:
    """The review editor's kept widgets: options and their cancel, date picker, ゆうちょ entry."""
    editor = review.editor
    kept: list[QWidget] = [editor.options_box, editor.cancel, *editor.options.buttons]
    for part in (editor.kept_picker, editor.yucho):
        if part is not None:
            kept += [part, *_made(part)]
    return kept


def _next_tab_stop(widget: QWidget) -> QWidget:
    """The widget Tab goes to from ``widget``: the next in the focus chain that takes Tab."""
    after = widget.nextInFocusChain()
    while not after.focusPolicy() & Qt.FocusPolicy.TabFocus:
        after = after.nextInFocusChain()
    return after


def _a_session_with_edits(setup: reference.Setup) -> tuple[list[QWidget], int]:
    """The reference journey with the 児童手当 account at ゆうちょ銀行 (the 記号・番号 entry) and,
    on the first review page with a date, that date opened in the editor and left at its first
    step (戻る): the editor's widgets afterwards, and how many were seen while editing."""
    window = setup.kiosk.window
    dates: list[str] = []
    choices: list[str] = []

    def look(name: str) -> None:
        review = window.screens.get(Screen.REVIEW)
        page = review.page if isinstance(review, ReviewScreen) else None
        if not name.startswith("review-") or review is None or page is None:
            return
        row = next((key for key, ff in page.fields.items() if ff.field.kind.keypad == "choice"), None)
        if row is not None and not choices:  # its options, then 取消, in Tab's order (A11Y-10)
            review.open_editor(page.fields[row], row[1])
            editor = review.editor
            shown = [b for b in editor.options.buttons if b.isVisibleTo(editor)]
            assert len(shown) >= 2 and all(b.objectName().startswith("option-") for b in shown)
            assert [_next_tab_stop(b) for b in shown] == [*shown[1:], editor.cancel]
            choices.append(row[0])
            editor.cancel.click()  # nothing changed
            assert review.stack.currentWidget() is not editor
        if dates:
            return
        row = next((key for key, ff in page.fields.items() if ff.field.kind.keypad == "date"), None)
        if row is None:
            return
        review.open_editor(page.fields[row], row[1])
        picker = review.editor.picker
        assert picker is not None and picker.isVisibleTo(review.editor) and picker.options
        dates.append(row[0])
        picker.step_back()  # 戻る at the first step: the editor closes, nothing changed
        assert review.stack.currentWidget() is not review.editor

    played = reference.play(setup, "ja", None, on_screen=look, account=reference.YUCHO_ACCOUNT)
    assert played.sheets and dates and choices, "no sheet printed, or no date or choice edited on the review"
    assert runner().wait_idle(60_000)
    review = window.screens[Screen.REVIEW]
    assert isinstance(review, ReviewScreen)
    return _editor_widgets(review), len(dates)


def test_priv08_the_review_editor_keeps_its_widgets_and_nothing_of_the_last_household(kiosk_setup) -> None:
    """The review editor's options of a field of a few choices, its date picker and its ゆうちょ
    entry are built when first needed and are the same widgets after a second session's edits
    (each new one left PySide 6.11.3 holding references to None for good); at the session's end
    they show and hold nothing of the household that left (PRIV-08): no option chosen, no date,
    no 記号・番号."""
    first, dated = _a_session_with_edits(kiosk_setup)
    review = kiosk_setup.kiosk.window.screens[Screen.REVIEW]
    assert isinstance(review, ReviewScreen)
    editor = review.editor
    assert dated == 1 and editor.kept_picker is not None and editor.yucho is not None
    assert len(editor.options.buttons) >= 2  # a field of a few choices was edited
    second, _ = _a_session_with_edits(kiosk_setup)
    assert [type(w).__name__ for w in second if all(w is not f for f in first)] == []
    assert len(second) == len(first)

    picker, entry = editor.kept_picker, editor.yucho
    assert picker.isHidden() and entry.isHidden() and editor.options_box.isHidden()
    assert editor.picker is None and editor.target is None
    assert picker.options == [] and picker.heading.text() == "" and picker.pad is None
    assert picker.path.known is None and set(picker.choices.values) == {None}
    assert entry.typed == {"kigo": "", "bango": ""} and entry.pad.value == "" and not entry.converted
    assert set(editor.options.values) == {None} and editor.cancel.text() == ""
    assert [b.objectName() for b in editor.options.buttons if b.objectName() or b.text() or b.property("selected")] == []
    # The account's numbers, typed or converted, shown nowhere in the editor.
    text = _shown_text(editor)
    assert [n for n in ("14090", "87654321", "8765432", "四〇八") if n in text] == []
