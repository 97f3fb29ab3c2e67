"""Plays a household through the real widgets with real mouse clicks (QTest), as a resident
would: the reference journey of ``kiosk demo`` and of the end-to-end tests (language, notice,
questions, members, cards, every review, printing). It only reads the screen's state and clicks
through :class:`kiosk.ui.play_hands.Hands`; every decision stays in the journey."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kiosk.card.virtual_card import VirtualCard
from kiosk.catalogue.types import to_katakana
from kiosk.journey import Screen
from kiosk.session import SOURCE_CARD
from kiosk.ui.play_hands import PIN, Hands, ManualPerson, Played, PlayError, household_answer

if TYPE_CHECKING:  # pragma: no cover
    from kiosk.ui.card_screen import CardScreen


class Autoplay(Hands):
    def __init__(self, window: Any, household: dict, *, cards: list[Any] | None = None,
                 manual: dict[int, ManualPerson] | None = None, typed: list[tuple[str, str]] | None = None,
                 simulator: Any = None,
                 shots: Path | None = None, lang: str = "ja", timeout: float = 30.0,
                 on_card: Callable[[int], None] | None = None, keys: bool = False,
                 on_screen: Callable[[str], None] | None = None, confirm_readings: bool = True) -> None:
        super().__init__(window, shots=shots, timeout=timeout, keys=keys, on_screen=on_screen)
        self.household = household
        self.cards = cards or []  # per member index: a Persona/VirtualCard, or None for by hand
        self.manual = manual or {}
        self.typed = typed or []  # household fields typed on the review screen, in order
        self.simulator = simulator
        self.lang = lang
        self.on_card = on_card
        self.confirm_readings = confirm_readings  # False: the card is taken out before a reading is chosen

    # The journey ------------------------------------------------------------------------------
    def play(self) -> Played:
        self.play_to_confirm()
        return self.print_and_finish()

    def play_to_confirm(self, *, stop_at_review: bool = False) -> None:
        """Language, notice, questions, members, cards, person questions and every review."""
        j = self.w.journey
        self.wait(lambda: j.screen is Screen.LANGUAGE and not j.starting, "language screen")
        self.shot("language")
        self.click(self.find(f"lang-{self.lang}"))
        self.wait(lambda: j.screen is Screen.NOTICE, "notice")
        self.shot("notice")
        self.click(self.find("notice-ok"))
        self._questions()
        self._members()
        self._cards()
        self._questions()
        if stop_at_review:
            return
        self._reviews()
        self.wait(lambda: j.screen is Screen.CONFIRM, "confirm")

    def print_and_finish(self) -> Played:
        j = self.w.journey
        self.shot("confirm")
        self.click(self.find("confirm-print"))
        self.wait(lambda: j.screen is Screen.RESULT, "result")
        result = self.w.screens[Screen.RESULT]
        self.wait(lambda: result.state in ("done", "no_printer", "failed", "out_of_paper")
                  or result.state.startswith(("print.", "resident.")), "printing", timeout=120)
        self.shot("result")
        if result.produced is not None:
            self.played.sheets = list(result.produced.sheets)
            self.played.sheet_ids = list(result.produced.sheet_ids)
            self.played.guide = result.produced.guide
        self.played.transitions = [(v.screen.value, v.seconds) for v in j.visits]
        self.click(self.find("result-done"))
        self.wait(lambda: j.screen is Screen.LANGUAGE and j.session.is_empty(), "session end")
        self.played.record = self.w.ended_records[-1] if self.w.ended_records else None
        return self.played

    def _questions(self) -> None:
        j = self.w.journey
        while j.screen is Screen.QUESTION:
            q = j.question()
            person = j.question_person()
            value = household_answer(self.household, q.id, person)
            self.shot(f"question-{q.id}" + (f"-p{person + 1}" if person is not None else ""))
            before = j.detail
            if q.kind == "date":
                self._date(value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)))
            else:
                index = self._choice_index(q, value)
                self.click(self.find(f"answer-{index}"))

            def moved_on(before: object = before) -> bool:
                return j.screen is not Screen.QUESTION or j.detail != before

            self.wait(moved_on, "next question")

    def _date(self, day: dt.date) -> None:
        """A day the question offers is tapped; any other is typed on the date pad."""
        offered = self.w.journey.date_choices()
        if day in offered:
            self.click(self.find(f"answer-{offered.index(day)}"))
            return
        if offered:
            self.click(self.find("date-other"))
        self.type_on_pad(self.w.current_screen().pad, day.strftime("%Y%m%d"))

    @staticmethod
    def _choice_index(q: Any, value: Any) -> int:
        if q.kind == "yes_no":
            return 0 if value in (True, "yes", "true") else 1
        if q.kind == "choice":
            codes = [o.code for o in q.options]
            if value not in codes:
                raise PlayError(f"{q.id}: no option {value!r}")
            return codes.index(value)
        if q.kind == "count":
            low = q.minimum if q.minimum is not None else 0
            return int(value) - low
        raise PlayError(f"{q.id}: kind {q.kind}")

    def _members(self) -> None:
        j = self.w.journey
        self.wait(lambda: j.screen is Screen.MEMBERS, "members")
        for i, _member in enumerate(j.session.members):
            if i < len(self.cards) and self.cards[i] is not None:
                self.click(self.find(f"member{i}-card"))
            else:
                person = self.manual[i]
                self.click(self.find(f"member{i}-manual"))
                self.click(self.find(f"member{i}-birth"))
                self.choose_date(person.birth_date, typed=person.birth_typed)
                self.click(self.find(f"member{i}-sex{person.sex}"))
        self.shot("members")
        self.click(self.find("members-next"))

    def _cards(self) -> None:
        j = self.w.journey
        while j.screen is Screen.CARD:
            member = j.current_member()
            index = j.session.members.index(member)
            screen = self.w.current_screen()
            if self.on_card is not None:
                self.on_card(index)
            elif self.simulator is not None:
                self.simulator.replace_card(self.cards[index])
                self.simulator.insert()
            self.shot(f"card-place-p{index + 1}")
            self.wait(functools.partial(_in_state, screen, "pin"), "PIN pad")
            self.shot(f"card-pin-p{index + 1}")
            self.type_pin(screen, PIN)
            self.wait(functools.partial(_in_state, screen, "take"), "card read")
            if self.confirm_readings:
                self._confirm_reading(screen, index)
            self.shot(f"card-take-p{index + 1}")
            if self.simulator is not None:
                self.simulator.remove()

            def taken(member: object = member) -> bool:
                return j.current_member() is not member

            self.wait(taken, "card taken")
            if member.source != SOURCE_CARD or not member.card:
                raise PlayError("card data did not arrive")

    def _confirm_reading(self, screen: Any, index: int) -> None:
        """One tap on the card name's reading (the persona's registered one when the card has a
        persona); typed on the katakana pad when no candidate gives it."""
        picker = screen.reading
        self.wait(lambda: picker.ready, "reading candidates")
        card = self.cards[index] if index < len(self.cards) else None
        registered = card.persona.name_kana if isinstance(card, VirtualCard) else None
        wanted = to_katakana(registered) if registered else None
        candidates = picker.candidates
        if wanted is None and candidates:
            wanted = candidates[0]
        if wanted is None:
            return
        if wanted in candidates:
            self.click(self.find(f"reading-{candidates.index(wanted)}", picker))
        else:
            self.click(self.find("reading-type", picker))
            self.type_on_pad(picker.pad, wanted.replace("\u3000", ""))
        if picker.value is None:
            raise PlayError("the reading was not confirmed")

    def _reviews(self) -> None:
        j = self.w.journey
        seen = 0
        while j.screen is Screen.REVIEW:
            form = j.current_form()
            screen = self.w.current_screen()
            self._fill_manual(form, screen)
            seen += 1
            self.shot(f"review-{seen}-{form.id}")
            before = j.detail
            self.click(self.find("review-next"))
            if j.screen is Screen.REVIEW and j.detail == before:
                raise PlayError(f"review of {form.id} refused: {screen.message.label.text()}")

    def _type_into(self, screen: Any, ff: Any, row: int | None, text: str, choose: str | None = None) -> None:
        self.wait(lambda: screen.page is None or screen.page.complete, "review rows")  # long forms come in slices
        editor = screen.editor
        if not (screen.stack.currentWidget() is editor and editor.target == (ff, row)):  # (a bank goes on to its branch)
            self.click(self.find(f"edit-{'h' if row is None else row}-{ff.id}"))
        from kiosk.ui.yucho_entry import YuchoEntry

        entry = next((e for e in editor.findChildren(YuchoEntry) if e.isVisibleTo(editor)), None)
        if entry is not None:  # ゆうちょ銀行: the 記号, OK, the 番号, OK
            for part in text.split():
                self.type_on_pad(entry.pad, part)
            return
        if ff.field.kind.keypad in ("bank", "bank_branch"):  # a few kana of the name or the code, then its candidate
            from kiosk.ui.keypads import KanaPad

            if text.isdigit():
                self.click(self.find("pad-digits", editor))
            elif not isinstance(editor.pad, KanaPad):
                self.click(self.find("pad-hiragana", editor))
            self.type_on_pad(editor.pad, text, ok=False)
            from kiosk.ui.bank_picker import BankStrip

            self.wait(lambda: isinstance(editor.kanji, BankStrip) and bool(editor.kanji.shown()), "bank candidates")
            self.click(self.find("bank-0", editor))
            return
        if ff.field.kind.keypad == "choice":
            self.click(self.find(f"option-{text}", editor))
            return
        if ff.field.kind.offers_town_areas(ff.field) and self._choose_area(editor, text):
            return  # a postal code inside the town: its area chosen, nothing typed
        if ff.field.kind.keypad == "date":  # YYYYMMDD: chosen in steps (a later day typed on the pad)
            day = dt.date(int(text[:4]), int(text[4:6]), int(text[6:8]))
            self.choose_date(day, typed=day > dt.date.today(), root=editor)
            return
        if ff.field.kind.keypad in ("text", "name"):
            if any(c.isascii() for c in text):
                self.click(self.find("pad-alpha", editor))
            elif any(0x30A0 <= ord(c) <= 0x30FF for c in text):
                self.click(self.find("pad-katakana", editor))
        if choose is not None:
            self._choose_candidate(editor, text, choose)
            return
        self.type_on_pad(editor.pad, text)

    def _choose_area(self, editor: Any, code: str) -> bool:
        """Tap the kana row of the area with postal code ``code``, then the area (turning the
        pages as needed); False when the town has no such area (the code is typed instead)."""
        from kiosk.ui.town_picker import TownStrip

        strip = editor.kanji
        if not isinstance(strip, TownStrip):
            return False
        self.wait(lambda: strip.areas is not None or strip.isVisible(), "town areas")  # read off the GUI thread
        areas = strip.areas
        area = areas.find(code) if areas is not None else None
        if areas is None or area is None or area is areas.fallback or not strip.isVisible():
            return False
        self.click(self.find(f"town-row-{area.row}", editor))
        for _ in range(len(areas.areas) + 1):
            shown = next((b for b in strip.buttons if b.property("value") == code and not b.isHidden()), None)
            if shown is not None:
                self.click(shown)
                return True
            self.click(strip.next)
        raise PlayError(f"area {code} not on any page")

    def _choose_candidate(self, editor: Any, reading: str, word: str) -> None:
        """Type the reading on the kana pad and tap ``word`` among the kanji candidates."""
        pad, strip = editor.pad, editor.kanji
        if strip is None:
            raise PlayError("no kanji candidates beside the name pad")
        self.type_on_pad(pad, reading, ok=False)
        self.wait(lambda: any(b.property("word") == word and b.isVisible() for b in strip.buttons),
                  f"kanji candidate for {len(reading)} kana")
        self.click(next(b for b in strip.buttons if b.property("word") == word))

    def _fill_manual(self, form: Any, screen: Any) -> None:
        values = self.w.journey.session.form_values.get(form.id)
        if values is None:
            return
        for field_id, text in self.typed:
            ff = next((f for f in form.fields if f.id == field_id), None)
            current = values.household.get(field_id)
            if ff is None or field_id not in values.household or (current and str(current).endswith(text)):
                continue
            self._type_into(screen, ff, None, text)
        if form.persons is None:
            return
        rows = self.w.journey.session.form_rows.get(form.id, [])
        for i, row in enumerate(values.persons):
            person = self.manual.get(rows[i] if i < len(rows) else i)
            if person is None:
                continue
            for ff in form.persons.fields:
                typed = person.values.get(ff.id)
                if typed is None or row.get(ff.id) or ff.id not in row:
                    continue
                self._type_into(screen, ff, i, typed, person.chosen.get(ff.id))


def _in_state(screen: CardScreen, state: str) -> bool:
    return screen.state == state
