"""Checks shared by the loader: translations, expressions, print layout and default values.

Each check returns problem strings located with :meth:`Document.problem`; none raises."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from kiosk import i18n
from kiosk.catalogue import expr
from kiosk.catalogue.model import CARD_ATTRIBUTES, CrossCheck, FieldDef, Form, PrintBox, Question
from kiosk.catalogue.source import Document, PathKey
from kiosk.errors import ExpressionError, ValidationError

# keys whose value is a text per language
LOCALIZED_KEYS = {"label", "title", "text", "help", "bring", "deadline", "guidance", "name", "notes"}
# attributes a person of the household has besides the answers to person questions
PERSON_ATTRIBUTES = {"age", "birth_date", "sex", "relationship", "school_age", "index", "name", "name_kana",
                     "card_read"}
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


def known_answer(doc: Document, path: PathKey, question: Question) -> list[str]:
    """The ``known`` answer of ``question`` must be one the resident could have given."""
    from kiosk.catalogue.navigator import check_answer

    if question.known is None:
        return []
    try:
        check_answer(question, question.known.answer)
    except ValidationError:
        return [doc.problem(path, f"{question.known.answer!r} is not an answer to {question.id!r}")]
    return []


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
    """None when ``value`` suits the field's type (and passes its validation), else the problem."""
    return fd.kind.default_problem(fd, value)


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


# -- dependency cycles -----------------------------------------------------------------------
# A question whose `when` reads (directly or through other questions) its own answer is never
# asked the way its author meant; a derivation reading (through others) its own value stays
# empty. Both are refused, naming the file and line of every element of the cycle.

Located = tuple[Document, PathKey]


def question_reads(text: str, question_ids: set[str]) -> set[str]:
    """Ids of the questions whose answers a question condition reads (``answers.<id>``,
    ``person.<id>`` and, inside any/all/count, ``item.<id>``)."""
    try:
        names = expr.parse(text).names()
    except ExpressionError:
        return set()  # reported where the expression is checked
    out: set[str] = set()
    for name in names:
        parts = name.split(".")
        if len(parts) == 2 and parts[0] in ("answers", "person", "item") and parts[1] in question_ids:
            out.add(parts[1])
    return out


def derivation_reads(text: str, field_ids: set[str]) -> set[str]:
    """Ids of the fields whose values a ``derive`` expression reads (``values.<field id>``)."""
    try:
        names = expr.parse(text).names()
    except ExpressionError:
        return set()
    return {name.split(".", 1)[1] for name in names if name.startswith("values.") and name.split(".", 1)[1] in field_ids}


def find_cycles(order: list[str], reads: dict[str, set[str]]) -> list[list[str]]:
    """One cycle per strongly connected group of ``reads`` (a node reading itself included), each
    starting at its first node in ``order`` and listed in reading order."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def connect(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(reads.get(node, ()), key=order.index):
            if nxt not in index:
                connect(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group: list[str] = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                group.append(top)
                if top == node:
                    break
            if len(group) > 1 or node in reads.get(node, ()):
                groups.append(group)

    for node in order:
        if node not in index:
            connect(node)
    cycles = [_cycle_in(sorted(group, key=order.index), reads, order) for group in groups]
    return sorted(cycles, key=lambda c: order.index(c[0]))


def _cycle_in(group: list[str], reads: dict[str, set[str]], order: list[str]) -> list[str]:
    """A path from the group's first node back to it, through the group (breadth first: shortest)."""
    start, members = group[0], set(group)
    came_from: dict[str, str] = {}
    frontier = [start]
    while frontier:
        following: list[str] = []
        for node in frontier:
            for nxt in sorted(reads.get(node, set()) & members, key=order.index):
                if nxt == start:
                    path = [node]
                    while path[-1] != start:
                        path.append(came_from[path[-1]])
                    return list(reversed(path))
                if nxt not in came_from:
                    came_from[nxt] = node
                    following.append(nxt)
        frontier = following
    return [start]  # unreachable for a strongly connected group


def cycle_problems(kind: str, order: list[str], reads: dict[str, set[str]], where: dict[str, Located]) -> list[str]:
    """``file:line path: <kind> cycle: a (file:line) → b (file:line) → a`` for every cycle."""
    problems: list[str] = []
    for cycle in find_cycles(order, reads):
        steps = " → ".join(f"{node} ({where[node][0].display}:{where[node][0].line(where[node][1])})" for node in cycle)
        doc, path = where[cycle[0]]
        problems.append(doc.problem(path, f"{kind} cycle: {steps} → {cycle[0]}"))
    return problems


def question_cycles(doc: Document, questions: list[tuple[str, str | None, PathKey]]) -> list[str]:
    """Questions (id, condition, path of the condition) whose conditions depend on each other."""
    ids = {qid for qid, _when, _path in questions}
    reads = {qid: question_reads(when, ids) for qid, when, _path in questions if when is not None}
    where: dict[str, Located] = {qid: (doc, path) for qid, _when, path in questions}
    return cycle_problems("question", [qid for qid, _w, _p in questions], reads, where)


def derivation_cycles(doc: Document, fields: list[tuple[str, str | None, PathKey]]) -> list[str]:
    """Fields (id, derive expression, path of the expression) whose derivations depend on each other."""
    ids = {fid for fid, _derive, _path in fields}
    reads = {fid: derivation_reads(derive, ids) for fid, derive, _path in fields if derive is not None}
    where: dict[str, Located] = {fid: (doc, path) for fid, _derive, path in fields}
    return cycle_problems("derivation", [fid for fid, _d, _p in fields], reads, where)


# -- cross-checks of answers -----------------------------------------------------------------


def cross_checks(
    doc: Document, questions: list[Question], names: Names, roots: set[str], ok: Callable[[Document, PathKey], bool],
) -> tuple[tuple[CrossCheck, ...], list[str]]:
    """``cross_checks`` of navigator.yaml: each names a person choice question, two of its option
    codes and a condition over the person and the household (``ok``: not already refused by the schema)."""
    by_id = {q.id: q for q in questions}
    out: list[CrossCheck] = []
    problems: list[str] = []
    for i, raw in enumerate(doc.data.get("cross_checks", ())):
        path: PathKey = ("cross_checks", i)
        if not ok(doc, path):
            continue
        q = by_id.get(raw["question"])
        if q is None or q.scope != "person" or q.kind != "choice":
            problems.append(doc.problem(path + ("question",), f"not a person choice question: {raw['question']!r}"))
            continue
        codes = {o.code for o in q.options}
        bad = [key for key in ("answer", "becomes") if raw[key] not in codes]
        problems += [doc.problem(path + (key,), f"{raw[key]!r} is not an option of {q.id!r}") for key in bad]
        found, _ = expression(doc, path + ("when",), raw["when"], names, roots)
        problems += found
        if not bad and not found:
            out.append(CrossCheck(q.id, raw["answer"], raw["becomes"], raw["when"], raw["basis"]))
    return tuple(out), problems
