"""Load and check the catalogue in ``forms/``.

Layout of the folder::

    catalogue.yaml      languages and review status per language
    fields.yaml         the field dictionary (each legal item once)
    forms/<id>.yaml     form definitions (fields, person rows, QR keys, print boxes)
    procedures.yaml     counters and procedures (what to bring, deadline, forms, municipal variants)
    navigator.yaml      questions and the rules that map answers to procedures
    samples/*.yaml      sample households (the admin "try it" panel, tests)
    schema/*.json       the published JSON Schema of each file

Every problem is reported with file, line and path, e.g.
``forms/forms/kokuho.yaml:42 fields[3].field: unknown field 'person.nam'``. The field dictionary
is read by :mod:`kiosk.catalogue.field_reader`, each form by :mod:`kiosk.catalogue.form_reader`;
the loader reads the rest and checks what binds the files together.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from pathlib import Path
from typing import Any

from kiosk import paths
from kiosk.catalogue import checks
from kiosk.catalogue.field_reader import read_fields, unique_options
from kiosk.catalogue.form_reader import HOUSEHOLD_ROOTS, PERSON_ROOTS, read_form
from kiosk.catalogue.model import (
    Catalogue,
    Counter,
    CrossCheck,
    FieldDef,
    Form,
    Known,
    Option,
    Procedure,
    Question,
)
from kiosk.catalogue.schemas import schema_errors
from kiosk.catalogue.source import Document, PathKey, read
from kiosk.catalogue.types.dates import DateWindow
from kiosk.errors import CatalogueError, ValidationError
from kiosk.log import get_logger

log = get_logger(__name__)

__all__ = ["Catalogue", "CatalogueError", "load_catalogue", "check_catalogue"]

DERIVE_ROOTS = PERSON_ROOTS | {"card", "head", "values"}


def load_catalogue(path: Path | None = None, *, municipality: str | None = None) -> Catalogue:
    """The catalogue in ``path`` (default: the shipped ``forms/``), with the procedure variants of
    ``municipality`` (6-digit code) applied. Raises :class:`CatalogueError` with ``.problems``."""
    catalogue, problems = _Builder(Path(path) if path else paths.FORMS_DIR).build()
    if problems or catalogue is None:
        error = CatalogueError(f"{len(problems)} problem(s) in the catalogue: " + "; ".join(problems[:3]))
        error.problems = problems
        raise error
    if municipality:
        catalogue.procedures = {pid: apply_variant(p, municipality) for pid, p in catalogue.procedures.items()}
    return catalogue


def check_catalogue(path: Path | None = None) -> list[str]:
    """Every problem of the catalogue in ``path``; empty when it loads."""
    return _Builder(Path(path) if path else paths.FORMS_DIR).build()[1]


def apply_variant(procedure: Procedure, municipality: str) -> Procedure:
    overrides = procedure.variants.get(str(municipality))
    return replace(procedure, **overrides) if overrides else procedure


class _Builder:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.problems: list[str] = []
        self.docs: list[Document] = []
        self.bad: dict[str, set[PathKey]] = {}  # display -> item paths with schema errors
        self.paths: dict[str, PathKey] = {}  # "field:<id>", "question:<id>", procedure id -> path

    # -- reading ------------------------------------------------------------------------
    def doc(self, rel: str, schema: str, required: bool = True) -> Document | None:
        file = self.root / rel
        display = f"{self.root.name}/{rel}"
        if not file.is_file():
            if required:
                self.problems.append(f"{display}:1: missing file")
            return None
        doc, problems = read(file, display)
        self.docs.append(doc)
        self.problems += problems
        if problems:
            return None
        bad: set[PathKey] = set()
        for where, message in schema_errors(schema, doc):
            self.problems.append(doc.problem(where, message))
            if where[:1] == ("persons",):
                bad.add(where[:3] if where[1:2] == ("fields",) and len(where) >= 3 else ("persons",))
            else:
                bad.add(where[:2])
        self.bad[doc.display] = bad
        return doc

    def ok(self, doc: Document, path: PathKey) -> bool:
        """False when the schema already reported a problem in this item."""
        return not any(path[: len(b)] == b for b in self.bad.get(doc.display, ()))

    # -- building -----------------------------------------------------------------------
    def build(self) -> tuple[Catalogue | None, list[str]]:
        try:
            return self._build()
        except Exception as exc:  # a checker bug must still give a located problem, not a traceback
            log.exception("catalogue check failed")
            where = self.docs[-1].display if self.docs else self.root.name
            return None, self.problems + [f"{where}:1: internal error while checking ({exc.__class__.__name__}); please report it"]

    def _build(self) -> tuple[Catalogue | None, list[str]]:
        if not self.root.is_dir():
            return None, [f"{self.root}:1: not a folder"]
        meta = self.doc("catalogue.yaml", "catalogue.schema.json")
        meta_ok = meta is not None and not self.bad.get(meta.display)
        languages = tuple(meta.data["languages"]) if meta is not None and meta_ok else ("ja",)
        review = {lang: "reviewed" if lang == "ja" else "draft" for lang in languages}
        if meta is not None and meta_ok:
            review.update({k: v for k, v in meta.data["review"].items() if k in languages})
            for lang in languages:
                if lang not in meta.data["review"]:
                    self.problems.append(meta.problem(("review", lang), "missing review status"))
        fields_doc = self.doc("fields.yaml", "fields.schema.json")
        nav_doc = self.doc("navigator.yaml", "navigator.schema.json")
        proc_doc = self.doc("procedures.yaml", "procedures.schema.json")
        form_docs = [self.doc(f"forms/{f.name}", "form.schema.json") for f in sorted((self.root / "forms").glob("*.yaml"))]
        sample_docs = [self.doc(f"samples/{f.name}", "household.schema.json") for f in sorted((self.root / "samples").glob("*.yaml"))]
        for doc in self.docs:
            if doc.data is not None:
                self.problems += checks.translations(doc, languages)

        questions = self.questions(nav_doc)
        hq = {q.id for q in questions if q.scope == "household"}
        pq = {q.id for q in questions if q.scope == "person"}
        fields = self.fields(fields_doc)
        names = checks.Names(hq, pq, set(fields))
        self.check_derivations(fields_doc, fields, names)
        if fields_doc is not None:
            self.problems += checks.derivation_cycles(
                fields_doc, [(f.id, f.derive, self.paths[f"field:{f.id}"] + ("derive",)) for f in fields.values()])
        questions = self.check_question_conditions(nav_doc, questions, names)
        if nav_doc is not None:
            self.problems += checks.question_cycles(
                nav_doc, [(q.id, _reads(q), self.paths[f"question:{q.id}"] + ("when",)) for q in questions])
        cross_checks: tuple[CrossCheck, ...] = ()
        if nav_doc is not None and self.ok(nav_doc, ()):
            cross_checks, problems = checks.cross_checks(nav_doc, questions, names, PERSON_ROOTS, self.ok)
            self.problems += problems
        counters, procedures = self.procedures(proc_doc, names)
        forms: dict[str, Form] = {}
        for form_doc in form_docs:
            if form_doc is not None:
                form = self.form(form_doc, fields, counters, names)
                if form:
                    if form.id in forms:
                        self.problems.append(form_doc.problem(("id",), f"duplicate form id {form.id!r}"))
                    forms[form.id] = form
        procedures = self.rules(nav_doc, procedures, names)
        for pid, proc in procedures.items():
            for form_id in proc.forms:
                if form_id not in forms and proc_doc is not None:
                    self.problems.append(proc_doc.problem(self.paths.get(pid, ()) + ("forms",), f"unknown form {form_id!r}"))
        samples = self.samples(sample_docs, questions)
        digest = hashlib.sha256()
        for doc in sorted(self.docs, key=lambda d: d.display):
            digest.update(doc.display.encode() + b"\0" + doc.raw + b"\0")
        catalogue = Catalogue(
            fields=fields, forms=forms, procedures=procedures, counters=counters, questions=questions,
            languages=languages, review_status=review, version=digest.hexdigest()[:16], samples=samples,
            cross_checks=cross_checks,
        )
        return (None if self.problems else catalogue), self.problems

    def fields(self, doc: Document | None) -> dict[str, FieldDef]:
        if doc is None:
            return {}
        fields, paths, problems = read_fields(doc, self.ok)
        self.problems += problems
        self.paths.update({f"field:{fid}": path for fid, path in paths.items()})
        return fields

    def check_derivations(self, doc: Document | None, fields: dict[str, FieldDef], names: checks.Names) -> None:
        for fd in fields.values():
            if fd.derive is not None and doc is not None:
                path = self.paths[f"field:{fd.id}"] + ("derive",)
                problems, _ = checks.expression(doc, path, fd.derive, names, DERIVE_ROOTS)
                self.problems += problems

    def questions(self, doc: Document | None) -> list[Question]:
        out: list[Question] = []
        if doc is None or not self.ok(doc, ()):
            return out
        seen: set[str] = set()
        for i, raw in enumerate(doc.data["questions"]):
            path = ("questions", i)
            if not self.ok(doc, path):
                continue
            if raw["id"] in seen:
                self.problems.append(doc.problem(path + ("id",), f"duplicate question id {raw['id']!r}"))
                continue
            seen.add(raw["id"])
            self.problems += unique_options(doc, path, tuple(Option(o["code"], o["label"]) for o in raw.get("options", ())))
            if (raw["kind"] == "choice") != bool(raw.get("options")):
                self.problems.append(doc.problem(path + ("options",), "options belong to choice questions, and they need them"))
            known = raw.get("known")
            windows = tuple(DateWindow(w["from"], w["to"], w.get("when")) for w in raw.get("choices", ()))
            if windows and raw["kind"] != "date":
                self.problems.append(doc.problem(path + ("choices",), "choices (a window of days) belong to date questions"))
            for j, window in enumerate(windows):
                if (why := window.problem()) is not None:
                    self.problems.append(doc.problem(path + ("choices", j), why))
            out.append(Question(
                id=raw["id"], scope=raw["scope"], kind=raw["kind"], text=raw["text"],
                options=tuple(Option(o["code"], o["label"]) for o in raw.get("options", ())),
                when=raw.get("when"), help=raw.get("help", {}), minimum=raw.get("minimum"), maximum=raw.get("maximum"),
                known=Known(known["when"], known["answer"]) if known is not None else None,
                choices=windows,
            ))
            self.paths[f"question:{raw['id']}"] = path
        return out

    def check_question_conditions(self, doc: Document | None, questions: list[Question], names: checks.Names) -> list[Question]:
        out = []
        for q in questions:
            roots = PERSON_ROOTS if q.scope == "person" else HOUSEHOLD_ROOTS
            if q.when is not None and doc is not None:
                problems, _ = checks.expression(doc, self.paths[f"question:{q.id}"] + ("when",), q.when, names, roots)
                self.problems += problems
            if q.known is not None and doc is not None:
                path = self.paths[f"question:{q.id}"] + ("known",)
                problems, _ = checks.expression(doc, path + ("when",), q.known.when, names, roots)
                self.problems += problems + checks.known_answer(doc, path + ("answer",), q)
            for j, window in enumerate(q.choices):
                if window.when is not None and doc is not None:
                    path = self.paths[f"question:{q.id}"] + ("choices", j, "when")
                    problems, _ = checks.expression(doc, path, window.when, names, roots)
                    self.problems += problems
            out.append(q)
        return out

    def procedures(self, doc: Document | None, names: checks.Names) -> tuple[dict[str, Counter], dict[str, Procedure]]:
        counters: dict[str, Counter] = {}
        procedures: dict[str, Procedure] = {}
        if doc is None or not self.ok(doc, ()):
            return counters, procedures
        for i, raw in enumerate(doc.data["counters"]):
            if self.ok(doc, ("counters", i)):
                if raw["id"] in counters:
                    self.problems.append(doc.problem(("counters", i, "id"), f"duplicate counter id {raw['id']!r}"))
                counters[raw["id"]] = Counter(raw["id"], raw["name"], place=raw.get("place", {}),
                                              visit_order=raw.get("visit_order", 0),
                                              retention_days=raw.get("retention_days", 7))
        orders: dict[int, str] = {}
        for i, raw in enumerate(doc.data["counters"]):
            order = raw.get("visit_order") if isinstance(raw, dict) else None
            if isinstance(order, int) and order in orders and orders[order] != raw.get("id"):
                self.problems.append(doc.problem(("counters", i, "visit_order"),
                                                 f"visit_order {order} already given to counter {orders[order]!r}"))
            elif isinstance(order, int):
                orders[order] = str(raw.get("id"))
        for i, raw in enumerate(doc.data["procedures"]):
            path = ("procedures", i)
            if not self.ok(doc, path):
                continue
            if raw["id"] in procedures:
                self.problems.append(doc.problem(path + ("id",), f"duplicate procedure id {raw['id']!r}"))
                continue
            if raw["counter"] not in counters:
                self.problems.append(doc.problem(path + ("counter",), f"unknown counter {raw['counter']!r}"))
            variants = raw.get("variants", {})
            for code, override in variants.items():
                if "counter" in override and override["counter"] not in counters:
                    self.problems.append(doc.problem(path + ("variants", code, "counter"), f"unknown counter {override['counter']!r}"))
                if "when" in override:
                    problems, _ = checks.expression(doc, path + ("variants", code, "when"), override["when"], names, HOUSEHOLD_ROOTS)
                    self.problems += problems
            self.paths[raw["id"]] = path
            procedures[raw["id"]] = Procedure(
                id=raw["id"], title=raw["title"], counter=raw["counter"], forms=tuple(raw["forms"]),
                bring=raw["bring"], deadline=raw.get("deadline", {}), guidance=raw["guidance"], variants=variants,
            )
        return counters, procedures

    def rules(self, doc: Document | None, procedures: dict[str, Procedure], names: checks.Names) -> dict[str, Procedure]:
        if doc is None or not self.ok(doc, ()):
            return procedures
        ruled: set[str] = set()
        for i, raw in enumerate(doc.data["rules"]):
            path = ("rules", i)
            if not self.ok(doc, path):
                continue
            pid = raw["procedure"]
            if pid not in procedures:
                self.problems.append(doc.problem(path + ("procedure",), f"unknown procedure {pid!r}"))
                continue
            if pid in ruled:
                self.problems.append(doc.problem(path + ("procedure",), f"a second rule for {pid!r}"))
                continue
            ruled.add(pid)
            problems, _ = checks.expression(doc, path + ("when",), raw["when"], names, HOUSEHOLD_ROOTS)
            self.problems += problems
            procedures[pid] = replace(procedures[pid], when=raw["when"])
        for pid in procedures:
            if pid not in ruled:
                self.problems.append(doc.problem(("rules",), f"no rule for procedure {pid!r}"))
        return procedures

    def form(self, doc: Document, fields: dict[str, FieldDef], counters: dict[str, Counter], names: checks.Names) -> Form | None:
        form, problems = read_form(doc, fields, counters, names, bad=self.bad.get(doc.display, set()))
        self.problems += problems
        return form

    def samples(self, docs: list[Document | None], questions: list[Question]) -> dict[str, Any]:
        by_id = {q.id: q for q in questions}
        out: dict[str, Any] = {}
        for doc in docs:
            if doc is None or self.bad.get(doc.display):
                continue
            for qid, value in doc.data["answers"].items():
                self._check_answer(doc, ("answers", qid), by_id.get(qid), "household", value)
            for i, person in enumerate(doc.data["persons"]):
                for qid, value in (person.get("answers") or {}).items():
                    self._check_answer(doc, ("persons", i, "answers", qid), by_id.get(qid), "person", value)
            out[Path(doc.display).stem] = doc.data
        return out

    def _check_answer(self, doc: Document, path: PathKey, q: Question | None, scope: str, value: Any) -> None:
        from kiosk.catalogue.navigator import check_answer

        if q is None or q.scope != scope:
            self.problems.append(doc.problem(path, f"unknown {scope} question"))
            return
        try:
            check_answer(q, value)
        except ValidationError as exc:
            self.problems.append(doc.problem(path, f"{exc.detail} (a {q.kind} question)"))


def _reads(question: Question) -> str | None:
    """What decides whether ``question`` is asked: its condition and that of its known answer
    (both read by the question-cycle check)."""
    parts = [text for text in (question.when, question.known.when if question.known else None) if text]
    return " and ".join(f"({text})" for text in parts) or None
