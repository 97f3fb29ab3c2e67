"""Random mutations of the shipped definitions: each mutated catalogue either loads or yields
located errors (``file:line path: message``) — never an exception or a traceback."""

from __future__ import annotations

import random
import re

import pytest
import yaml

from kiosk.catalogue.loader import check_catalogue, load_catalogue
from kiosk.errors import CatalogueError

LOCATED = re.compile(r"^forms/[\w/.-]+\.yaml:\d+(: | \S.*?: )\S")
NASTY = [
    None, 0, -1, 4096, 2.5, True, "", "x", [], {}, "2026-13-01", "__import__('os')", "person.__class__",
    "answers.nope", "any(persons, ", "{漢字|", "card.gender", "person.sx", "qr", "1 < 2 < 3", "move_in",
    [1, 2], {"ja": "x"}, "x" * 300, "\u0000", "答え",
]
BATCHES = 5
PER_BATCH = 50  # 250 cases


def nodes(data, path=()):
    yield path
    if isinstance(data, dict):
        for key, value in data.items():
            yield from nodes(value, path + (key,))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from nodes(value, path + (i,))


def get(data, path):
    for part in path:
        data = data[part]
    return data


def mutate(data, rng: random.Random):
    paths = [p for p in nodes(data) if p]
    path = rng.choice(paths)
    parent, last = get(data, path[:-1]), path[-1]
    op = rng.randrange(5)
    if op == 0:  # delete
        del parent[last]
    elif op == 1:  # replace by something wrong
        parent[last] = rng.choice(NASTY)
    elif op == 2 and isinstance(parent, list):  # duplicate (ids, QR keys)
        parent.insert(last, parent[last])
    elif op == 3 and isinstance(parent, dict):  # misspell a key
        parent[str(last) + rng.choice(["_", "s", "x"])] = parent.pop(last)
    else:  # change a scalar's type or text a little
        value = parent[last]
        if isinstance(value, str) and value:
            i = rng.randrange(len(value))
            parent[last] = value[:i] + rng.choice("_({|'.0 ") + value[i + 1:]
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            parent[last] = rng.choice([str(value), -value, value * 1000])
        else:
            parent[last] = rng.choice(NASTY)
    return path


def corrupt_text(text: str, rng: random.Random) -> str:
    i = rng.randrange(len(text))
    return text[:i] + rng.choice([":", "\t", "[", "- ", "{", "'", "\n  x", "&a", "*b", "!!python/object:os.system "]) + text[i:]


@pytest.mark.parametrize("batch", range(BATCHES))
def test_mutations_load_or_give_located_errors(forms_copy, batch):
    files = sorted(forms_copy.rglob("*.yaml"))
    rng = random.Random(20260401 + batch)
    for case in range(PER_BATCH):
        file = rng.choice(files)
        original = file.read_text(encoding="utf-8")
        if rng.random() < 0.15:
            file.write_text(corrupt_text(original, rng), encoding="utf-8")
            what = "text corruption"
        else:
            data = yaml.safe_load(original)
            what = mutate(data, rng)
            file.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
        context = f"batch {batch} case {case}: {file.relative_to(forms_copy)} {what}"
        problems = check_catalogue(forms_copy)  # must not raise
        for problem in problems:
            assert LOCATED.match(problem), f"{context}: {problem!r}"
            assert "internal error" not in problem, f"{context}: {problem!r}"
        if case % 5:
            file.write_text(original, encoding="utf-8")
            continue
        try:
            load_catalogue(forms_copy)
        except CatalogueError as exc:
            assert exc.problems == problems, context
        else:
            assert problems == [], context
        file.write_text(original, encoding="utf-8")
