"""Plays the reference family at the counter as a clerk would, by keys on the clerk's window
(every key press counted), with the resident's own taps on the resident's window (notice, PIN,
"I confirm"). Used by the end-to-end tests and ``bench/counter.py``; every decision stays in the
controller and the journey."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jaconv
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QPushButton, QWidget

from kiosk import town_areas
from kiosk.config import SHIPPED_LANGUAGES
from kiosk.counter import CardStage
from kiosk.journey import Screen
from kiosk.kanji import NAME_SEPARATOR, family_name, loaded_index
from kiosk.ui.counter.app import Counter
from kiosk.ui.counter.clerk_window import options_of
from kiosk.ui.counter.household_table import SOURCE
from kiosk.ui.play_hands import PIN, ManualPerson, PlayError, household_answer, pump_events, wait_until


@dataclass
class CounterPlayed:
    key_presses: int = 0  # every key the clerk pressed for the move-in (sign-in excluded)
    typed_chars: int = 0  # of which characters of data (dates, names, address)
    resident_taps: int = 0  # the resident's touches on their own screen (notice, PIN, confirmations)
    sheets: list[tuple[str, bytes]] = field(default_factory=list)
    sheet_ids: list[str] = field(default_factory=list)
    shots: list[Path] = field(default_factory=list)
    questions: int = 0
    steps: dict[str, list[int]] = field(default_factory=dict)  # step → [key presses, characters of data]
    result_rows: list[tuple[str, str, str]] = field(default_factory=list)  # the clerk's result: form, division, number
    panel_after: list[str] = field(default_factory=list)  # the clerk's side panel once the resident left

    def breakdown(self) -> list[tuple[str, int, int]]:
        """(step, key presses, of which characters of data), in the order the steps came."""
        return [(step, keys, chars) for step, (keys, chars) in self.steps.items()]


class CounterPlay:
    def __init__(self, counter: Counter, family: dict[str, Any], *, cards: list[Any], manual: dict[int, ManualPerson],
                 typed: list[tuple[str, str]], simulator: Any = None, shots: Path | None = None,
                 timeout: float = 30.0, on_card: Callable[[int], None] | None = None,
                 on_pin: Callable[[int, int], None] | None = None,
                 on_step: Callable[[str], None] | None = None,
                 type_pin: Callable[[int], None] | None = None) -> None:
        self.c = counter
        self.family = family
        self.cards, self.manual, self.typed = cards, manual, typed
        self.simulator, self.shots, self.timeout = simulator, shots, timeout
        self.on_card = on_card
        self.on_pin = on_pin  # (member index, digits typed so far) after each digit the resident taps
        self.on_step = on_step  # at each kind of step (a question, members, PIN, each review, confirm, result)
        self.type_pin = type_pin  # (member index) types the PIN and OK some other way than the resident's taps
        self.played = CounterPlayed()
        self.step = "language"  # where the next key presses are counted (the bench's breakdown)
        self.shown: set[str] = set()  # the steps reached so far

    @property
    def journey(self) -> Any:
        return self.c.controller.journey

    # Low level -----------------------------------------------------------------------------------
    def pump(self, seconds: float = 0.0) -> None:
        pump_events(seconds)

    def wait(self, predicate: Callable[[], bool], what: str, timeout: float | None = None) -> None:
        wait_until(predicate, what, timeout or self.timeout, self.pump, lambda: self.journey.screen.value)

    def press(self, key: Qt.Key, modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
        target = QApplication.focusWidget() or self.c.clerk
        if target.window() is not self.c.clerk.window():
            raise PlayError("the clerk's keys went to another window")
        QTest.keyClick(target, key, modifiers)
        self.played.key_presses += 1
        self.played.steps.setdefault(self.step, [0, 0])[0] += 1
        self.pump()

    def type(self, text: str) -> None:
        for ch in text:
            target = QApplication.focusWidget() or self.c.clerk
            if ch.isascii():
                QTest.keyClicks(target, ch)
            else:  # a character the keyboard's input method commits (QTest knows only ASCII keys)
                for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                    QApplication.sendEvent(target, QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, ch))
                    target = QApplication.focusWidget() or target
            self.played.key_presses += 1
            self.played.typed_chars += 1
            counts = self.played.steps.setdefault(self.step, [0, 0])
            counts[0] += 1
            counts[1] += 1
        self.pump()

    def tap(self, button: QPushButton) -> None:
        """The resident touches their own screen."""
        if not button.isVisible() or not button.isEnabled():
            raise PlayError(f"{button.objectName() or button.text()} is not there to touch "
                            f"(visible {button.isVisible()}, enabled {button.isEnabled()})")
        QTest.mouseClick(button, Qt.MouseButton.LeftButton)
        self.played.resident_taps += 1
        self.pump()

    def reached(self, name: str, *, shot: bool = True) -> None:
        """A kind of step is on show: ``on_step`` sees it, then (``shot``) its screenshots."""
        self.shown.add(name)
        if self.on_step is not None:
            self.on_step(name)
        if shot:
            self.shot(name)

    def shot(self, name: str) -> None:
        if self.shots is None:
            return
        # A clerk at machine speed answers faster than the resident's window shows each recorded
        # answer (1.5 s): the screenshot waits for the window to catch up, as it does at a clerk's pace.
        self.wait(lambda: not self.c.resident.hold.isActive(), "the resident's window", 5)
        self.pump(0.05)
        for who, widget in (("clerk", self.c.clerk), ("resident", self.c.resident)):
            path = self.shots / f"{len(self.played.shots) // 2 + 1:02d}-{name}-{who}.png"
            target: QWidget = widget
            target.grab().save(str(path))
            self.played.shots.append(path)

    # Sign-in (not part of the move-in's count) ------------------------------------------------------
    def sign_in(self, account: str, password: str) -> None:
        clerk = self.c.clerk
        clerk.account_field.setText(account)
        clerk.password_field.setText(password)
        clerk.sign_in()
        self.wait(lambda: clerk.stack.currentWidget() is clerk.work_page, "sign-in")
        self.wait(lambda: clerk.line.hasFocus() or QApplication.focusWidget() is clerk.line, "input line", 5)
        self.wait(lambda: loaded_index() is not None, "the kanji dictionaries", 60)  # read as the counter starts

    # The journey -------------------------------------------------------------------------------------
    def play(self, lang: str = "ja", *, resume: str | None = None) -> CounterPlayed:
        j = self.journey
        self.wait(lambda: j.screen is Screen.LANGUAGE, "language")
        self.c.clerk.line.setFocus()
        if resume is not None:  # the scanner types the code (not the clerk: not counted)
            QTest.keyClicks(self.c.clerk.line, resume)
            QTest.keyClick(self.c.clerk.line, Qt.Key.Key_Return)
            self.pump()
            if j.screen is Screen.LANGUAGE:
                raise PlayError(f"resume refused: {self.c.controller.state().message_key}")
        else:
            self.reached("language", shot=False)
            self.press(getattr(Qt.Key, f"Key_{(SHIPPED_LANGUAGES.index(lang) + 1) % 10}"))
            self.wait(lambda: j.screen is Screen.NOTICE, "notice")
            self.reached("notice", shot=False)
            self.tap(self.c.resident.ok)
        self._questions()
        if j.screen is Screen.MEMBERS:
            self._members()
        self._cards()
        self._questions()
        self._reviews()
        self.wait(lambda: j.screen is Screen.CONFIRM, "confirm")
        self.step = "confirm and print"
        self.reached("confirm")
        self.press(Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        self.wait(lambda: self.c.print_state not in ("", "rendering"), "printing", 120)
        if self.c.print_state != "done" or self.c.produced is None:
            raise PlayError(f"printing: {self.c.print_state}")
        self.played.sheets = list(self.c.produced.sheets)
        self.played.sheet_ids = list(self.c.produced.sheet_ids)
        self.played.result_rows = list(self.c.clerk.printed.rows)
        self.reached("result")
        self.step = "finish"
        self.press(Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        self.wait(lambda: j.screen is Screen.LANGUAGE and j.session.is_empty(), "session end")
        self.played.panel_after = list(self.c.clerk.panel.lines)
        return self.played

    def _everyone(self, qid: str, person: int, value: Any) -> bool:
        """The same answer holds for each later person who has one (Shift+digit)."""
        later = [p.get("answers", {}) for p in self.family.get("persons", [])[person + 1:]]
        return all(a.get(qid, value) == value for a in later)

    def _questions(self) -> None:
        j = self.journey
        while j.screen is Screen.QUESTION:
            q, person = j.question(), j.question_person()
            self.step = "questions" if person is None else "person questions"
            value = household_answer(self.family, q.id, person)
            if self.played.questions == 2 or q.kind == "date":  # a date question: its days listed
                self.reached(f"question-{q.id}", shot=self.played.questions == 2)
            before = (q.id, person)
            if q.kind == "date":
                day = value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))
                offered = j.date_choices()  # a day the question offers: its number (1 = today, …)
                self.type(str(offered.index(day) + 1) if day in offered[:9] else day.strftime("%y%m%d"))
                self.press(Qt.Key.Key_Return)
            else:
                values = [v for v, _label in options_of(q)]
                if value not in values:
                    raise PlayError(f"{q.id}: no answer {value!r}")
                everyone = person is not None and self._everyone(q.id, person, value)
                key = getattr(Qt.Key, f"Key_{values.index(value) + 1}")
                self.press(key, Qt.KeyboardModifier.ShiftModifier if everyone else Qt.KeyboardModifier.NoModifier)
            self.played.questions += 1

            def moved_on(before: tuple[str, int | None] = before) -> bool:
                q = j.question()
                return (q.id if q is not None else None, j.question_person()) != before

            self.wait(moved_on, "next question")

    def _members(self) -> None:
        self.step = "members table"
        table = self.c.clerk.table
        self.wait(table.hasFocus, "household table", 5)
        people = len(self.family.get("persons", []))  # the table starts with one row and grows
        family = ""  # the household's family name, once a card holder or a name typed gives it
        for i in range(people):
            while table.currentIndex().row() < i:  # the table goes on by itself; arrows otherwise
                self.press(Qt.Key.Key_Down)
            if table.currentIndex().column() != SOURCE:
                self.press(Qt.Key.Key_Home)
            if i < len(self.cards) and self.cards[i] is not None:
                self.type("c")  # a card holder: on to the next person
                family = family or family_name(self.cards[i].persona.name)
                continue
            person = self.manual[i]  # by hand: the birth date typed on the card cell goes to its own
            name = person.chosen.get("person.name") or person.values.get("person.name", "")
            shared = family and family_name(name) == family and name != family
            family = family or family_name(name)
            self.type(person.birth_date.strftime("%y%m%d"))
            if table.state() is table.State.EditingState:  # not gone on by itself: YYYYMMDD could follow
                self.press(Qt.Key.Key_Tab)
            self.type(person.sex)  # one key: on to the name
            self._name(name, person.values.get("person.name", ""), shared=bool(shared))
        self.reached("members")
        self.press(Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        for i in range(people):  # names typed in kanji: their readings are offered in the table
            typed = self.manual.get(i)
            if typed is not None and typed.chosen.get("person.name") and i >= len(self.cards):
                def offered(index: int = i) -> bool:
                    return bool(self.journey.session.members[index].values.get("person.name_kana"))

                self.wait(offered, "the name's reading")

    def _name(self, name: str, reading: str, *, shared: bool) -> None:
        """The name as a clerk types it: its reading in romaji, then the number of its kanji among
        those the table offers (the given name alone when it takes the household's family name);
        when it is not offered, written over (through the desk's input method) and Enter."""
        given = (name.replace(NAME_SEPARATOR, " ").split(" ", 1)[1] if shared else name).replace(" ", NAME_SEPARATOR)
        spoken = reading.replace(NAME_SEPARATOR, " ").split(" ")[-1] if shared else reading.replace(NAME_SEPARATOR, " ")
        romaji = jaconv.kana2alphabet(jaconv.kata2hira(spoken)) if spoken else ""
        if romaji:
            self.type(romaji)
            offer = self.c.clerk.table.offered()
            if offer is not None and "members-name" not in self.shown:
                self.reached("members-name")  # the spellings offered, numbered
            if offer is not None and given in offer.names:
                self.type(str(offer.names.index(given) + 1))  # the kanji chosen: on to the next person
                return
            self.press(Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)  # not offered: written over
        self.type(given)
        self.press(Qt.Key.Key_Return)

    def _cards(self) -> None:
        j = self.journey
        state = self.c.controller.state
        while j.screen is Screen.CARD:
            index = state().card_member
            if index is None:
                raise PlayError("no member at the card reader")
            if self.on_card is not None:
                self.on_card(index)
            elif self.simulator is not None:
                self.simulator.replace_card(self.cards[index])
                self.simulator.insert()
            self.wait(lambda: state().card_stage is CardStage.PIN, "PIN pad")
            if self.type_pin is not None:
                self.type_pin(index)
            else:
                self._tap_pin(index)
            self.wait(lambda: state().card_stage is CardStage.TAKE, "card read")
            if index == 0:
                self.reached("card-take", shot=False)
            if self.simulator is not None:
                self.simulator.remove()
            def taken(index: int = index) -> bool:
                return state().card_member != index

            self.wait(taken, "card taken")

            def reading_offered(index: int = index) -> bool:
                return bool(self.journey.session.members[index].values.get("person.name_kana"))

            self.wait(reading_offered, "card holder's reading")  # the clerk then accepts it as it is

    def _tap_pin(self, index: int) -> None:
        """The resident taps the PIN and OK on their window's pad."""
        pad = self.c.resident.pin
        for n, digit in enumerate(PIN, 1):
            self.tap(pad.keys[digit])
            if self.on_pin is not None:
                self.on_pin(index, n)
            if n == 2 and index == 0:
                self.reached("card-pin")
        self.tap(pad.keys["ok"])

    def _reviews(self) -> None:
        j = self.journey
        seen = 0
        while j.screen is Screen.REVIEW:
            form = j.current_form()
            self.step = f"review {form.id}"
            self._fill(form)
            seen += 1
            self.reached(f"review-{form.id}", shot=seen == 1)
            before = j.detail
            self.tap(self.c.resident.ok)  # the resident confirms: on to the next form
            if j.screen is Screen.REVIEW and j.detail == before:
                raise PlayError(f"review of {form.id} refused: {self.c.controller.state().problems}")

    def _fill(self, form: Any) -> None:
        clerk = self.c.clerk
        values = self.c.controller.values()
        if values is None:
            return
        for field_id, text in self.typed:
            current = values.household.get(field_id)
            if field_id not in values.household or (current and str(current).endswith(text)):
                continue
            row = next(n for n, (ff, person) in enumerate(clerk.review.rows) if ff.id == field_id and person is None)
            while clerk.review.currentRow() < row:
                self.press(Qt.Key.Key_Down)
            while clerk.review.currentRow() > row:
                self.press(Qt.Key.Key_Up)
            ff = clerk.review.rows[row][0]
            choices = [v for v, _label in ff.field.kind.choices(ff.field, "ja")] if ff.field.kind.keypad == "choice" else []
            if text in choices and len(choices) <= 9:
                self.type(str(choices.index(text) + 1))  # a choice by its number, taken at once
                continue
            if ff.field.kind.offers_town_areas(ff.field):
                text = self._area_prefix(text)  # a postal code inside the town: its area's name, if shorter
            self.type(str(choices.index(text) + 1) if text in choices else text)
            if clerk.review.state() is clerk.review.State.EditingState:  # a whole value goes on by itself
                self.press(Qt.Key.Key_Return)


    def _area_prefix(self, code: str) -> str:
        """The shortest romaji prefix that names the town's area with postal code ``code`` alone,
        when it is shorter than the code (``chiy`` for 千代田 1000001); else the code."""
        areas = town_areas.loaded_areas(self.c.controller.postal_areas) if self.c.controller.postal_areas else None
        area = areas.find(code) if areas is not None else None
        if areas is None or area is None or area is areas.fallback:
            return code
        prefix = next((area.romaji[:n] for n in range(1, len(area.romaji) + 1)
                       if areas.only_match(area.romaji[:n]) == area), code)
        return prefix if len(prefix) < len(code) else code
