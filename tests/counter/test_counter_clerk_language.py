"""The counter's clerk window in the clerk's language (``kiosk counter --lang``; ML-, A11Y-):
the reference family is played through the counter by keys with the clerk's window in English
and in Korean (the resident in Vietnamese), on the real card stack (pcscd/vpcd), the CUPS queue and
the database. At each kind of step, every text the clerk's window shows (labels, key hints,
buttons, the step line, messages, the tables' headers and cells, the side panel) is walked: no
message key is left untranslated, and no Japanese is shown but the legal terms a clerk must
see as printed (the forms' official titles, beside their translation), the languages' own names
and the household's own data (names, readings, the address); and the clerk's window fits each
of the four screen sizes at each step."""

from __future__ import annotations

import re
import subprocess
import sys
from typing import Any

import pytest
from counter_helpers import type_keys
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QTableView, QWidget

from kiosk import i18n
from kiosk.catalogue.model import localized
from kiosk.config import SHIPPED_LANGUAGES, Config
from kiosk.counter import CounterController
from kiosk.journey import CataloguePort, Screen
from kiosk.ui import reference
from kiosk.ui.counter.app import build
from kiosk.ui.counter.clerk_parts import KeyBar
from kiosk.ui.counter.clerk_window import ClerkWindow
from kiosk.ui.counter.household_table import NAME, READING
from kiosk.ui.counter.reference_counter import start_reference
from kiosk.ui.counter.window_fit import as_windows, clerk_misfits
from kiosk.ui.operations import runner

CLERK = ("lang-clerk", "an invented passphrase 9")
# Japanese script (kana, kanji; half-width kana): the words of a Japanese screen, not its punctuation
JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f]+")
MESSAGE_KEY = re.compile(r"\b(?:counter|resident|clerk|error|catalogue|card|core|db|print|qr)\.[a-z][a-z0-9_]*\b")
STEPS = {"question", "members", "card-pin", "card-take", "review", "confirm", "result"}


def shown_texts(window: QWidget) -> list[tuple[str, str]]:
    """(where, text) of everything the window shows: labels and buttons as read (a keycap label
    by its words), the key bar, the tables' headers and cells — except the cells that hold the
    household's own data as typed (names, readings, review values)."""
    QApplication.processEvents()
    texts: list[tuple[str, str]] = [("title", window.windowTitle())]
    for widget in window.findChildren(QWidget):
        if not widget.isVisibleTo(window):
            continue
        name = widget.objectName() or type(widget).__name__
        if isinstance(widget, KeyBar):
            texts.append((name, widget.text()))
        elif isinstance(widget, QLabel):
            texts.append((name, widget.text()))
        elif isinstance(widget, QAbstractButton):
            texts.append((name, widget.text()))
        elif isinstance(widget, QTableView):
            texts += table_texts(name, widget)
    return [(where, text) for where, text in texts if text]


def table_texts(name: str, table: QTableView) -> list[tuple[str, str]]:
    model = table.model()
    data_columns = {"Household": (NAME, READING), "Review": (1,)}.get(name, ())
    texts = [(f"{name} header", str(model.headerData(column, Qt.Orientation.Horizontal)))
             for column in range(model.columnCount())]
    for row in range(model.rowCount()):
        for column in range(model.columnCount()):
            if column not in data_columns:
                texts.append((f"{name} {row + 1}:{column + 1}", str(model.data(model.index(row, column)) or "")))
    return texts


def allowed_japanese(controller: CounterController) -> list[str]:
    """What may be shown in Japanese: the forms' official titles (as printed), the languages' own
    names, and the household's data (its members' names and readings, the values of the forms)."""
    port = controller.journey.catalogue
    assert isinstance(port, CataloguePort)
    allowed = [form.title["ja"] for form in port.catalogue.forms.values()]
    allowed += [i18n.plain(i18n.text("resident.autonym", lang)) for lang in SHIPPED_LANGUAGES]
    for member in controller.session.members:
        allowed += [str(v) for v in (*member.card.values(), *member.values.values()) if isinstance(v, str)]
    values = controller.values()
    if values is not None:
        for group in (values.household, *values.persons):
            allowed += [v for v in group.values() if isinstance(v, str)]
    return allowed


