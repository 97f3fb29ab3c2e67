"""やさしい日本語 on paper (A11Y-14): how furigana text wraps on a slip. The kiosk's ruby label
wraps with the same splitter (tests/ui/test_ruby_label.py)."""

from __future__ import annotations

from printing import fonts, ruby
from printing.model import RubyText

NAMES = fonts.DEFAULT_CHAIN


def _bases(lines: list[list[tuple[str, str | None, float]]]) -> list[str]:
    return ["".join(base for base, _, _ in line) for line in lines]


def test_a11y14_a_line_break_in_the_text_starts_a_new_printed_line() -> None:
    text = RubyText((("Moving in\nbring your card", None),))
    assert _bases(ruby.lines(text, NAMES, 10, 1000)) == ["Moving in", "bring your card"]


def test_a11y14_a_space_does_not_begin_a_wrapped_line() -> None:
    word = fonts.width("Moving", NAMES, 10)
    lines = ruby.lines(RubyText((("Moving Moving", None),)), NAMES, 10, word + 1)
    assert _bases(lines) == ["Moving", "Moving"]


def test_a11y14_a_kanji_base_stays_with_its_reading_and_kanji_wrap_one_by_one() -> None:
    text = RubyText((("転入届", "てんにゅうとどけ"), ("を出す", None)))
    reading = fonts.width("てんにゅうとどけ", NAMES, ruby.ruby_size(10))
    lines = ruby.lines(text, NAMES, 10, reading + 1)
    assert lines[0] == [("転入届", "てんにゅうとどけ", reading)]
    assert _bases(lines) == ["転入届", "を出す"]
    two = fonts.width("を出", NAMES, 10)
    assert _bases(ruby.lines(RubyText((("を出す", None),)), NAMES, 10, two + 1)) == ["を出", "す"]


def test_a11y14_no_printed_line_begins_with_a_closing_mark_nor_ends_with_an_opening_one() -> None:
    """禁則処理 (JIS X 4051): at every width, a wrapped line does not begin with ） 。、」 or a small
    kana, nor end with （ or 「; the characters are all kept, in order, and a line is over the
    width only by what was carried to it with such a mark."""
    sentence = "券面事項入力補助用の暗証番号（数字4けた）を入力してください。「手で隠して」ください。ちょっと"
    text = RubyText(((sentence, None),))
    char = fonts.width("国", NAMES, 10)
    seen_carried = False
    for chars in range(3, 30):
        lines = ruby.lines(text, NAMES, 10, chars * char + 1)
        bases = _bases(lines)
        assert "".join(bases) == sentence
        assert not [b for b in bases[1:] if b[0] in "）。、」ょっ"], (chars, bases)
        assert not [b for b in bases[:-1] if b[-1] in "（「"], (chars, bases)
        seen_carried = seen_carried or any(len(b) < chars - 1 for b in bases[:-1])
    assert seen_carried  # some lines were broken early to keep a mark with its neighbour


def test_no_line_of_plain_printed_text_begins_with_a_closing_mark_nor_ends_with_an_opening_one() -> None:
    """The same 禁則処理 for text printed without furigana (a sheet's values, the slips' notes)."""
    sentence = "券面事項入力補助用の暗証番号（数字4けた）を入力してください。「手で隠して」ください。ちょっと"
    char = fonts.width("国", NAMES, 10)
    for chars in range(3, 30):
        lines = fonts.wrap(sentence, NAMES, 10, chars * char + 1)
        assert "".join(lines) == sentence
        assert not [b for b in lines[1:] if b[0] in "）。、」ょっ"], (chars, lines)
        assert not [b for b in lines[:-1] if b[-1] in "（「"], (chars, lines)
