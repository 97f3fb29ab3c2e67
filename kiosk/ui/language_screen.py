"""The first screen (ML-01): the languages as their autonyms, the town's name, "ゆっくり" (more
time); also the language switch from any screen, which keeps the data (ML-05)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QGridLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from kiosk import i18n
from kiosk.ui import access
from kiosk.ui.base import ScreenBase
from kiosk.ui.staff_call import more_time_button, refresh_more_time
from kiosk.ui.widgets import RubyLabel, button, set_text

if TYPE_CHECKING:  # pragma: no cover
    from kiosk.ui.window import KioskWindow


class LanguageScreen(ScreenBase):
    """First screen (ML-01): autonyms, set and order from the configuration. Also used as the
    language switch from any screen (``switching=True``), which keeps the data (ML-05)."""

    name = "language"

    def __init__(self, window: KioskWindow, switching: bool = False) -> None:
        super().__init__(window)
        self.switching = switching
        self.grid = QGridLayout()
        self.grid.setSpacing(window.metrics_px.spacing * 3)
        self.town = RubyLabel("", object_name="Town")  # the town's name in every enabled language
        self.body.addWidget(self.town)
        self.waiting = RubyLabel("")  # "getting ready" while the next session's catalogue loads
        self.waiting.hide()
        self.body.addWidget(self.waiting)
        self.body.addLayout(self.grid)
        self.body.addStretch(1)
        self.buttons: dict[str, QPushButton] = {}
        self.cells: dict[str, QWidget] = {}  # what the grid holds: the button, with its note if any
        self.notes: dict[str, QLabel] = {}  # "voice guide: in English" under a language without a voice
        languages = window.config.kiosk.languages
        speech = window.speech
        for lang in languages:
            b = button(i18n.text("resident.autonym", lang), primary=True, name=f"lang-{lang}")
            b.setAccessibleName(i18n.plain(i18n.text("resident.autonym", lang)))
            b.setProperty(access.OWN_DESCRIPTION, True)  # described in its own language
            description = i18n.plain(i18n.text("a11y.language", lang))
            b.clicked.connect(lambda _=False, code=lang: self.choose(code))
            self.buttons[lang] = b
            self.cells[lang] = b
            if speech.unavailable is None and not speech.voices.has_voice(lang):
                note_text = i18n.text("speech.no_voice_note", lang)  # in its own language, as the button
                description += " " + i18n.plain(note_text)
                self.notes[lang] = note = QLabel(i18n.plain(note_text))  # small, so the languages stay in view
                note.setObjectName("Small")
                note.setWordWrap(True)
                note.setAlignment(Qt.AlignmentFlag.AlignHCenter)
                cell = QWidget()
                column = QVBoxLayout(cell)
                column.setContentsMargins(0, 0, 0, 0)
                column.addWidget(b)
                column.addWidget(note)
                self.cells[lang] = cell
            b.setAccessibleDescription(description)
        self._columns = 0
        self._side = False
        self._place_languages(2)
        if switching:
            self.cancel = button("", name="lang-cancel")
            self.cancel.clicked.connect(self.kiosk.close_overlay)
            self.action_row.addWidget(self.cancel)
            self.action_row.addStretch(1)
        else:
            self.more_time = more_time_button(window)  # "ゆっくり": every timeout × more_time_factor
            self.action_row.addWidget(self.more_time)
            self.action_row.addStretch(1)

    def _place_languages(self, columns: int) -> None:
        if columns == self._columns:
            return
        self._columns = columns
        for b in self.cells.values():
            self.grid.removeWidget(b)
        for i, b in enumerate(self.cells.values()):  # at the top of its row: a note below adds no space above
            self.grid.addWidget(b, i // columns, i % columns, Qt.AlignmentFlag.AlignTop)

    def arrange(self, side: bool) -> None:
        # A compact landscape window: fewer rows, closer (still ≥ 2 mm apart, A11Y-01), and the
        # town's name (also in the window's accessible name and on the notice) left out.
        self.grid.setSpacing(self.kiosk.metrics_px.spacing * (1 if side else 3))
        self.town.setVisible(not side)
        for note in self.notes.values():  # as the town: the no-voice note is also spoken and described
            note.setVisible(not side)
        self._place_languages(3 if side else 2)
        self._side = side

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)  # arranged for the new size first
        self._fit_title()

    def _fit_title(self) -> None:
        """On a compact landscape window whose top bar took a second row (a town's longer first
        languages, large text) the title, as the town's name, gives its room to the languages
        rather than scroll the last away; speech still says it (A11Y-04)."""
        margins, gap = self.outer.contentsMargins(), self.outer.spacing()
        used = margins.top() + margins.bottom() + gap + self.action_row.sizeHint().height()
        used += 0 if self.message.isHidden() else self.message.sizeHint().height() + gap
        used += self.title.heightForWidth(self.width() - margins.left() - margins.right()) + gap
        self.title.setHidden(self._side and used + self.page_body.content.sizeHint().height() > self.height())

    def refresh(self) -> None:
        if self.switching:
            self.title.setText(self.t("resident.language_switch_title"))
            set_text(self.cancel, self.t("resident.back"))
        else:
            # The title in every enabled language: nobody has chosen yet.
            langs = self.kiosk.config.kiosk.languages[:3]
            self.title.setText(" / ".join(i18n.plain(i18n.text("resident.language_title", x)) for x in langs))
        town = self.kiosk.config.municipality
        self.town.setText(" / ".join(dict.fromkeys(town.name_in(x) for x in self.kiosk.config.kiosk.languages)))
        starting = not self.switching and self.journey.starting
        if starting:
            langs = self.kiosk.config.kiosk.languages[:3]
            self.waiting.setText(" / ".join(i18n.plain(i18n.text("resident.preparing", x)) for x in langs))
        self.waiting.setVisible(starting)
        if not self.switching:
            refresh_more_time(self.more_time, self.kiosk)
        for lang, b in self.buttons.items():
            b.setEnabled(not starting)
            selected = self.switching and lang == self.lang
            if bool(b.property("selected")) != selected:
                b.setProperty("selected", selected)
                self.kiosk.restyle(b)
        self._fit_title()

    def reset(self) -> bool:
        return True  # shows no resident data

    def choose(self, lang: str) -> None:
        self.kiosk.tapped()
        if self.switching:
            self.journey.switch_language(lang)
            self.kiosk.close_overlay()
        else:
            self.journey.choose_language(lang)
