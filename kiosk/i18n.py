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

import yaml

from kiosk import paths
from kiosk.catalogue.source import BudgetExceeded, budget_problem, check_budget, read_capped
from kiosk.errors import ConfigError

# libyaml's loader is ten times faster on the 80 message files at start-up; pure Python if absent.
_LOADER: type[yaml.SafeLoader] | type[yaml.CSafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
FALLBACK = {"ja-easy": "ja"}  # then "en", then "ja"
RUBY = re.compile(r"\{([^{}|]+)\|([^{}|]+)\}")
PLACEHOLDER = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*\}")  # a {name} parameter, not furigana


AREA = re.compile(r"[a-z][a-z0-9_]*")  # a message file's name: the area its keys start with


@functools.cache
def catalog(lang: str, root: Path = paths.LOCALES_DIR) -> dict[str, str]:
    """Every message of ``lang``, all its files merged."""
    merged: dict[str, str] = {}
    folder = root / lang
    for file in sorted(folder.glob("*.yaml")):
        merged.update(_area(lang, file.stem, root))
    return merged


@functools.cache
def _area(lang: str, area: str, root: Path = paths.LOCALES_DIR) -> dict[str, str]:
    """The messages of one file, ``<root>/<lang>/<area>.yaml`` (empty when there is none)."""
    file = root / lang / f"{area}.yaml"
    if not file.is_file():
        return {}
    return {str(key): str(value) for key, value in load_messages(file).items()}


def _message(key: str, lang: str) -> str | None:
    """``key`` in ``lang``: read from its area's file first, so that showing the first screen in
    every language reads one file per language rather than all of them."""
    area = key.split(".", 1)[0]
    found = _area(lang, area).get(key) if AREA.fullmatch(area) else None
    return found if found is not None else catalog(lang).get(key)


def load_messages(file: Path) -> dict[str, object]:
    """One message file. A YAML error or a file that is not a mapping raises :class:`ConfigError`
    located as ``locales/en/resident.yaml:12:5: <problem>``."""
    where = _display(file)
    try:
        text = check_budget(read_capped(file))  # size, alias, node and depth limits (SEC-12)
    except OSError as exc:
        raise ConfigError(f"{where}:1: cannot read ({exc.strerror or type(exc).__name__})", where=where) from None
    except (BudgetExceeded, UnicodeDecodeError) as exc:
        raise ConfigError(budget_problem(where, exc), where=where) from None
    try:
        data = yaml.load(text, Loader=_LOADER) or {}  # noqa: S506 (a safe loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        place = f"{where}:{mark.line + 1}:{mark.column + 1}" if mark is not None else where
        raise ConfigError(f"{place}: {exc.problem or exc.context or 'invalid YAML'}", where=place) from None
    except yaml.YAMLError as exc:
        raise ConfigError(f"{where}: invalid YAML ({type(exc).__name__})", where=where) from None
    if not isinstance(data, dict):
        raise ConfigError(f"{where}:1: expected a mapping of message keys", where=where)
    return data


def _display(file: Path) -> str:
    """``locales/en/resident.yaml`` for shipped files, the full path for others."""
    try:
        return str(file.relative_to(paths.LOCALES_DIR.parent))
    except ValueError:
        return str(file)


def languages(root: Path = paths.LOCALES_DIR) -> list[str]:
    return sorted(p.name for p in root.iterdir() if p.is_dir())


def text(key: str, lang: str = "ja", **params: object) -> str:
    """The message ``key`` in ``lang`` with ``{name}`` parameters filled in.

    Falls back along ja-easy → ja, then en, then ja; an unknown key returns the key itself
    (a test makes sure no shipped key is missing)."""
    for candidate in (lang, FALLBACK.get(lang), "en", "ja"):
        found = _message(key, candidate) if candidate else None
        if found is not None:
            template = found
            break
    else:
        return key
    try:
        return string.Formatter().vformat(template, (), _Defaulting(params))
    except (ValueError, IndexError):
        return template


class _Defaulting(dict[str, object]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def plain(message: str) -> str:
    """Furigana markup removed: ``{漢字|かんじ}`` → ``漢字``."""
    return RUBY.sub(r"\1", message)


def kana(message: str) -> str:
    """Furigana markup read out: ``{漢字|かんじ}`` → ``かんじ``. What a widget that cannot draw
    furigana shows, so that no kanji stands without its reading (A11Y-14)."""
    return RUBY.sub(r"\2", message)


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
