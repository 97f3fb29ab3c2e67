"""Interface messages in every shipped language.

Messages live in ``locales/<lang>/<area>.yaml`` (area: core, card, print, qr, resident, clerk,
admin, …), as flat ``key: text`` maps; keys are dotted and start with their area
(``card.wrong_pin``). Form labels are not here: they live beside the field in ``forms/``.
やさしい日本語 (``ja-easy``) may carry furigana markup ``{漢字|かんじ}``; :func:`plain` strips it.
"""

from __future__ import annotations

import functools
import re
import string
from pathlib import Path

from kiosk import paths
from kiosk.catalogue.source import load_limited

FALLBACK = {"ja-easy": "ja"}  # then "en", then "ja"
RUBY = re.compile(r"\{([^{}|]+)\|([^{}|]+)\}")
PLACEHOLDER = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*\}")  # a {name} parameter, not furigana


@functools.cache
def catalog(lang: str, root: Path = paths.LOCALES_DIR) -> dict[str, str]:
    merged: dict[str, str] = {}
    folder = root / lang
    for file in sorted(folder.glob("*.yaml")):
        data, problems = load_limited(file, str(file))  # size, alias, node and depth limits
        if problems:
            raise ValueError(problems[0])
        data = data or {}
        if not isinstance(data, dict):
            raise ValueError(f"{file}: expected a mapping of message keys")
        for key, value in data.items():
            merged[str(key)] = str(value)
    return merged


def languages(root: Path = paths.LOCALES_DIR) -> list[str]:
    return sorted(p.name for p in root.iterdir() if p.is_dir())


def text(key: str, lang: str = "ja", **params: object) -> str:
    """The message ``key`` in ``lang`` with ``{name}`` parameters filled in.

    Falls back along ja-easy → ja, then en, then ja; an unknown key returns the key itself
    (a test makes sure no shipped key is missing)."""
    for candidate in (lang, FALLBACK.get(lang), "en", "ja"):
        if candidate and key in catalog(candidate):
            template = catalog(candidate)[key]
            break
    else:
        return key
    try:
        return string.Formatter().vformat(template, (), _Defaulting(params))
    except (ValueError, IndexError):
        return template


class _Defaulting(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def plain(message: str) -> str:
    """Furigana markup removed: ``{漢字|かんじ}`` → ``漢字``."""
    return RUBY.sub(r"\1", message)


def ruby_segments(message: str) -> list[tuple[str, str | None]]:
    """Split into (base, reading) pairs for drawing furigana; reading is None for plain text."""
    out: list[tuple[str, str | None]] = []
    pos = 0
    for m in RUBY.finditer(message):
        if m.start() > pos:
            out.append((message[pos:m.start()], None))
        out.append((m.group(1), m.group(2)))
        pos = m.end()
    if pos < len(message):
        out.append((message[pos:], None))
    return out


def furigana_balanced(message: str) -> bool:
    """True when every ``{`` opens a well-formed ``{base|reading}`` and nothing is left over."""
    stripped = PLACEHOLDER.sub("", RUBY.sub("", message))
    return "{" not in stripped and "}" not in stripped and "|" not in stripped
