"""Read one form definition (``forms/forms/<id>.yaml``) into a :class:`Form`: its household fields
and person rows, each bound to the field dictionary, its QR keys (unique, never a retired one) and
its print layout. Every problem is located by file, line and path, as the rest of the catalogue."""

from __future__ import annotations

from collections.abc import Set
from pathlib import Path
from typing import Any

from kiosk.catalogue import checks
from kiosk.catalogue.model import Counter, FieldDef, Form, FormField, PersonGroup
from kiosk.catalogue.source import Document, PathKey

HOUSEHOLD_ROOTS = {"answers", "persons", "item", "today"}
PERSON_ROOTS = HOUSEHOLD_ROOTS | {"person"}


def read_form(doc: Document, fields: dict[str, FieldDef], counters: dict[str, Counter], names: checks.Names, *,
              bad: Set[PathKey]) -> tuple[Form | None, list[str]]:
    """The form in ``doc`` and its problems; ``bad`` holds the item paths the schema already
    reported (not reported twice)."""
    reader = _FormReader(doc, fields, names, bad)
    return reader.form(counters), reader.problems


class _FormReader:
    def __init__(self, doc: Document, fields: dict[str, FieldDef], names: checks.Names, bad: Set[PathKey]) -> None:
        self.doc, self.fields, self.names, self.bad = doc, fields, names, bad
        self.problems: list[str] = []

    def ok(self, path: PathKey) -> bool:
        return not any(path[: len(b)] == b for b in self.bad)

    def form_field(self, path: PathKey, raw: dict[str, Any], roots: set[str]) -> FormField | None:
        doc, fields, names = self.doc, self.fields, self.names
        fd = fields.get(raw["field"])
        if fd is None:
            self.problems.append(doc.problem(path + ("field",), f"unknown field {raw['field']!r}"))
            return None
        if raw.get("when") is not None:
            problems, _ = checks.expression(doc, path + ("when",), raw["when"], names, roots)
            self.problems += problems
        box = checks.box_of(raw.get("box"))
        return FormField(fd, raw["qr"], raw.get("when"), raw.get("handwrite", False), raw.get("required"), box)

    def form(self, counters: dict[str, Counter]) -> Form | None:
        doc, names = self.doc, self.names
        if any(b[:1] not in (("fields",), ("persons",)) or b == ("fields",) for b in self.bad):
            return None  # the schema found problems in the form's own keys
        data = doc.data
        if Path(doc.display).stem != data["id"]:
            self.problems.append(doc.problem(("id",), f"form id {data['id']!r} differs from the file name"))
        if counters and data["counter"] not in counters:
            self.problems.append(doc.problem(("counter",), f"unknown counter {data['counter']!r}"))
        field_paths: dict[str, PathKey] = {}
        qr_seen: dict[int, str] = {}
        retired = set(data.get("retired_qr_keys", ()))

        def take(items: list[Any], base: PathKey, prefix: str, roots: set[str]) -> list[FormField]:
            out: list[FormField] = []
            for i, raw in enumerate(items if isinstance(items, list) else []):
                path = base + (i,)
                if not self.ok(path):
                    continue
                ff = self.form_field(path, raw, roots)
                qr = raw["qr"]
                if qr in retired:
                    self.problems.append(doc.problem(path + ("qr",), f"QR key {qr} is retired and never reused"))
                elif qr in qr_seen:
                    self.problems.append(doc.problem(path + ("qr",), f"duplicate QR key {qr} (also {qr_seen[qr]})"))
                qr_seen[qr] = raw["field"]
                if ff is None:
                    continue
                key = f"{prefix}:{ff.id}"
                if key in field_paths:
                    self.problems.append(doc.problem(path + ("field",), f"field {ff.id!r} appears twice"))
                    continue
                if ff.field.kind.is_my_number and not data.get("my_number_basis"):
                    self.problems.append(doc.problem(path + ("field",), "a 個人番号 field needs the form's my_number_basis"))
                field_paths[key] = path
                out.append(ff)
            return out

        household = take(data["fields"], ("fields",), "h", HOUSEHOLD_ROOTS)
        persons = None
        if "persons" in data and self.ok(("persons",)):
            raw_p = data["persons"]
            if raw_p.get("who") is not None:
                problems, _ = checks.expression(doc, ("persons", "who"), raw_p["who"], names, PERSON_ROOTS)
                self.problems += problems
            persons = PersonGroup(
                fields=tuple(take(raw_p["fields"], ("persons", "fields"), "p", PERSON_ROOTS)), who=raw_p.get("who"),
                max_rows=raw_p.get("max_rows", 6), label=raw_p.get("label", {}), row_pitch=float(raw_p.get("row_pitch", 0)),
            )
        form = Form(
            id=data["id"], version=data["version"], title=data["title"], fields=tuple(household), persons=persons,
            legal_basis=data["legal_basis"], my_number_basis=data.get("my_number_basis", ""), counter=data["counter"],
            notes=data.get("notes", {}), retired_qr_keys=tuple(sorted(retired)),
        )
        self.problems += checks.layout(doc, form, field_paths)
        return form
