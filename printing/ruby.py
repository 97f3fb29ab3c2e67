"""Furigana on paper (やさしい日本語, A11Y-14): text given as (base, reading) segments is drawn
with the reading in small kana centred above its base, and wraps without splitting a base from
its reading. The kiosk splits its ruby markup into segments; this module parses nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeVar

from printing import fonts
from printing.layout import MIN_MARK, Page
from printing.model import RubyText, Text, plain

RUBY_SCALE = 0.5  # reading size / base size
RUBY_GAP = 0.08  # gap between base and reading, in base sizes


def ruby_size(size: float) -> float:
    """The reading's size: half the base, never under the smallest printed mark."""
    return max(MIN_MARK, size * RUBY_SCALE)


Piece = tuple[str, str | None]  # (base, reading or None)
Width = TypeVar("Width", int, float)


def tokens(segments: Iterable[Piece]) -> list[Piece]:
    """Unbreakable pieces of (base, reading) segments: a ruby base with its reading, one CJK
    character, a space, a line break, or a Latin word."""
    out: list[Piece] = []
    for base, reading in segments:
        if reading:
            out.append((base, reading))
            continue
        word = ""
        for ch in base:
            if ch in " \n" or ord(ch) > 0x2E80:
                if word:
                    out.append((word, None))
                    word = ""
                out.append((ch, None))
            else:
                word += ch
        if word:
            out.append((word, None))
    return out


def wrap(pieces: Iterable[Piece], width: Callable[[str, str | None], Width],
         max_width: Width) -> list[list[tuple[str, str | None, Width]]]:
    """``pieces`` (see :func:`tokens`) in lines no wider than ``max_width`` (a piece wider than
    that stands alone): lines of (base, reading, width of the piece). A line break starts a new
    line and is not kept; a space that would begin a wrapped line is dropped."""
    out: list[list[tuple[str, str | None, Width]]] = [[]]
    used: Width = 0
    for base, reading in pieces:
        if base == "\n":
            out.append([])
            used = 0
            continue
        piece = width(base, reading)
        if out[-1] and used + piece > max_width:
            out.append([])
            used = 0
            if base == " ":
                continue
        out[-1].append((base, reading, piece))
        used += piece
    return out


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
