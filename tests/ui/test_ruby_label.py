"""やさしい日本語 on screen (A11Y-14): the ruby label wraps as the printed slip does
(tests/printing/test_ruby_wrap.py): a line break starts a line, a wrapped line never begins with
a space, a kanji stays with its reading."""

from __future__ import annotations

from kiosk.ui.widgets import RubyLabel


def _label(qtbot, message: str) -> RubyLabel:
    label = RubyLabel(message)
    qtbot.addWidget(label)
    return label


def test_a11y14_a_line_break_starts_a_new_line_on_screen(qtbot) -> None:
    one = _label(qtbot, "Moving in")
    two = _label(qtbot, "Moving in\nbring your card")
    spaced = _label(qtbot, "Moving in bring your card")
    line = one.heightForWidth(1000)
    assert spaced.heightForWidth(1000) == line
    assert two.heightForWidth(1000) == 2 * line - 4  # two lines under the one margin
    assert two.natural_width() == _label(qtbot, "Moving inbring your card").natural_width()


def test_a11y14_a_space_does_not_begin_a_wrapped_line_on_screen(qtbot) -> None:
    word = _label(qtbot, "Moving")
    label = _label(qtbot, "Moving Moving")
    narrow = word.natural_width() + 1  # one word and not its space: a kept space would make three lines
    assert label.heightForWidth(narrow) == 2 * word.heightForWidth(narrow) - 4


def test_a11y14_a_kanji_stays_with_its_reading_on_screen(qtbot) -> None:
    base = _label(qtbot, "{転入届|てんにゅうとどけ}")
    label = _label(qtbot, "{転入届|てんにゅうとどけ}{転入届|てんにゅうとどけ}")
    one = base.heightForWidth(base.natural_width() + 1)
    assert label.heightForWidth(base.natural_width() + 1) == 2 * one - 4
    assert label.heightForWidth(2 * base.natural_width() + 1) == one


def test_a11y14_a_line_on_screen_does_not_begin_with_a_closing_bracket(qtbot) -> None:
    """禁則処理 on screen, as on paper: the card's PIN request at any width never puts ） or 。 at
    the start of a line nor （ at its end (it once broke before ） in large text)."""
    from printing.ruby_split import NO_LINE_END, NO_LINE_START

    label = _label(qtbot, "券面事項入力補助用の暗証番号（数字4けた）を入力してください。手で隠して入力してください。")
    starts, ends = set(), set()
    for width in range(120, 1400, 7):
        lines, _line_h, _ruby_h = label._layout(width)
        starts |= {line[0][0][0] for line in lines[1:] if line}
        ends |= {line[-1][0][-1] for line in lines[:-1] if line}
    assert not starts & NO_LINE_START and not ends & NO_LINE_END, (starts & NO_LINE_START, ends & NO_LINE_END)
    assert len(starts) > 10  # the text was wrapped in many places
