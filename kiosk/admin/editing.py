"""Editing catalogue documents without Qt: values at paths, QR keys (assigned automatically,
never reused), the translations grid, located problems and the "try it" panel for conditions.

Problems come from the catalogue loader as ``forms/fields.yaml:42 fields[3].label.vi: missing``;
:func:`locate` turns one into (document, line, path, message) so the editor can point at the
cell.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import yaml

from kiosk import i18n
from kiosk.admin.documents import FOLDER_NAME, check_documents
from kiosk.catalogue import expr
from kiosk.catalogue.checks import LOCALIZED_KEYS
from kiosk.catalogue.source import PathKey, get_at
from kiosk.errors import AdminError, ExpressionError

_PROBLEM = re.compile(r"^(?P<doc>[^:\s]+):(?P<line>\d+)(?: (?P<path>[^\s:]+))?: (?P<msg>.*)$", re.S)
_PART = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


@dataclass(frozen=True)
class Located:
    document: str  # e.g. "fields.yaml", "forms/kokuho.yaml"
    line: int
    path: PathKey
    message: str
    text: str  # the whole problem as reported


def parse_path(text: str) -> PathKey:
    """``fields[3].label.vi`` → ``('fields', 3, 'label', 'vi')``."""
    return tuple(int(m.group(2)) if m.group(2) is not None else m.group(1) for m in _PART.finditer(text or ""))


def locate(problem: str) -> Located:
    m = _PROBLEM.match(problem)
    if not m:
        return Located("", 1, (), problem, problem)
    doc = m.group("doc")
    prefix = FOLDER_NAME + "/"
    if doc.startswith(prefix):
        doc = doc[len(prefix):]
    return Located(doc, int(m.group("line")), parse_path(m.group("path") or ""), m.group("msg"), problem)


def problems_for(documents: Mapping[str, str], name: str | None = None) -> list[Located]:
    """The located problems of the whole set, or only those in document ``name``."""
    located = [locate(p) for p in check_documents(documents)]
    return [p for p in located if name is None or p.document == name]


# -- values at paths -------------------------------------------------------------------------

def set_at(data: Any, path: PathKey, value: Any) -> Any:
    """A copy of ``data`` with ``value`` at ``path`` (None or "" removes a mapping key)."""
    data = copy.deepcopy(data)
    node = data
    for part in path[:-1]:
        if isinstance(node, dict):
            node = node.setdefault(part, {})
        else:
            node = node[part]
    last = path[-1]
    if isinstance(node, dict) and (value is None or value == ""):
        node.pop(last, None)
    else:
        node[last] = value
    return data


def index_of(items: list[Any], key: str, value: str) -> int:
    for i, item in enumerate(items or []):
        if isinstance(item, dict) and item.get(key) == value:
            return i
    raise AdminError(f"no {key} {value!r}", key="admin.not_found", item=value)


# -- QR keys ---------------------------------------------------------------------------------

def _form_rows(form: dict[str, Any]) -> list[dict[str, Any]]:
    rows = list(form.get("fields") or [])
    rows += list((form.get("persons") or {}).get("fields") or [])
    return [r for r in rows if isinstance(r, dict)]


def next_qr_key(form: dict[str, Any]) -> int:
    """The next QR key of a form: above every key in use and every retired key."""
    used: set[int] = {r["qr"] for r in _form_rows(form) if isinstance(r.get("qr"), int)}
    used |= set(form.get("retired_qr_keys") or [])
    return max(used | {0}) + 1


def add_form_field(
    form: dict[str, Any], field_id: str, *, persons: bool = False, when: str | None = None,
) -> tuple[dict[str, Any], int]:
    """A copy of the form with ``field_id`` appended (household or person rows) and its new key."""
    form = copy.deepcopy(form)
    if any(r.get("field") == field_id for r in (form.get("persons", {}).get("fields", []) if persons else form.get("fields", []))):
        raise AdminError(f"{field_id} is already on the form", key="admin.field_on_form", field=field_id)
    key = next_qr_key(form)
    row: dict[str, Any] = {"field": field_id, "qr": key}
    if when:
        row["when"] = when
    if persons:
        form.setdefault("persons", {"fields": []}).setdefault("fields", []).append(row)
    else:
        form.setdefault("fields", []).append(row)
    return form, key


def remove_form_field(form: dict[str, Any], field_id: str, *, persons: bool = False) -> dict[str, Any]:
    """A copy without ``field_id``; its QR key is retired, never to be used again."""
    form = copy.deepcopy(form)
    rows = form.get("persons", {}).get("fields", []) if persons else form.get("fields", [])
    i = index_of(rows, "field", field_id)
    key = rows.pop(i).get("qr")
    if isinstance(key, int):
        retired = set(form.get("retired_qr_keys") or [])
        retired.add(key)
        form["retired_qr_keys"] = sorted(retired)
    return form


# -- translations ----------------------------------------------------------------------------

@dataclass(frozen=True)
class TranslationRow:
    path: PathKey  # path of the localized mapping, e.g. ("fields", 3, "label")
    texts: dict[str, str]


def translation_rows(data: Any, base: PathKey = ()) -> list[TranslationRow]:
    """Every localized text of a document (labels, titles, help, ...), in document order."""
    out: list[TranslationRow] = []

    def walk(node: Any, path: PathKey) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key in LOCALIZED_KEYS and isinstance(value, dict):
                    out.append(TranslationRow(path + (key,), {str(k): v for k, v in value.items()}))
                else:
                    walk(value, path + (key,))
        elif isinstance(node, list):
            for i, value in enumerate(node):
                walk(value, path + (i,))

    walk(get_at(data, base) if base else data, base)
    return out


def cell_problem(lang: str, text: Any) -> str | None:
    """What is wrong with one cell of the translations grid, or None."""
    if text is None or (isinstance(text, str) and not text.strip()):
        return "missing"
    if not isinstance(text, str):
        return "not text"
    if not i18n.furigana_balanced(text):
        return "unbalanced furigana markup {漢字|かんじ}"
    return None


# -- the "try it" panel ----------------------------------------------------------------------

@dataclass(frozen=True)
class TryResult:
    ok: bool
    value: Any = None
    error: str = ""
    position: int = 0  # 0-based character offset of the error in the expression


def sample_environment(sample: Mapping[str, Any], person: int | None = None, today: dt.date | None = None) -> dict[str, Any]:
    """The names a condition reads, built from a sample household (``forms/samples/*.yaml``)."""
    today = today or dt.date.today()
    persons = []
    for i, raw in enumerate(sample.get("persons") or []):
        entry = {k: v for k, v in raw.items() if k != "answers"}
        entry.update(raw.get("answers") or {})
        entry["index"] = i
        birth = entry.get("birth_date")
        if "age" not in entry and birth is not None:
            entry["age"] = expr.age_at(birth, today)
        if birth is not None:
            entry["school_age"] = expr.school_age(birth, today)
        persons.append(entry)
    env: dict[str, Any] = {"answers": dict(sample.get("answers") or {}), "persons": persons, "today": today}
    if person is not None and 0 <= person < len(persons):
        env["person"] = persons[person]
    return env


def try_expression(text: str, sample: Mapping[str, Any], person: int | None = None, today: dt.date | None = None) -> TryResult:
    """Parse and evaluate a condition against a sample household; errors carry their position."""
    try:
        parsed = expr.parse(text)
        return TryResult(True, parsed.evaluate(sample_environment(sample, person, today)))
    except ExpressionError as exc:
        return TryResult(False, error=exc.detail or exc.key, position=exc.position)


def load_samples(documents: Mapping[str, str]) -> dict[str, dict[str, Any]]:
    """Sample households of the catalogue, by name."""
    out: dict[str, dict[str, Any]] = {}
    for name, content in sorted(documents.items()):
        if name.startswith("samples/"):
            try:
                data = yaml.safe_load(content)
            except yaml.YAMLError:
                continue
            if isinstance(data, dict):
                out[name.split("/", 1)[1].removesuffix(".yaml")] = data
    return out
