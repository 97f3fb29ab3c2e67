"""The parts of the counter's clerk window around its input line: the numbered choices shown as
keycaps, the bottom bar of key hints, and the words of the header (the step and its progress).

The labels here keep the plain text they were given (:meth:`KeycapLabel.text`: what the clerk
reads, also their accessible name) and draw it as rich text: a hint ``key：what it does`` becomes a
keycap followed by its action. The text comes from the translations as it is (``counter.keys_*``):
segments are parted by a wide space (``　`` or three spaces), a key from its action by ``：`` or
``: ``; a segment without one is shown as it is."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QFrame, QLabel

from kiosk import i18n
from kiosk.catalogue.model import Catalogue, Form, Question, localized
from kiosk.counter import CounterController, CounterState
from kiosk.journey import Screen
from kiosk.ui import theme
from kiosk.ui.flow import FlowRow

COLOURS = theme.palette("normal")  # the resident screens' normal theme (assets/styles/themes.yaml)
SEGMENTS = re.compile(r"\u3000+|\s{3,}")
KEY_AND_ACTION = re.compile(r"^(.+?)(?:：|: )(.+)$")
CHOICE = re.compile(r"^(\d+):(.*)$")
Words = Callable[..., str]  # the window's translate: key and parameters
WRAP_AT = 320  # px: the key bar's narrowest (a hint wider than the bar wraps inside its label)
COLUMN_AT = 6  # more choices than this are listed in two columns (one a line would push the line out of view)


def options_of(question: Question, lang: str = "ja") -> list[tuple[Any, str]]:
    """(value, label) of each answer, in the order the number keys pick them."""
    if question.kind == "yes_no":
        return [(True, i18n.plain(i18n.text("resident.yes", lang))), (False, i18n.plain(i18n.text("resident.no", lang)))]
    if question.kind == "choice":
        return [(o.code, i18n.plain(localized(o.label, lang))) for o in question.options]
    if question.kind == "count":
        low = question.minimum if question.minimum is not None else 0
        high = question.maximum if question.maximum is not None else low + 8
        return [(n, str(n)) for n in range(low, min(high, low + 9) + 1)]
    return []


def keycap(key: str) -> str:
    """A key drawn as a keycap (rich text; Qt's rich text has no borders, the fill shows the cap)."""
    return (f'<span style="background-color:{COLOURS["secondary"]}; color:{COLOURS["secondary_text"]}; '
            f'font-weight:bold;">&nbsp;{html.escape(key)}&nbsp;</span>')


def hint_segments(text: str) -> list[tuple[str, str]]:
    """``(key, action)`` of each hint in a translated key list; ``("", text)`` for a segment that
    names no key."""
    segments = []
    for part in (p.strip() for p in SEGMENTS.split(text)):
        if part:
            found = KEY_AND_ACTION.match(part)
            segments.append((found.group(1).strip(), found.group(2).strip()) if found else ("", part))
    return segments


class KeycapLabel(QLabel):
    """A label that keeps its plain text (``text()``, the accessible name) and draws it richer."""

    def __init__(self, name: str) -> None:
        super().__init__("")
        self.setObjectName(name)
        self.setWordWrap(True)
        self.setTextFormat(self.textFormat().RichText)
        self._plain = ""

    def text(self) -> str:  # the words shown, without their drawing
        return self._plain

    def setText(self, text: str) -> None:  # noqa: N802
        self._plain = text
        self.setAccessibleName(text)
        super().setText(self.drawn(text) if text else "")

    def drawn(self, text: str) -> str:
        raise NotImplementedError


class ChoiceList(KeycapLabel):
    """The numbered choices (``1:label   2:label   hint``): one a line, the number as a keycap;
    ``inline`` puts them side by side (the review table's row of a few choices)."""

    def __init__(self) -> None:
        super().__init__("Choices")
        self.inline = False

    def drawn(self, text: str) -> str:
        choices, hints = [], []
        for part in (p for p in re.split(r"\s{3,}", text) if p.strip()):
            found = CHOICE.match(part)
            if found:
                choices.append(f"{keycap(found.group(1))}&nbsp;&nbsp;{html.escape(found.group(2))}")
            else:
                hints.append(html.escape(part.strip()))
        if self.inline or len(choices) <= COLUMN_AT:
            joiner = "&nbsp;&nbsp;&nbsp;&nbsp;" if self.inline else "<br>"
            size = "" if self.inline else ' style="font-size:16pt; line-height:150%;"'
            shown = f"<div{size}>{joiner.join(choices)}</div>" if choices else ""
        else:  # many (the languages): two columns, down the first then the second
            rows = (len(choices) + 1) // 2
            cells = "".join(f"<tr><td>{choices[r]}</td><td>{choices[r + rows] if r + rows < len(choices) else ''}"
                            "</td></tr>" for r in range(rows))
            shown = f'<table cellpadding="4" style="font-size:16pt;">{cells}</table>'
        if hints:
            shown += f'<div style="color:{COLOURS["muted"]};">{"&nbsp;&nbsp;&nbsp;".join(hints)}</div>'
        return shown


class KeyBar(QFrame):
    """The bottom bar of key hints: each key a keycap, then what it does. Each hint is a label of
    its own in a flowing row, so that a narrow window moves whole hints to the next row rather
    than part one across two (a hint wider than the bar itself wraps inside its label)."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("KeysHelp")
        self.setStyleSheet(f"#KeysHelp {{ background:{COLOURS['surface']}; border-top:1px solid {COLOURS['border']}; }} "
                           f"#KeysHelp QLabel {{ color:{COLOURS['text']}; }}")
        self.row = FlowRow(self)
        self.row.setContentsMargins(8, 6, 8, 6)
        self.row.setSpacing(4)  # between rows too: the room between hints is each label's right margin
        self.hints: list[QLabel] = []
        self._plain = ""

    def text(self) -> str:  # the words shown, without their drawing
        return self._plain

    def setText(self, text: str) -> None:  # noqa: N802
        if text == self._plain:
            return
        self._plain = text
        self.setAccessibleName(text)
        segments = hint_segments(text)
        while len(self.hints) < len(segments):  # labels are kept and reused (a hidden one takes no room)
            label = QLabel("")
            label.setObjectName("KeyHint")
            label.setTextFormat(Qt.TextFormat.RichText)
            label.setContentsMargins(0, 0, 20, 0)
            font = label.font()
            font.setPointSize(13)
            label.setFont(font)
            self.row.addWidget(label)
            self.hints.append(label)
        for n, label in enumerate(self.hints):
            if n < len(segments):
                key, action = segments[n]
                label.setText(f"{keycap(key)}&nbsp;{html.escape(action)}" if key else html.escape(action))
            label.setVisible(n < len(segments))
        self._wrap_wide()

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        """Never wider than ``WRAP_AT``: a hint wider than the bar wraps, so that no hint holds a
        window made narrower at its former width."""
        hint = super().minimumSizeHint()
        return QSize(min(hint.width(), WRAP_AT), hint.height())

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._wrap_wide()

    def _wrap_wide(self) -> None:
        """Only a hint wider than the bar wraps (inside its own label)."""
        m = self.row.contentsMargins()
        room = self.width() - m.left() - m.right()
        for label in self.hints:
            label.setWordWrap(False)  # its width on one line
            label.setMinimumWidth(0)
            wide = label.sizeHint().width() > room
            label.setWordWrap(wide)
            if wide:
                label.setMinimumWidth(room)  # a row of its own, wrapped at the bar's width


def step_words(controller: CounterController, state: CounterState, t: Words, lang: str) -> str:
    """The step on screen in words, with its progress (「質問 3（あと最大 58 問）」: the navigator knows
    only a bound of what it may still ask; 「確認 住民異動届 1／8」)."""
    screen = state.screen
    if screen is Screen.QUESTION:
        done, total = state.progress
        return t("counter.step_question", n=done + 1, left=max(total - done - 1, 0))  # the total is a bound
    if screen is Screen.CARD:
        return t("counter.step_card", n=(state.card_member or 0) + 1, total=len(controller.session.members))
    if screen is Screen.REVIEW:
        forms = controller.journey.forms()
        form = controller.form()
        index = forms.index(form) + 1 if form in forms else 1
        title = form_words(form, t, lang) if form is not None else ""
        return t("counter.step_review", form=title, n=index, total=len(forms))
    return t(f"counter.step_{screen.value}")


def form_words(form: Form, t: Words, lang: str) -> str:
    """A form's title in the clerk's language, with its official Japanese title beside it when that
    differs (the name printed on the sheet: 「Notification of Move (住民異動届)」)."""
    title = i18n.plain(localized(form.title, lang))
    official = i18n.plain(form.title.get("ja", title))
    return title if official == title else t("counter.form_official", form=title, official=official)


def language_words(state: CounterState, t: Words) -> str:
    """The resident's language by its own name (empty before one is chosen)."""
    if state.screen is Screen.LANGUAGE:
        return ""
    return t("counter.resident_language", language=i18n.plain(i18n.text("resident.autonym", state.language)))


class PrintedSheets(QLabel):
    """The result: each sheet printed with its division and waiting number (``rows``, plain)."""

    def __init__(self, t: Words) -> None:
        super().__init__("")
        self.setObjectName("PrintedSheets")
        self.setTextFormat(self.textFormat().RichText)
        self.setWordWrap(True)
        self.t = t
        self.rows: list[tuple[str, str, str]] = []  # (form title, division, waiting number or "")

    def show_rows(self, rows: list[tuple[str, str, str]], heading: str = "counter.printed_title") -> None:
        """``heading``: counter.to_print, counter.printing, counter.printed_title or counter.not_printed."""
        self.rows = rows
        head = html.escape(self.t(heading))
        cells = "".join(f"<tr><td>{html.escape(title)}</td><td>{html.escape(division)}</td>"
                        f"<td><b>{html.escape(self.t('counter.waiting_number', number=number) if number else '')}"
                        "</b></td></tr>" for title, division, number in rows)
        # 13 pt and little padding: eight sheets whose titles take two lines (a translation with the
        # official name beside it) stay whole at 1280×800
        self.setText(f'<p style="font-size:16pt; font-weight:bold;">{head}</p>'
                     f'<table cellpadding="4" style="font-size:13pt;">{cells}</table>' if rows else "")
        self.setAccessibleName("\n".join(" ".join(r) for r in rows))


def sheet_rows(catalogue: Catalogue, form_ids: list[str], route: list[tuple[str, int]],
               lang: str) -> list[tuple[str, str, str]]:
    """(form title, division, waiting number) of each sheet; the number as the division queue drew
    it when the bundle was received (``Produced.route``), "" when none was drawn."""
    numbers = dict(route)
    rows = []
    for form_id in form_ids:
        form = catalogue.forms.get(form_id)
        counter = catalogue.counters.get(form.counter) if form is not None else None
        title = form_words(form, lambda key, **p: i18n.plain(i18n.text(key, lang, **p)), lang) \
            if form is not None else form_id
        division = i18n.plain(localized(counter.name, lang)) if counter is not None else ""
        number = numbers.get(form.counter) if form is not None else None
        rows.append((title, division, str(number) if number is not None else ""))
    return rows
