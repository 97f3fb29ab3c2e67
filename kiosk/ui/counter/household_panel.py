"""The clerk's side panel "this household so far": the procedures the answers lead to so far,
each with its division and forms, the members once known (name, or how they will be entered, and
age) and the answers given (question → answer) — as the navigator finds them
(:meth:`CataloguePort.procedures`, :meth:`Journey.forms`), never worked out here.

Personal data shown here is on the clerk's screen only and is drawn from the session each time:
when the session ends (the resident leaves, the clerk signs out) the panel is empty (PRIV-08)."""

from __future__ import annotations

import datetime as dt
import html
from typing import Any

from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QVBoxLayout

from kiosk import i18n
from kiosk.catalogue.model import Question, localized
from kiosk.counter import CounterController
from kiosk.journey import CataloguePort, Screen
from kiosk.session import SOURCE_CARD
from kiosk.ui.counter.clerk_parts import COLOURS, Words, options_of

SHORT = 28  # characters of a question's text shown in the panel


def answer_text(question: Question, value: Any, lang: str) -> str:
    """An answer as the clerk reads it: the option's label, a date as YYYY-MM-DD."""
    if isinstance(value, dt.date):
        return value.isoformat()
    return next((label for v, label in options_of(question, lang) if v == value), str(value))


def short(text: str) -> str:
    return text if len(text) <= SHORT else text[:SHORT - 1] + "…"


class HouseholdPanel(QFrame):
    """Rebuilt from the controller at each change; ``lines`` holds what it shows, as plain text."""

    def __init__(self, t: Words, lang: str) -> None:
        super().__init__()
        self.setObjectName("HouseholdPanel")
        self.setStyleSheet(f"#HouseholdPanel {{ background:{COLOURS['surface']}; "
                           f"border-left:1px solid {COLOURS['border']}; }}")
        self.t, self.lang = t, lang
        layout = QVBoxLayout(self)
        self.title = QLabel(t("counter.panel_title"))
        self.title.setObjectName("PanelTitle")
        self.title.setWordWrap(True)  # as high as its script's glyphs need (Hangul, kana), on two lines if narrow
        font = self.title.font()
        font.setPointSize(16)
        font.setBold(True)
        self.title.setFont(font)
        layout.addWidget(self.title)
        self.body = QLabel("")
        self.body.setObjectName("PanelBody")
        self.body.setWordWrap(True)
        self.body.setTextFormat(self.body.textFormat().RichText)
        self.body.setAlignment(self.body.alignment().AlignTop)
        font = self.body.font()
        font.setPointSize(13)
        self.body.setFont(font)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.body)
        layout.addWidget(scroll, 1)
        self.lines: list[str] = []

    def clear(self) -> None:
        self.lines = []
        self.body.setText("")
        self.body.setAccessibleDescription("")

    def show_household(self, controller: CounterController) -> None:
        if controller.journey.screen is Screen.LANGUAGE or controller.session.is_empty():
            self.clear()
            return
        sections = [(self.t("counter.panel_procedures"), self._procedures(controller)),  # the long list last
                    (self.t("counter.panel_members"), self._members(controller)),
                    (self.t("counter.panel_answers"), self._answers(controller))]
        self.lines = [line for _head, rows in sections for line in rows]
        parts = []
        for head, rows in sections:
            if rows:
                items = "".join(f"<li>{html.escape(r)}</li>" for r in rows)
                parts.append(f'<p style="color:{COLOURS["secondary_text"]}; font-weight:bold; font-size:13pt;">'
                             f"{html.escape(head)}</p><ul style=\"margin-left:0px; -qt-list-indent:1;\">{items}</ul>")
        self.body.setText("".join(parts))
        self.body.setAccessibleDescription("\n".join(self.lines))

    def _answers(self, controller: CounterController) -> list[str]:
        port = controller.journey.catalogue
        if not isinstance(port, CataloguePort):
            return []
        session = controller.session
        given: list[tuple[str, int | None, Any]] = [(qid, None, v) for qid, v in session.answers.items()]
        for n, member in enumerate(session.members):
            given += [(qid, n, v) for qid, v in member.answers.items()]
        rows = []
        for qid, person, value in given:
            q = port.question(qid)
            if q is None:
                continue
            who = f"[{person + 1}] " if person is not None else ""
            rows.append(f"{who}{short(i18n.plain(localized(q.text, self.lang)))} → {answer_text(q, value, self.lang)}")
        return rows

    def _members(self, controller: CounterController) -> list[str]:
        today = controller.session.household.today
        rows = []
        for n, member in enumerate(controller.session.members):
            source = "counter.panel_by_card" if member.source == SOURCE_CARD else "counter.panel_by_hand"
            name = member.name or self.t("counter.panel_unnamed", source=self.t(source))
            age = member.age(today)
            shown = i18n.plain(str(name))
            if age is not None:  # joined as the clerk's language joins them (「森山　花　3歳」, "Hana, age 3")
                shown = self.t("counter.panel_name_age", name=shown, age=self.t("counter.panel_age", n=age))
            rows.append(f"{n + 1}. {shown}")
        return rows

    def _procedures(self, controller: CounterController) -> list[str]:
        port = controller.journey.catalogue
        if not isinstance(port, CataloguePort):
            return []
        catalogue = port.catalogue
        forms = {form.id: form for form in controller.journey.forms()}
        rows = []
        for pid in port.procedures(controller.session):
            procedure = catalogue.procedures[pid]
            counter = catalogue.counters.get(procedure.counter)
            division = i18n.plain(localized(counter.name, self.lang)) if counter is not None else procedure.counter
            titles = [i18n.plain(localized(forms[f].title, self.lang)) for f in procedure.forms if f in forms]
            words = {"procedure": i18n.plain(localized(procedure.title, self.lang)), "division": division}
            rows.append(self.t("counter.panel_procedure_forms", forms=self.t("counter.list_joiner").join(titles),
                               **words) if titles else self.t("counter.panel_procedure", **words))
        return rows
