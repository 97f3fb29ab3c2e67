"""The published JSON Schemas of ``forms/`` (``forms/schema/*.json``) and validation against them."""

from __future__ import annotations

import functools
import hashlib
import json

import jsonschema

from kiosk import paths
from kiosk.catalogue.source import Document, PathKey

SCHEMA_DIR = paths.FORMS_DIR / "schema"


@functools.cache
def validator(name: str) -> jsonschema.Draft202012Validator:
    schema = json.loads((SCHEMA_DIR / name).read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema)


_SCHEMA_CACHE: dict[tuple[str, str, bytes], list[tuple[PathKey, str]]] = {}


def schema_errors(schema: str, doc: Document) -> list[tuple[PathKey, str]]:
    """(path, message) of every schema error, sorted by line; cached by content."""
    key = (schema, doc.display, hashlib.sha256(doc.raw).digest())
    if key not in _SCHEMA_CACHE:
        errors = sorted(
            validator(schema).iter_errors(doc.data),
            key=lambda e: (doc.line(tuple(e.absolute_path)), list(map(str, e.absolute_path))),
        )
        if len(_SCHEMA_CACHE) > 256:
            _SCHEMA_CACHE.clear()
        _SCHEMA_CACHE[key] = [(tuple(e.absolute_path), _schema_message(e)) for e in errors]
    return _SCHEMA_CACHE[key]


def _schema_message(error: jsonschema.ValidationError) -> str:
    if error.validator == "additionalProperties":
        return error.message.replace("Additional properties are not allowed", "unknown key(s)")
    if error.validator == "required":
        return error.message.replace("is a required property", "missing")
    return error.message if len(error.message) < 200 else error.message[:197] + "..."
