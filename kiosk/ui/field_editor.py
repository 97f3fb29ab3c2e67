"""The review's field editor: one value edited with the pad its type calls for (choices, a
numeric, kana or alphabet pad, with kanji, reading or bank candidates above it)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from kiosk import i18n
from kiosk.catalogue.model import FieldDef, FormField, localized
from kiosk.catalogue.types.date_steps import BIRTH_DATE_CARD, likely_year
from kiosk.errors import ValidationError
from kiosk.ui.bank_hook import BANK_KEYPADS, attach_bank, attach_yucho, bank_pads
from kiosk.ui.bank_picker import BankStrip
from kiosk.ui.choice_buttons import Choice, ChoiceButtons
from kiosk.ui.date_picker import DatePicker
from kiosk.ui.kanji_hook import attach_kanji, attach_readings
from kiosk.ui.kanji_picker import KanjiStrip
from kiosk.ui.keypads import AlphaPad, KanaPad, Keypad, NumericPad
from kiosk.ui.town_hook import attach_town
from kiosk.ui.town_picker import TownStrip
from kiosk.ui.widgets import RubyLabel, button, clear_layout, set_text
from kiosk.ui.yucho_entry import YuchoEntry

if TYPE_CHECKING:  # pragma: no cover
    from kiosk.ui.review import ReviewScreen


class FieldEditor(QWidget):
    """Edits one value with the pad its type calls for; keeps the value until accepted."""

    def __init__(self, review: ReviewScreen) -> None:
        super().__init__()
        self.review = review
        self.layout_ = QVBoxLayout(self)
        self.label = RubyLabel("", object_name="Title")
        self.layout_.addWidget(self.label)
        self.modes = QHBoxLayout()
        self.layout_.addLayout(self.modes)
        self.area = QVBoxLayout()
        self.layout_.addLayout(self.area, 1)
        self.target: tuple[FormField, int | None] | None = None
        self.kanji: QWidget | None = None  # the candidates above the pad: kanji of a name, banks and branches
        self.pad: Keypad | None = None  # the pad shown
        self.pads: dict[tuple[str, str], Keypad] = {}  # one per kind, built when first needed, then reused
        self.picker: DatePicker | None = None  # a date chosen in steps, when shown
        # The options of a field of a few choices, their cancel, the date picker and the ゆうちょ
        # entry: built when first needed, then kept across fields and sessions (wiped when taken out).
        self.options_box = QWidget(self)
        self.options_box.hide()
        options = QVBoxLayout(self.options_box)
        options.setContentsMargins(0, 0, 0, 0)
        self.options_grid = QGridLayout()
        options.addLayout(self.options_grid)
        self.options = ChoiceButtons(self.options_box, self.accept)
        self.cancel = button("")
        self.cancel.clicked.connect(self.review.close_editor)
        options.addWidget(self.cancel)
        options.addStretch(1)
        self.kept_picker: DatePicker | None = None
        self.yucho: YuchoEntry | None = None
        # The candidates above a pad (kanji of names, banks and branches): one per kind and pad,
        # built when first needed, then kept.
        self.kept_strips: list[KanjiStrip | BankStrip | TownStrip] = []
        self.mode_buttons: dict[str, QPushButton] = {}  # the pad switches, built when first needed, then kept
        self._mode_pads: dict[str, tuple[str, str]] = {}  # the pad each switch shown opens
        self._mode_text = ""  # the value the switches open their pad on

    def open(self, ff: FormField, person: int | None, value: Any) -> None:
        self.target = (ff, person)
        lang = self.review.lang
        fd = ff.field
        self.label.setText(f"{fd.label.get('ja', fd.id)}  {localized(fd.label, lang) if lang != 'ja' else ''}")
        self._hide_modes()
        self._take_pad()
        self._take_strip()
        self._take_kept()
        clear_layout(self.area)
        kind = fd.kind
        if attach_yucho(self):  # ゆうちょ銀行: branch and account number as the passbook's 記号・番号
            return
        if kind.keypad == "choice":
            self._show_options(kind.choices(fd, lang), value, lang)
            return
        if kind.keypad == "date":  # chosen in steps, the date pad one tap away
            self._choose_date(fd, value)
            return
        text = kind.edit_text(fd, value)
        if kind.keypad in ("postal_code", "phone", "digits"):
            self._pad(("numeric", kind.keypad), text)
            return
        pads: list[tuple[str, tuple[str, str]]] = [("resident.pad_katakana", ("kana", "katakana"))]
        if kind.keypad in BANK_KEYPADS:  # a bank or branch: a few kana or the code, then a candidate
            pads, text = bank_pads(), ""
        elif kind.keypad != "kana":
            pads = [("resident.pad_hiragana", ("kana", "hiragana")), *pads,
                    ("resident.pad_alpha", ("alpha", "")), ("resident.pad_digits", ("numeric", "digits"))]
        self._show_modes(pads, text, lang)
        self._pad(pads[0][1], text)

    def _show_options(self, options: Sequence[tuple[object, str]], value: Any, lang: str) -> None:
        """The options of a field of a few choices, two a row (the kept buttons relabelled), and 取消."""
        shown = self.options.fill([Choice(text, f"option-{code}", code, selected=code == value)
                                   for code, text in options], self.options_grid)
        for i, b in enumerate(shown):
            self.options_grid.addWidget(b, i // 2, i % 2)
            b.show()
        for before, after in zip([*shown], [*shown[1:], self.cancel], strict=True):
            QWidget.setTabOrder(before, after)  # Tab reads the options in order, then 取消 (built before them)
        set_text(self.cancel, i18n.text("resident.key_cancel", lang))
        self.area.addWidget(self.options_box)
        self.options_box.show()

    def _take_kept(self) -> None:
        """The options, the date picker and the ゆうちょ entry out of the editor, hidden and wiped
        (kept for the next field): no answer, date or number of the last field behind them."""
        self.area.removeWidget(self.options_box)
        self.options_box.hide()
        self.options.clear(self.options_grid)
        set_text(self.cancel, "")
        if self.kept_picker is not None:
            self.area.removeWidget(self.kept_picker)
            self.kept_picker.hide()
            self.kept_picker.wipe()
        self.picker = None
        if self.yucho is not None:
            self.area.removeWidget(self.yucho)
            self.yucho.hide()
            self.yucho.wipe()

    def _show_modes(self, pads: list[tuple[str, tuple[str, str]]], text: str, lang: str) -> None:
        """The buttons that switch pads (hiragana, katakana, letters, digits; bank name or code),
        kept across fields and sessions: each opens its pad with the value the editor opened on."""
        self._mode_text = text
        for key, which in pads:
            b = self.mode_buttons.get(key)
            if b is None:
                b = self.mode_buttons[key] = button("", name=f"pad-{key.rsplit('_', 1)[-1]}")
                b.clicked.connect(lambda _=False, k=key: self._mode_chosen(k))
            set_text(b, i18n.text(key, lang))
            self._mode_pads[key] = which
            self.modes.addWidget(b)
            b.show()
        self.modes.addStretch(1)

    def _mode_chosen(self, key: str) -> None:
        which = self._mode_pads.get(key)
        if which is not None:
            self._pad(which, self._mode_text)

    def _hide_modes(self) -> None:
        """The pad switches out of the editor, hidden (kept); no value of the last field behind them."""
        for b in self.mode_buttons.values():
            self.modes.removeWidget(b)
            b.hide()
        clear_layout(self.modes)  # the stretch left
        self._mode_pads.clear()
        self._mode_text = ""

    def _choose_date(self, fd: FieldDef, value: Any) -> None:
        """A date in steps (decade, year, month, day: days up to today); a later day (a move
        still to come) is typed on the picker's date pad, which opens first for such a value.
        The keys start on the value, else near a likely year (a birth date — a field bound to
        the card's birth date — near the household's), else on today (another date: a move, a
        filing, the end of an insurance)."""
        today = dt.date.today()
        review = self.review
        later = isinstance(value, dt.date) and value > today
        session, form = review.journey.session, review.journey.current_form()
        rows = session.form_rows.get(form.id, []) if form is not None else []
        person = self.target[1] if self.target is not None else None
        births = [m.birth_date for m in session.members]
        birth = fd.card == BIRTH_DATE_CARD
        near = likely_year(today, birth=birth, births=births,
                           index=rows[person] if person is not None and person < len(rows) else None)
        known = value if isinstance(value, dt.date) else None
        text = fd.kind.edit_text(fd, value) if later else ""
        picker = self.kept_picker
        if picker is None:  # one for every date edited, kept across fields and sessions
            picker = self.kept_picker = DatePicker(review.lang, today, review.kiosk.metrics_px.spacing, future=True,
                                                   typing=later, text=text, known=known, near=near, recent=not birth)
            picker.chosen.connect(self.accept)
            picker.closed.connect(review.close_editor)
            picker.stepped.connect(self._stepped)
            picker.problem.connect(review.show_problem)
            picker.typed.connect(review.kiosk.typed)
        else:
            picker.restart(review.lang, today, known=known, near=near, recent=not birth, typing=later, text=text)
        self.area.addWidget(picker)
        picker.show()
        self.picker = picker

    def _stepped(self) -> None:
        """A step of the date picker chosen or gone back, or its pad opened or closed."""
        self.review.kiosk.tapped()
        self.review.clear_problem()
        self.review.settle_focus()
        self.review.kiosk.speech.refresh()

    def _make_pad(self, which: tuple[str, str], lang: str, text: str) -> Keypad:
        family, kind = which
        pad: Keypad
        if family == "numeric":
            pad = NumericPad(lang, text, kind=kind)
        elif family == "kana":
            pad = KanaPad(lang, text, katakana=kind == "katakana")
        else:
            pad = AlphaPad(lang, text)
        pad.accepted.connect(self.accept_text)
        pad.cancelled.connect(self.review.close_editor)
        pad.typed.connect(self.review.kiosk.typed)
        return pad

    def _pad(self, which: tuple[str, str], text: str) -> None:
        """Show the pad ``which`` (family, kind) holding ``text``: the kept one of its kind, else a new one."""
        self._take_pad()
        self._take_strip()
        self._take_kept()
        clear_layout(self.area)
        self.kanji = None
        lang = self.review.lang
        pad = self.pads.get(which)
        if pad is None:
            pad = self.pads[which] = self._make_pad(which, lang, text)
        elif isinstance(pad, KanaPad):
            pad.load(lang, text, katakana=which[1] == "katakana")
        else:
            pad.load(lang, text)
        self.area.addWidget(pad)
        pad.show()
        self.pad = pad
        if self.target is not None and self.target[0].field.kind.keypad == "name" and isinstance(pad, KanaPad):
            attach_kanji(self, pad)  # names: kanji candidates above the hiragana pad
        elif self.target is not None and self.target[0].field.kind.keypad in BANK_KEYPADS:
            attach_bank(self, pad)  # banks and branches: candidates above the kana or number pad
        elif self.target is not None and self.target[0].field.kind.keypad == "kana":
            attach_readings(self)  # a reading: the name's likely readings above the pad
        attach_town(self, pad)  # a postal code inside the town: the town's postal areas above the pad
        first = next(iter(pad.grid.cells.values()), None)
        if first is not None:
            first.setFocus()

    def _take_pad(self) -> None:
        """Take the shown pad out of the editor, kept for the next field."""
        if self.pad is not None:
            self.area.removeWidget(self.pad)
            self.pad.hide()
            self.pad = None

    def _take_strip(self) -> None:
        """Take the candidates out of the editor, kept for the next field."""
        for strip in self.kept_strips:
            self.area.removeWidget(strip)
            strip.hide()
            strip.following = False  # until it is shown again

    def first_control(self) -> QWidget | None:
        """Where the focus goes when the editor opens: the chosen option, else the first option
        or the first key of the pad."""
        if self.pad is not None and self.pad.isVisibleTo(self):
            return next(iter(self.pad.grid.cells.values()), None)
        if self.picker is not None and self.picker.isVisibleTo(self):
            return self.picker.first_control()
        options = [b for b in self.findChildren(QPushButton) if b.objectName().startswith("option-")
                   and b.isVisibleTo(self) and b.isEnabled()]
        chosen = [b for b in options if b.property("selected")]
        return next(iter(chosen or options), None)

    def forget(self) -> None:
        """Session end (PRIV-08): no pad keeps what was typed."""
        self._take_pad()
        for pad in self.pads.values():
            pad.load(pad.lang, "")
        self._hide_modes()
        self._take_strip()
        for strip in self.kept_strips:
            strip.wipe()
        self._take_kept()
        clear_layout(self.area)
        self.label.setText("")
        self.target = None

    def accept_text(self, text: str) -> None:
        if self.target is None:  # the editor was emptied at session end
            return
        ff, _ = self.target
        try:
            value = ff.field.kind.parse(ff.field, text)
        except ValidationError as exc:
            self.review.show_problem(exc.key)
            return
        self.accept(value)

    def accept(self, value: Any) -> None:
        if self.target is None:
            return
        ff, person = self.target
        self.review.kiosk.tapped()
        self.review.set_value(ff, person, value)
