"""Furigana text in unbreakable pieces, wrapped to a width: shared by the printed slips
(:mod:`printing.ruby`) and the kiosk's ruby label, which measure the pieces in their own units.
Imports no fonts and no reportlab, so that a screen can use it without loading the renderer."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import TypeVar

Piece = tuple[str, str | None]  # (base, reading or None)
Width = TypeVar("Width", int, float)

# 禁則処理 (JIS X 4051): what a line may not begin with (closing brackets, 句読点, small kana, the
# long-vowel mark, middle dot, ! and ?) and what it may not end with (opening brackets).
NO_LINE_START = frozenset(
    "、。，．,.:;!?)]}）］｝〕〉》」』】〙〗〟’”｠»・：；！？‼⁇⁈⁉ー―‐゠–〜～ゝゞヽヾ々〻"
    "ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ")
NO_LINE_END = frozenset("([{（［｛〔〈《「『【〘〖〝‘“｟«")


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
    line and is not kept; a space that would begin a wrapped line is dropped. No wrapped line
    begins with a closing bracket or a 句読点 nor ends with an opening bracket: the pieces before
    such a break go on to the next line with it (追い出し), unless that would empty the line."""
    out: list[list[tuple[str, str | None, Width]]] = [[]]
    used: Width = 0
    for base, reading in pieces:
        if base == "\n":
            out.append([])
            used = 0
            continue
        piece = width(base, reading)
        if out[-1] and used + piece > max_width:
            if base == " ":
                out.append([])
                used = 0
                continue
            line = out[-1]
            cut = len(line) - carried_on([b for b, _r, _w in line], base)
            carried = line[cut:]
            del line[cut:]
            out.append(carried)
            used = sum(w for _b, _r, w in carried)
        out[-1].append((base, reading, piece))
        used += piece
    return out


def carried_on(bases: Sequence[str], following: str) -> int:
    """How many of a full line's last ``bases`` go on to the next line with ``following`` so that
    the next line does not begin with a mark of :data:`NO_LINE_START` nor this one end with one of
    :data:`NO_LINE_END` (禁則処理, 追い出し); never the whole line."""
    count = 0
    while len(bases) - count > 1 and ((bases[-count] if count else following)[:1] in NO_LINE_START
                                      or bases[-count - 1][-1:] in NO_LINE_END):
        count += 1
    return count
