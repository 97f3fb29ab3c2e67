"""Read the field dictionary (``forms/fields.yaml``) into :class:`FieldDef` s: each legal item once,
with its type (one of :data:`kiosk.catalogue.types.REGISTRY`), its card attribute, its validation
pattern, its default or 窓口で確認 and its town restriction checked. Every problem is located by
file, line and path, as the rest of the catalogue; the derivations are checked by the loader once
the questions are known."""

from __future__ import annotations

import re
from collections.abc import Callable

from kiosk.catalogue import checks
from kiosk.catalogue.model import CARD_ATTRIBUTES, FieldDef, Option, Validation
from kiosk.catalogue.source import Document, PathKey
from kiosk.catalogue.types import REGISTRY
from kiosk.kanji import COUNTER_CHECK


def read_fields(doc: Document, ok: Callable[[Document, PathKey], bool]
                ) -> tuple[dict[str, FieldDef], dict[str, PathKey], list[str]]:
    """The fields of ``doc`` by id, the path of each in it, and the problems (``ok``: false for
    an item the schema already refused, which is skipped and not reported twice)."""
    out: dict[str, FieldDef] = {}
    paths: dict[str, PathKey] = {}
    problems: list[str] = []
    if not ok(doc, ()):
        return out, paths, problems
    for i, raw in enumerate(doc.data["fields"]):
        path = ("fields", i)
        if not ok(doc, path):
            continue
        if raw["id"] in out:
            problems.append(doc.problem(path + ("id",), f"duplicate field id {raw['id']!r}"))
            continue
        v = raw.get("validation", {})
        pattern = v.get("pattern")
        if pattern is not None:
            try:
                re.compile(pattern)
            except re.error as exc:
                problems.append(doc.problem(path + ("validation", "pattern"), f"not a regular expression: {exc}"))
                pattern = None
        options = tuple(Option(o["code"], o["label"]) for o in raw.get("options", ()))
        problems += unique_options(doc, path, options)
        kind = REGISTRY.get(raw["type"])
        if kind is None:
            problems.append(doc.problem(path + ("type",), f"unknown field type {raw['type']!r} (known: {', '.join(REGISTRY)})"))
            continue
        if kind.needs_options and not options:
            problems.append(doc.problem(path + ("options",), "an enum field needs options"))
        card = raw.get("card")
        if card is not None and card not in CARD_ATTRIBUTES:
            problems.append(doc.problem(path + ("card",), f"no card attribute {card!r} (known: {', '.join(CARD_ATTRIBUTES)})"))
            card = None
        if kind.is_my_number != (raw["privacy"] == "my_number"):
            problems.append(doc.problem(path + ("privacy",), "a 個人番号 field has privacy 'my_number', and only it"))
        fd = FieldDef(
            id=raw["id"], type=raw["type"], label=raw["label"], privacy=raw["privacy"],
            validation=Validation(v.get("required", False), v.get("max_length"), pattern, v.get("minimum"), v.get("maximum")),
            options=options, card=card, derive=raw.get("derive"), help=raw.get("help", {}),
            legal_basis=raw["legal_basis"], era=raw.get("era", True),
            default=COUNTER_CHECK if raw.get("counter_check") else raw.get("default"),
            counter_check=bool(raw.get("counter_check")),
            within_town=bool(raw.get("within_town")),
        )
        town = kind.within_town_problem(fd)
        if town:
            problems.append(doc.problem(path + ("within_town",), town))
        if "default" in raw and fd.counter_check:
            problems.append(doc.problem(path + ("counter_check",), "counter_check sets the value (窓口で確認): no default with it"))
        elif "default" in raw or fd.counter_check:
            problem = checks.default_matches(fd, fd.default)
            if problem:
                key = "default" if "default" in raw else "counter_check"
                problems.append(doc.problem(path + (key,), problem))
        paths[fd.id] = path
        out[fd.id] = fd
    return out, paths, problems


def unique_options(doc: Document, path: PathKey, options: tuple[Option, ...]) -> list[str]:
    """A problem for each option code of the item at ``path`` (a field or a question) used twice."""
    problems: list[str] = []
    seen: set[str] = set()
    for i, option in enumerate(options):
        if option.code in seen:
            problems.append(doc.problem(path + ("options", i, "code"), f"duplicate option code {option.code!r}"))
        seen.add(option.code)
    return problems
