"""Reading a household (``kiosk navigate --answers FILE``, samples): YAML or JSON, checked
against ``forms/schema/household.schema.json`` and the catalogue's questions, every problem
located by file and line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kiosk.catalogue import navigator
from kiosk.catalogue.model import Catalogue
from kiosk.catalogue.schemas import validator
from kiosk.catalogue.source import Document, read
from kiosk.errors import CatalogueError, ValidationError
from kiosk.household import Household


def check_household(catalogue: Catalogue, doc: Document) -> list[str]:
    """Problems of a household document: schema, unknown questions, answers of the wrong kind."""
    problems = [doc.problem(tuple(e.absolute_path), e.message) for e in validator("household.schema.json").iter_errors(doc.data)]
    if problems:
        return problems
    by_id = {q.id: q for q in catalogue.questions}
    places: list[tuple[tuple[str | int, ...], str, Any, str]] = [(("answers", k), k, v, "household") for k, v in doc.data["answers"].items()]
    for i, person in enumerate(doc.data["persons"]):
        places += [(("persons", i, "answers", k), k, v, "person") for k, v in (person.get("answers") or {}).items()]
        if "age" not in person and "birth_date" not in person:
            problems.append(doc.problem(("persons", i), "a person needs age or birth_date"))
    for path, qid, value, scope in places:
        q = by_id.get(qid)
        if q is None or q.scope != scope:
            problems.append(doc.problem(path, f"unknown {scope} question {qid!r}"))
            continue
        try:
            navigator.check_answer(q, value)
        except ValidationError as exc:
            problems.append(doc.problem(path, f"{exc.detail} ({q.kind})"))
    return problems


def read_household(file: Path, catalogue: Catalogue) -> Household:
    """The household in ``file``; raises CatalogueError with ``.problems`` when it is not valid."""
    doc, problems = read(Path(file), str(file))
    if not problems:
        problems = check_household(catalogue, doc)
    if problems:
        error = CatalogueError(f"{len(problems)} problem(s) in {file}: " + "; ".join(problems[:3]))
        error.problems = problems
        raise error
    return Household.from_dict(doc.data)