def untranslated(window: ClerkWindow) -> list[str]:
    allowed = allowed_japanese(window.controller)
    offer = window.table.offered()  # the spellings offered for a name typed as its reading: data too
    allowed += [*offer.names, offer.reading] if offer is not None else []
    runs = {run for word in allowed for run in JAPANESE.findall(word)}
    found = []
    for where, text in shown_texts(window):
        key = MESSAGE_KEY.search(text)
        if key is not None:
            found.append(f"{where}: key {key.group(0)!r} in {text!r}")
        for run in JAPANESE.findall(i18n.plain(text)):
            # a word of the data (花) or a part of one (千代田 of the address); one character alone
            # (月, 日 of a Japanese date) only when the data has it alone
            if run not in runs and not (len(run) > 1 and any(run in word for word in allowed)):
                found.append(f"{where}: {run!r} in {text[:120]!r}")
    return found


@pytest.mark.parametrize("clerk_lang", ["en", "ko"])
def test_the_counter_journey_with_the_clerk_in_another_language(qapp, tmp_path, pcsc, printer_queue, clerk_lang):
    config = reference.demo_config(Config(), tmp_path / "data", printer_queue=printer_queue)
    ref = start_reference(config, printer=True, clerk=CLERK, clerk_lang=clerk_lang)
    as_windows(ref.counter)
    clerk = ref.counter.clerk
    port = ref.counter.controller.journey.catalogue
    assert isinstance(port, CataloguePort)
    forms = port.catalogue.forms
    family = reference.household()
    problems: dict[str, list[str]] = {}
    misfits: dict[str, list[str]] = {}  # what of the clerk's window does not fit, at each step
    steps: list[str] = []
    seen: dict[str, tuple[str, str, list[str]]] = {}  # step: the resident's language, the key bar, table headings

    def words(key: str, **params: object) -> str:
        return i18n.plain(i18n.text(key, clerk_lang, **params))

    def check(step: str) -> None:
        steps.append(step)
        problems[step] = untranslated(clerk)
        misfits[step] = [f"{w}x{h}: {p}" for (w, h), found in clerk_misfits(clerk).items() for p in found]
        headers = [str(clerk.household.headerData(n, Qt.Orientation.Horizontal)) for n in range(2)]
        seen.setdefault(step.split("-")[0], (clerk.language.text(), clerk.keys_help.text(), headers))

    try:
        problems["sign-in"] = untranslated(clerk)
        play = ref.player(family, on_step=check)
        play.sign_in(*CLERK)
        problems["language"] = untranslated(clerk)
        played = play.play("vi")
        problems["after"] = untranslated(clerk)
    finally:
        ref.stop()
    assert {step.split("-")[0] if not step.startswith("card") else step for step in steps} >= STEPS, steps
    assert {step: found for step, found in problems.items() if found} == {}
    # Whole at 1920×1080, 1080×1920, 1366×768 and 1280×800 in the clerk's language (A11Y-04)
    assert {step: found for step, found in misfits.items() if found} == {}
    # The keys did it all, as in Japanese: the sheets printed, each with its division and number.
    assert len(played.sheets) > 5 and played.panel_after == []
    assert clerk.windowTitle() == words("counter.title")
    autonym = i18n.plain(i18n.text("resident.autonym", "vi"))  # the resident's language by its own name
    assert seen["question"][0] == words("counter.resident_language", language=autonym)
    assert seen["question"][1] == words("counter.keys_question")
    assert seen["members"][2] == [words("counter.column_source"), words("counter.column_birth")]
    assert seen["result"][1] == words("counter.keys_result")
    # The sheets as printed: each title in the clerk's language with its official name, its division, its number.
    divisions = {i18n.plain(localized(counter.name, clerk_lang)) for counter in port.catalogue.counters.values()}
    assert played.result_rows and all(number.isdigit() and division in divisions
                                      for _t, division, number in played.result_rows), played.result_rows
    move = forms["juminido"]
    assert words("counter.form_official", form=move.title[clerk_lang], official="住民異動届") in \
        [title for title, _d, _n in played.result_rows]


