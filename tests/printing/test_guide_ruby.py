"""やさしい日本語 on paper (A11Y-14): the guide slip draws every reading in small kana above its
kanji, read back from the PDF with pdfium (text and where each character sits)."""

from __future__ import annotations

import pypdfium2 as pdfium
from sample_forms import NOW

from kiosk.catalogue.model import Counter, Procedure
from kiosk.sheets import render_guide
from printing import ruby
from printing.model import RubyText, joined

PROCEDURES = [
    Procedure("tennyu", {"ja": "転入届", "ja-easy": "{転入届|てんにゅうとどけ}（{他|ほか}の{町|まち}から{来|き}たとき）",
                         "en": "Moving-in notification"}, "shiminka", ("juminido",),
              bring={"ja": "マイナンバーカード", "ja-easy": "マイナンバーカード"},
              deadline={"ja": "引っ越してから14日以内", "ja-easy": "{引|ひ}っ{越|こ}してから 14{日|にち}の{間|あいだ}"}),
]
COUNTERS = {"shiminka": Counter("shiminka", {"ja": "市民課 1番窓口", "ja-easy": "{市民課|しみんか} 1{番|ばん}{窓口|まどぐち}"})}


def _chars(pdf: bytes) -> list[tuple[str, float, float, float]]:
    """Every character on the first page with its box: (char, left, bottom, top) in points."""
    page = pdfium.PdfDocument(pdf)[0]
    text = page.get_textpage()
    out = []
    for i in range(text.count_chars()):
        ch = text.get_text_range(i, 1)
        left, bottom, _right, top = text.get_charbox(i)
        out.append((ch, left, bottom, top))
    return out


def _find(chars, word: str) -> list[tuple[float, float, float]]:
    """(left, bottom, top) of each place ``word`` is printed."""
    joined = "".join(c for c, *_ in chars)
    found, start = [], joined.find(word)
    while start >= 0:
        boxes = chars[start:start + len(word)]
        found.append((min(b[1] for b in boxes), min(b[2] for b in boxes), max(b[3] for b in boxes)))
        start = joined.find(word, start + 1)
    return found


def test_a11y14_guide_slip_prints_readings_above_their_kanji() -> None:
    result = render_guide(PROCEDURES, COUNTERS, lang="ja-easy", municipality="みどり町", issued_at=NOW)
    assert result.missing_glyphs == []
    chars = _chars(result.pdf)
    for base, reading in (("転入届", "てんにゅうとどけ"), ("市民課", "しみんか"), ("窓口", "まどぐち"),
                          ("手続", "てつづ")):
        bases, readings = _find(chars, base), _find(chars, reading)
        assert bases and readings, (base, reading)
        b_left, _b_bottom, b_top = bases[0]
        r_left, r_bottom, r_top = readings[0]
        assert r_bottom >= b_top - 1.0, (base, "reading not above its base")  # PDF y grows upwards
        assert r_top - r_bottom < b_top - _b_bottom  # smaller than the base
        assert abs(r_left - b_left) < 30  # over it, not elsewhere on the line
    assert "{" not in "".join(c for c, *_ in chars) and "|" not in "".join(c for c, *_ in chars)  # no markup left


def test_guide_slip_in_other_languages_has_no_readings() -> None:
    result = render_guide(PROCEDURES, COUNTERS, lang="ja", municipality="みどり町", issued_at=NOW)
    text = "".join(c for c, *_ in _chars(result.pdf))
    assert "転入届" in text and "てんにゅうとどけ" not in text


def test_readings_are_never_smaller_than_the_smallest_printed_mark() -> None:
    assert ruby.ruby_size(9) >= 7.0 and ruby.ruby_size(18) == 9.0
    text = RubyText((("1. ", None), ("転入届", "てんにゅうとどけ")))
    assert text.plain == "1. 転入届" and text.has_ruby
    assert joined("x", text).plain == "x1. 転入届" and joined("a", "b") == "ab"
