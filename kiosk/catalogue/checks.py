"""Checks shared by the loader: translations, expressions, print layout and default values.

Each check returns problem strings located with :meth:`Document.problem`; none raises."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Any

from kiosk import i18n
from kiosk.catalogue import expr
from kiosk.catalogue.model import CARD_ATTRIBUTES, FieldDef, Form, PrintBox
from kiosk.catalogue.source import Document, PathKey
from kiosk.errors import ExpressionError

# keys whose value is a text per language
LOCALIZED_KEYS = {"label", "title", "text", "help", "bring", "deadline", "guidance", "name", "notes"}
# attributes a person of the household has besides the answers to person questions
PERSON_ATTRIBUTES = {"age", "birth_date", "sex", "relationship", "school_age", "index"}
CARD_NAMES = {a.split(".", 1)[1] for a in CARD_ATTRIBUTES}
A4 = (210.0, 297.0)
MARGIN = 5.0


def translations(doc: Document, languages: Iterable[str]) -> list[str]:
    """Every localized text has every language, no unknown language, and ja-easy markup balances."""
    wanted = tuple(languages)
    problems: list[str] = []

    def walk(node: Any, path: PathKey) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key in LOCALIZED_KEYS and isinstance(value, dict):
                    check(value, path + (key,))
                else:
                    walk(value, path + (key,))
        elif isinstance(node, list):
            for i, value in enumerate(node):
                walk(value, path + (i,))

    def check(texts: dict[str, Any], path: PathKey) -> None:
        for lang in wanted:
            value = texts.get(lang)
            if value is None:
                problems.append(doc.problem(path + (lang,), "missing"))
            elif not isinstance(value, str) or not value.strip():
                problems.append(doc.problem(path + (lang,), "empty or not text"))
        for lang, value in texts.items():
            if lang not in wanted:
                problems.append(doc.problem(path + (lang,), f"unknown language {lang!r}"))
            elif isinstance(value, str) and not i18n.furigana_balanced(value):
                problems.append(doc.problem(path + (lang,), "unbalanced furigana markup {漢字|かんじ}"))

    walk(doc.data, ())
    return problems


class Names:
    """What an expression may read in a given place of the catalogue."""

    def __init__(self, household_questions: set[str], person_questions: set[str], field_ids: set[str]):
        self.household = household_questions
        self.person = person_questions | PERSON_ATTRIBUTES
        self.fields = field_ids

    def unknown(self, names: Iterable[str], roots: set[str]) -> list[str]:
        bad: list[str] = []
        for name in sorted(names):
            parts = name.split(".")
            root = parts[0]
            if root not in roots:
                bad.append(f"unknown name {name!r}")
            elif root == "answers":
                if len(parts) != 2 or parts[1] not in self.household:
                    hint = " (a person question: use person.<id>)" if len(parts) > 1 and parts[1] in self.person else ""
                    bad.append(f"unknown answer {name!r}{hint}")
            elif root in ("person", "item"):
                if len(parts) > 2 or (len(parts) == 2 and parts[1] not in self.person):
                    bad.append(f"unknown answer {name!r}")
            elif root == "values":
                if ".".join(parts[1:]) not in self.fields:
                    bad.append(f"unknown field {'.'.join(parts[1:])!r}")
            elif root in ("card", "head"):
                if len(parts) != 2 or parts[1] not in CARD_NAMES:
                    bad.append(f"unknown card attribute {name!r}")
            elif len(parts) > 1:
                bad.append(f"unknown name {name!r}")
        return bad


def expression(doc: Document, path: PathKey, text: Any, names: Names, roots: set[str]) -> tuple[list[str], expr.Expr | None]:
    """Parse ``text`` and check the names it reads against ``roots`` (answers, person, ...)."""
    if not isinstance(text, str):
        return [doc.problem(path, "expression must be text")], None
    try:
        parsed = expr.parse(text)
    except ExpressionError as exc:
        return [doc.problem(path, f"does not parse: {exc.detail}")], None
    problems = [doc.problem(path, message) for message in names.unknown(parsed.names(), roots)]
    return problems, (parsed if not problems else None)


def default_matches(fd: FieldDef, value: Any) -> str | None:
    """None when ``value`` suits the field's type, else the problem."""
    kind = fd.type
    ok = {
        "bool": isinstance(value, bool),
        "integer": isinstance(value, int) and not isinstance(value, bool),
        "date": isinstance(value, dt.date),
        "enum": isinstance(value, str) and value in {o.code for o in fd.options},
    }.get(kind, isinstance(value, str))
    if kind == "my_number":
        return "a 個人番号 field cannot have a default"
    if not ok:
        want = {"enum": "one of the option codes", "date": "a date (YYYY-MM-DD)"}.get(kind, kind)
        return f"type mismatch: default {value!r} is not {want}"
    if kind == "postal_code" and not re.fullmatch(r"\d{7}", value):
        return "type mismatch: a postal code default has 7 digits"
    return None


def box_of(value: Any) -> PrintBox | None:
    if isinstance(value, list) and len(value) == 4 and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in value):
        return PrintBox(*(float(v) for v in value))
    return None


def _overlap(a: PrintBox, b: PrintBox) -> bool:
    eps = 0.01
    return a.x + eps < b.x + b.width and b.x + eps < a.x + a.width and a.y + eps < b.y + b.height and b.y + eps < a.y + a.height


def layout(doc: Document, form: Form, paths: dict[str, PathKey]) -> list[str]:
    """All boxes inside A4 minus the margin; no two boxes overlap, across every person row."""
    placed: list[tuple[str, PrintBox, PathKey]] = []
    for ff in form.fields:
        if ff.box:
            placed.append((ff.id, ff.box, paths[f"h:{ff.id}"]))
    if form.persons:
        pitch = form.persons.row_pitch
        for ff in form.persons.fields:
            if not ff.box:
                continue
            for row in range(form.persons.max_rows):
                b = ff.box
                placed.append((f"{ff.id} (person row {row + 1})", PrintBox(b.x, b.y + row * pitch, b.width, b.height), paths[f"p:{ff.id}"]))
        if pitch <= 0 and form.persons.max_rows > 1 and any(f.box for f in form.persons.fields):
            return [doc.problem(("persons", "row_pitch"), "person rows need a positive row_pitch")]
    problems: list[str] = []
    for name, b, path in placed:
        if b.x < MARGIN or b.y < MARGIN or b.x + b.width > A4[0] - MARGIN or b.y + b.height > A4[1] - MARGIN or b.width <= 0 or b.height <= 0:
            problems.append(doc.problem(path + ("box",), f"{name}: box leaves the printable A4 area"))
    for i, (name_a, a, path_a) in enumerate(placed):
        for name_b, b, _path_b in placed[i + 1:]:
            if _overlap(a, b):
                problems.append(doc.problem(path_a + ("box",), f"{name_a}: box overlaps {name_b}"))
    return problems
