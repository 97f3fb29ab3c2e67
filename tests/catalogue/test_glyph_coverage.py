"""ML-03: the installed fonts draw every string of every shipped language, on screen (the kiosk's
font families, with Qt's fallback as the screens use it) and on the guide slip (the printing font
chain of the resident's language): no string lays out a missing glyph (tofu). Devanagari (ne),
Hangul (ko), Vietnamese diacritics (vi) and Chinese (zh-Hans) among them; furigana readings too.
Myanmar and Thai are not shipped languages, so no string of theirs is checked."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from typing import Any

import pytest
import yaml
from PySide6.QtGui import QFont, QTextLayout
from test_catalogue_languages import catalogue_files, localized_texts

from kiosk import i18n
from kiosk.config import SHIPPED_LANGUAGES
from kiosk.ui.theme import FONT_FAMILIES
from printing import fonts

pytestmark = pytest.mark.gui

SCRIPTS = {  # a language, a character class its strings must contain: the check reached that script
    "ne": lambda c: "\u0900" <= c <= "\u097f",  # Devanagari
    "ko": lambda c: "\uac00" <= c <= "\ud7a3",  # Hangul syllables
    "vi": lambda c: len(unicodedata.normalize("NFD", c)) > 2,  # a letter with two diacritics: ế, ở, ậ
    "zh-Hans": lambda c: "\u4e00" <= c <= "\u9fff",
}


def _strings(lang: str) -> Iterator[str]:
    """Every message of ``lang`` under locales/ and every catalogue text, base and reading apart."""
    messages = list(i18n.catalog(lang).values())
    for file in catalogue_files():
        for _path, texts in localized_texts(yaml.safe_load(file.read_text(encoding="utf-8"))):
            if isinstance(texts.get(lang), str):
                messages.append(texts[lang])
    for message in dict.fromkeys(messages):
        for base, reading in i18n.ruby_segments(message):
            yield base
            if reading:
                yield reading


def _tofu_on_screen(text: str, font: QFont) -> bool:
    """True when Qt lays out ``text`` with a glyph no font has (glyph 0, .notdef)."""
    layout = QTextLayout(text, font)
    layout.beginLayout()
    while layout.createLine().isValid():
        pass
    layout.endLayout()
    return any(0 in run.glyphIndexes() for run in layout.glyphRuns())


def _screen_font() -> QFont:
    font = QFont()
    font.setFamilies(FONT_FAMILIES)
    font.setPixelSize(24)
    return font


def test_ml03_the_tofu_check_finds_a_character_no_font_has(qapp: Any) -> None:
    """ML-03: the check itself: a private-use character lays out as tofu, on screen and on paper."""
    assert _tofu_on_screen("申請 \U0010fffd", _screen_font())
    assert not _tofu_on_screen("申請", _screen_font())
    assert fonts.missing("申請 \U0010fffd", fonts.chain("ja")) == ["\U0010fffd"]


@pytest.mark.parametrize("lang", SHIPPED_LANGUAGES)
def test_ml03_every_string_of_every_language_has_its_glyphs_on_screen_and_on_the_guide_slip(
        qapp: Any, lang: str) -> None:
    """ML-03: render every string of the language and detect missing glyphs (no tofu)."""
    font = _screen_font()
    strings = [s for s in dict.fromkeys(_strings(lang)) if s.strip()]
    assert len(strings) > 500
    if lang in SCRIPTS:
        assert any(SCRIPTS[lang](c) for s in strings for c in s)
    on_screen = [s for s in strings if _tofu_on_screen(s, font)]
    assert on_screen == [], f"{lang}: drawn with missing glyphs on screen"
    chain = fonts.chain(lang)
    on_paper = {s: fonts.missing(s, chain) for s in strings if fonts.missing(s, chain)}
    assert on_paper == {}, f"{lang}: missing from the printing fonts {chain}"