def test_kiosk_counter_takes_the_clerks_language():
    """``kiosk counter --lang``: any shipped language, and no other."""
    def ask(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "kiosk", "counter", *args], capture_output=True, text=True,
                              timeout=120)

    shown = ask("--help")
    assert shown.returncode == 0 and "--lang" in shown.stdout
    for lang in SHIPPED_LANGUAGES:
        assert lang in shown.stdout
    refused = ask("--lang", "xx")
    assert refused.returncode == 2 and "--lang" in refused.stderr


def _key(qtbot: Any, widget: QWidget, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(widget, key, modifier)
    QApplication.processEvents()


def test_the_clerks_keys_work_whatever_the_language(qtbot, catalogue_port):
    """With the clerk's window in Nepali: letters narrow the choices by their code, the date by its
    number, ``c`` marks a card holder, a birth date goes on by itself, the sex by one key, a name
    typed as its reading in romaji offers its kanji (the reading said in Nepali) and a digit
    chooses, Ctrl+Enter goes on, ``y`` answers a yes-no question."""
    from kiosk.ui.counter.household_table import NAME, SEX, SOURCE

    counter = build(catalogue_port, lang="ne")
    assert runner().wait_idle(60_000)  # the kanji dictionaries, read as the counter starts
    clerk = counter.clerk
    clerk.stack.setCurrentWidget(clerk.work_page)  # signed in (the sign-in itself: test_counter_windows)
    c, line, table = counter.controller, clerk.line, clerk.table
    try:
        line.setFocus()
        _key(qtbot, line, Qt.Key.Key_1)  # the resident's language: 日本語
        qtbot.mouseClick(counter.resident.ok, Qt.MouseButton.LeftButton)  # the resident acknowledges
        assert c.journey.question().id == "event"
        assert clerk.keys_help.text() == i18n.plain(i18n.text("counter.keys_question", "ne"))
        qtbot.keyClicks(line, "move_i")  # Latin letters narrow the Nepali labels by their code
        assert clerk.choices.text().count(":") == 1
        _key(qtbot, line, Qt.Key.Key_Return)
        assert c.session.answers["event"] == "move_in"
        assert c.journey.question().kind == "date"
        qtbot.keyClicks(line, "1")  # the first day offered: today
        _key(qtbot, line, Qt.Key.Key_Return)
        assert c.session.answers["move_date"] == c.session.household.today
        while c.journey.screen is Screen.QUESTION:
            _key(qtbot, line, Qt.Key.Key_1)
        assert c.journey.screen is Screen.MEMBERS and table.hasFocus()

        def at() -> tuple[int, int]:
            return table.currentIndex().row(), table.currentIndex().column()

        _key(qtbot, table, Qt.Key.Key_C)  # a card holder: on to the next person
        assert c.session.members[0].source == "card" and at() == (1, SOURCE)
        type_keys("210920")  # a birth date typed on the card cell: by hand; whole, it goes on
        assert at() == (1, SEX)
        _key(qtbot, table, Qt.Key.Key_2)
        assert c.session.members[1].sex == "female" and at() == (1, NAME)
        type_keys("hana")
        offer = table.offered()
        assert offer is not None and "花" in offer.names
        reading = i18n.plain(i18n.text("counter.name_reading", "ne", reading=offer.reading))
        assert table.offers.isVisible() and table.offers.accessibleName().endswith(reading)
        type_keys(str(offer.names.index("花") + 1))
        assert at() == (2, SOURCE) and c.session.members[1].values["person.name"].endswith("花")
        model = clerk.household
        assert model.data(model.index(1, SEX)) == "महिला"  # the option's label in the clerk's language
        _key(qtbot, table, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        assert c.session.answers["household_size"] == 2  # the empty row for one more dropped
        while c.journey.screen is Screen.CARD:
            c.card_unavailable()  # the card stays at home
        while c.journey.screen is Screen.QUESTION and c.journey.question().kind != "yes_no":
            _key(qtbot, line, Qt.Key.Key_1)
        q, person = c.journey.question(), c.journey.question_person()
        assert q is not None and q.kind == "yes_no"
        qtbot.keyClicks(line, "y")  # yes, whatever the labels' language
        assert clerk.choices.text().count(":") == 1
        _key(qtbot, line, Qt.Key.Key_Return)
        given = c.session.answers if person is None else c.session.members[person].answers
        assert given[q.id] is True
    finally:
        counter.shutdown()
