"""ML: every interface message exists in every shipped language, and furigana markup is balanced."""

from __future__ import annotations

import yaml

from kiosk import i18n, paths
from kiosk.config import SHIPPED_LANGUAGES


def _area_files():
    areas: dict[str, dict[str, dict]] = {}
    for lang in SHIPPED_LANGUAGES:
        for file in (paths.LOCALES_DIR / lang).glob("*.yaml"):
            areas.setdefault(file.stem, {})[lang] = yaml.safe_load(file.read_text(encoding="utf-8")) or {}
    return areas


def test_every_shipped_language_has_a_folder():
    assert set(SHIPPED_LANGUAGES) <= set(i18n.languages())


def test_every_area_is_complete_in_every_language():
    problems = []
    for area, by_lang in _area_files().items():
        keys = set().union(*(set(d) for d in by_lang.values()))
        for lang in SHIPPED_LANGUAGES:
            data = by_lang.get(lang)
            if data is None:
                problems.append(f"locales/{lang}/{area}.yaml: missing")
                continue
            for key in sorted(keys - set(data)):
                problems.append(f"locales/{lang}/{area}.yaml: {key}: missing")
            for key, value in data.items():
                if not str(value).strip():
                    problems.append(f"locales/{lang}/{area}.yaml: {key}: empty")
    assert problems == []


def test_furigana_markup_is_balanced():
    bad = [
        f"{lang}/{area}: {key}"
        for area, by_lang in _area_files().items()
        for lang, data in by_lang.items()
        for key, value in data.items()
        if not i18n.furigana_balanced(str(value))
    ]
    assert bad == []


def test_parameters_match_across_languages():
    import string

    def names(text: str) -> set[str]:
        return {f for _, f, _, _ in string.Formatter().parse(i18n.plain(text)) if f}

    bad = []
    for area, by_lang in _area_files().items():
        for key, value in by_lang.get("en", {}).items():
            expected = names(str(value))
            for lang, data in by_lang.items():
                if key in data and names(str(data[key])) != expected:
                    bad.append(f"{lang}/{area}: {key}")
    assert bad == []


def test_text_fills_parameters_and_falls_back():
    assert "kiosk.toml" in i18n.text("error.config_missing", "en", where="kiosk.toml")
    assert i18n.text("error.generic", "ja-easy").startswith("{問題|もんだい}")
    assert i18n.plain(i18n.text("error.generic", "ja-easy")).startswith("問題")
    assert i18n.text("no.such.key", "vi") == "no.such.key"


def test_ruby_segments_split_base_and_reading():
    assert i18n.ruby_segments("{漢字|かんじ}を よむ") == [("漢字", "かんじ"), ("を よむ", None)]


def test_every_counter_message_is_read_by_the_kiosk():
    """No message is left behind in the counter's file when its text moves elsewhere: each key
    is named in the kiosk's code, whole or as the fixed start of a key made from a value
    (``f"counter.step_{screen.value}"``)."""
    import re
    from pathlib import Path

    import kiosk

    source = "\n".join(p.read_text(encoding="utf-8") for p in Path(kiosk.__file__).parent.rglob("*.py"))
    named = set(re.findall(r"""["'](counter\.[a-z0-9_]+)["']""", source))
    made_from = tuple(re.findall(r"""f["'](counter\.[a-z0-9_]+)\{""", source))
    assert made_from  # the step and card-stage keys are made from values
    unused = [key for key in _area_files()["counter"]["en"] if key not in named and not key.startswith(made_from)]
    assert unused == []
