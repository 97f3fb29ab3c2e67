"""The clerk's household table keeps every column in view (A11Y-04, ML): with a foreign household's
long names (invented, in romaji with their katakana reading) and the widest relationship of the
clerk's language the table never scrolls sideways at
1920×1080, 1366×768, 1280×800 and 1080×1920 in any shipped language; a name longer than its cell
is elided there and whole in its tooltip and in its editor, and a Japanese name stays whole. The
check of the counter's fit (``window_fit.columns_out_of_view``) sees a table wider than its view.
The side panel joins a member's name and age as the clerk's language does."""

from __future__ import annotations

import pytest
from counter_helpers import to_members
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHeaderView, QLineEdit, QStyle, QTableView

from kiosk import i18n
from kiosk.config import SHIPPED_LANGUAGES
from kiosk.counter import CounterController
from kiosk.counter.typed_dates import typed_date
from kiosk.ui import fit
from kiosk.ui.counter.clerk_window import ClerkWindow
from kiosk.ui.counter.household_table import NAME, READING, RELATIONSHIP
from kiosk.ui.counter.window_fit import columns_out_of_view, headers_cut

LONG = (("MARIA GABRIELA FERREIRA DOS SANTOS OLIVEIRA", "マリア・ガブリエラ・フェレイラ・ドス・サントス・オリヴェイラ"),
        ("NGUYEN THI THANH HUONG", "グエン・ティ・タイン・フオン"),
        ("ALEXANDRA KRISTINE BAUTISTA DELA CRUZ", "アレクサンドラ・クリスティン・バウティスタ・デラ・クルス"))
JAPANESE = (("山田　一郎", "ヤマダ　イチロウ"), ("山田　花子", "ヤマダ　ハナコ"), ("山田　健", "ヤマダ　ケン"))


def clerk_with(qtbot, catalogue_port, lang: str, names) -> ClerkWindow:
    """The clerk's window in ``lang`` on the members table, the people typed by hand with ``names``."""
    window = ClerkWindow(CounterController.create(catalogue_port), lang=lang)
    qtbot.addWidget(window)
    window.stack.setCurrentWidget(window.work_page)  # signed in (the sign-in itself: test_counter_windows)
    window.show()
    c = window.controller
    to_members(c)
    for row, (name, reading) in enumerate(names):
        c.set_member_value(row, "person.birth_date", typed_date("19800101" if row < 2 else "20160101"))
        c.set_member_value(row, "person.sex", "1" if row % 2 == 0 else "2")
        c.set_member_text(row, "person.name_kana", reading)
        c.set_member_text(row, "person.name", name)
        c.set_relationship(row, ("head", "spouse", "child")[min(row, 2)])
    window.household.reload()
    return window


def cell_room(table: QTableView, column: int) -> int:
    """The width a cell's text has (the section less the item's margins)."""
    margin = 2 * (table.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin) + 1)
    return table.columnWidth(column) - margin


@pytest.mark.parametrize("lang", SHIPPED_LANGUAGES)
def test_every_column_stays_in_view_with_long_names(qtbot, catalogue_port, lang):
    """...and the relationship whose label is the widest in the clerk's language on every row."""
    window = clerk_with(qtbot, catalogue_port, lang, LONG)
    table, model = window.table, window.household
    labels = model.code_labels(RELATIONSHIP)
    widest = max(labels, key=lambda code: table.fontMetrics().horizontalAdvance(labels[code]))
    for row in range(len(LONG)):
        window.controller.set_relationship(row, widest)
    model.reload()
    assert model.data(model.index(0, RELATIONSHIP)) == labels[widest] != widest
    elided = set()
    try:
        for size in fit.SIZES:
            window.resize(*size)
            fit.settle()
            assert columns_out_of_view(table) == [], size
            assert headers_cut(table) == [], size
            assert table.horizontalScrollBar().maximum() == 0, size  # nothing to scroll to
            fm = table.fontMetrics()
            elided |= {(row, column) for row in range(len(LONG)) for column in (NAME, READING)
                       if fm.horizontalAdvance(str(model.data(model.index(row, column)))) > cell_room(table, column)}
        assert elided  # the longest names do not fit their cell at some size...
        for row, (name, reading) in enumerate(LONG):  # ...and are whole in the tooltip
            assert model.data(model.index(row, NAME), Qt.ItemDataRole.ToolTipRole) == name
            assert model.data(model.index(row, READING), Qt.ItemDataRole.ToolTipRole) == reading
        window.resize(1366, 768)
        fit.settle()
        table.setFocus()
        table.setCurrentIndex(model.index(0, NAME))
        table.edit(model.index(0, NAME))
        editor = table.findChild(QLineEdit)
        assert editor is not None and editor.text() == LONG[0][0]  # the editor has the whole name
    finally:
        window.gate.stop()


def test_a_japanese_name_stays_whole_in_its_cell(qtbot, catalogue_port):
    window = clerk_with(qtbot, catalogue_port, "ja", JAPANESE)
    table, model = window.table, window.household
    fm = table.fontMetrics()
    try:
        for size in fit.SIZES:
            window.resize(*size)
            fit.settle()
            assert columns_out_of_view(table) == [], size
            for row in range(len(JAPANESE)):
                for column in (NAME, READING, RELATIONSHIP):
                    text = str(model.data(model.index(row, column)))
                    assert fm.horizontalAdvance(text) <= cell_room(table, column), (size, text)
    finally:
        window.gate.stop()


def test_the_check_sees_a_table_wider_than_its_view(qtbot, catalogue_port):
    """The columns as they were sized before (the names at their full width): the long names push
    the relationship out of view at 1366×768, and the check says so."""
    window = clerk_with(qtbot, catalogue_port, "en", LONG)
    header = window.table.horizontalHeader()
    try:
        for column in (NAME, READING):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        window.resize(1366, 768)
        fit.settle()
        found = columns_out_of_view(window.table)
        assert any(line.startswith(f"column {RELATIONSHIP + 1} ") for line in found), found
    finally:
        window.gate.stop()


@pytest.mark.parametrize(("lang", "line"), [("ja", "3. 山田　健　{n}歳"), ("en", "3. 山田　健, age {n}"),
                                             ("ko", "3. 山田　健 ({n}세)"), ("zh-Hans", "3. 山田　健（{n}岁）")])
def test_the_panel_joins_name_and_age_as_the_clerks_language_does(qtbot, catalogue_port, lang, line):
    window = clerk_with(qtbot, catalogue_port, lang, JAPANESE)
    c = window.controller
    try:
        window.panel.show_household(c)
        age = c.session.members[2].age(c.session.household.today)
        assert line.format(n=age) in window.panel.lines
        assert i18n.plain(i18n.text("counter.panel_members", lang)) in window.panel.body.text()
    finally:
        window.gate.stop()


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_each_relationship_digit_types_an_option_shown_by_its_label(qtbot, catalogue_port, lang):
    """The digits 1–6 in the relationship cell type the catalogue's six options in their order, each
    shown by its label in the clerk's language (never a code the catalogue does not know)."""
    window = clerk_with(qtbot, catalogue_port, lang, JAPANESE)
    model = window.household
    labels = model.code_labels(RELATIONSHIP)
    try:
        typed = []
        for digit in "123456":
            assert model.setData(model.index(2, RELATIONSHIP), digit)
            typed.append((window.controller.session.members[2].relationship, model.data(model.index(2, RELATIONSHIP))))
        assert typed == list(labels.items())
        assert typed[4][1] == {"ja": "その他の親族", "en": "Other relative"}[lang]
    finally:
        window.gate.stop()
