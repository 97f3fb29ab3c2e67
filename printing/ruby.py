"""Furigana on paper (やさしい日本語, A11Y-14): text given as (base, reading) segments is drawn
with the reading in small kana centred above its base, and wraps without splitting a base from
its reading (split and wrapped by :mod:`printing.ruby_split`, as the kiosk's ruby label is).
The kiosk splits its ruby markup into segments; this module parses nothing.
"""

from __future__ import annotations

from printing import fonts
from printing.layout import MIN_MARK, Page
from printing.model import RubyText, Text, plain
from printing.ruby_split import tokens, wrap

RUBY_SCALE = 0.5  # reading size / base size
RUBY_GAP = 0.08  # gap between base and reading, in base sizes


def ruby_size(size: float) -> float:
    """The reading's size: half the base, never under the smallest printed mark."""
    return max(MIN_MARK, size * RUBY_SCALE)


def lines(text: RubyText, names: tuple[str, ...], size: float,
          max_width: float) -> list[list[tuple[str, str | None, float]]]:
    """The text wrapped to ``max_width``: lines of (base, reading, width of the piece)."""
    small = ruby_size(size)

    def width(base: str, reading: str | None) -> float:
        return max(fonts.width(base, names, size), fonts.width(reading, names, small) if reading else 0.0)

    return wrap(tokens(text.segments), width, max_width)


def paragraph(page: Page, text: Text, size: float, names: tuple[str, ...], *, x: float | None = None,
              width: float | None = None, leading: float = 1.45) -> None:
    """Like :meth:`Page.paragraph`; with readings, each line grows by the reading's height and
    every reading is drawn centred above its base."""
    if not isinstance(text, RubyText) or not text.has_ruby:
        page.paragraph(plain(text), size, names, x=x, width=width, leading=leading)
        return
    x = page.margin if x is None else x
    width = page.inner_width if width is None else width
    small = ruby_size(size)
    for line in lines(text, names, size, width):
        page.ensure(size * leading + small)
        page.y -= size * leading + small
        baseline = page.y + size * 0.3
        at = x
        for base, reading, piece in line:
            base_w = fonts.width(base, names, size)
            page.text(at + (piece - base_w) / 2, baseline, base, size, names)
            if reading:
                reading_w = fonts.width(reading, names, small)
                page.text(at + (piece - reading_w) / 2, baseline + size * (0.88 + RUBY_GAP), reading, small, names)
            at += piece
