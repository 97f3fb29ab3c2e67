"""The catalogue as a set of documents: relative path inside ``forms/`` → YAML text.

A document name is the path the loader reads, e.g. ``fields.yaml`` or ``forms/kokuho.yaml``.
Texts are kept byte for byte, so an export is identical in format to the files in ``forms/``.
The published JSON Schemas (``schema/``) belong to the program, not to the catalogue.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path, PurePosixPath
from typing import Any

import yaml

from kiosk.errors import AdminError

TOP_LEVEL = ("catalogue.yaml", "fields.yaml", "procedures.yaml", "navigator.yaml")
FOLDERS = ("forms", "samples")
FOLDER_NAME = "forms"  # the folder name problems are reported under: "forms/fields.yaml:42 ..."


def is_document(name: str) -> bool:
    """True for a path the catalogue consists of (``fields.yaml``, ``forms/<id>.yaml``, ...)."""
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or path.suffix != ".yaml":
        return False
    if len(path.parts) == 1:
        return path.name in TOP_LEVEL
    return len(path.parts) == 2 and path.parts[0] in FOLDERS and path.stem.replace("_", "a").isalnum()


def read_folder(root: Path) -> dict[str, str]:
    """Every catalogue document under ``root`` (a folder laid out like ``forms/``)."""
    root = Path(root)
    out: dict[str, str] = {}
    if not root.is_dir():
        raise AdminError(f"{root}: not a folder", key="admin.not_a_folder", where=str(root))
    for name in TOP_LEVEL:
        if (root / name).is_file():
            out[name] = (root / name).read_bytes().decode("utf-8", errors="replace")
    for folder in FOLDERS:
        for file in sorted((root / folder).glob("*.yaml")):
            name = f"{folder}/{file.name}"
            if is_document(name):
                out[name] = file.read_bytes().decode("utf-8", errors="replace")
    return out


def write_folder(documents: Mapping[str, str], root: Path) -> Path:
    """Write ``documents`` into ``root`` (created; files not in ``documents`` are left alone)."""
    root = Path(root)
    for name, content in documents.items():
        if not is_document(name):
            raise AdminError(f"not a catalogue document: {name!r}", key="admin.bad_document", document=name)
        target = root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content.encode("utf-8"))
    return root


def catalogue_hash(documents: Mapping[str, str]) -> str:
    digest = hashlib.sha256()
    for name in sorted(documents):
        digest.update(name.encode() + b"\0" + documents[name].encode("utf-8") + b"\0")
    return digest.hexdigest()


def content_hash(content: str) -> str:
    return hashlib.sha256(content.encode("utf-8")).hexdigest()


def check_documents(documents: Mapping[str, str]) -> list[str]:
    """Every problem of the catalogue made of ``documents``, located as the loader reports it
    (``forms/fields.yaml:42 fields[3].label.vi: missing``); empty when it loads."""
    from kiosk.catalogue.loader import check_catalogue

    with tempfile.TemporaryDirectory(prefix="kiosk-check-") as tmp:
        root = write_folder(documents, Path(tmp) / FOLDER_NAME)
        for folder in FOLDERS:
            (root / folder).mkdir(exist_ok=True)
        return check_catalogue(root)


def materialise(documents: Mapping[str, str], target: Path) -> Path:
    """Write ``documents`` to ``target`` atomically: readers see the whole set or nothing."""
    target = Path(target)
    if target.is_dir():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=target.parent))
    try:
        write_folder(documents, staging)
        for folder in FOLDERS:
            (staging / folder).mkdir(exist_ok=True)
        os.replace(staging, target)
    except OSError:
        shutil.rmtree(staging, ignore_errors=True)
        if not target.is_dir():
            raise
    return target


def parse(content: str) -> object:
    """The YAML data of one document (raises :class:`AdminError` with the line on a syntax error,
    and before anything is built, on a document beyond the YAML budget: alias bombs, deep
    nesting, oversize text; SEC-12)."""
    from kiosk.catalogue.source import BudgetExceeded, check_budget

    try:
        check_budget(content.encode("utf-8", "surrogatepass"))
    except (BudgetExceeded, UnicodeDecodeError) as exc:
        line = exc.line if isinstance(exc, BudgetExceeded) else 1
        reason = exc.message if isinstance(exc, BudgetExceeded) else "not UTF-8"
        raise AdminError(f"YAML beyond the budget at line {line}: {reason}", key="admin.yaml_budget",
                         line=line) from exc
    try:
        return yaml.safe_load(content)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        raise AdminError(f"YAML syntax error at line {line}: {exc.problem}", key="admin.yaml_syntax", line=line) from exc
    except yaml.YAMLError as exc:
        raise AdminError(f"YAML error: {exc.__class__.__name__}", key="admin.yaml_syntax", line=1) from exc


class _Flow(dict[Any, Any]):
    pass


class _FlowList(list[Any]):
    pass


class _Dumper(yaml.SafeDumper):
    pass


_Dumper.add_representer(_Flow, lambda d, v: d.represent_mapping("tag:yaml.org,2002:map", v.items(), flow_style=True))
_Dumper.add_representer(_FlowList, lambda d, v: d.represent_sequence("tag:yaml.org,2002:seq", v, flow_style=True))


def _styled(node: object) -> object:
    """Texts per language and short scalar lists in flow style, the rest in block style."""
    if isinstance(node, dict):
        if node and all(isinstance(v, str) for v in node.values()) and all(
                isinstance(k, str) and (k in ("ja", "ja-easy", "en", "zh-Hans", "pt-BR") or len(k) <= 3) for k in node):
            return _Flow(node)
        return {k: _styled(v) for k, v in node.items()}
    if isinstance(node, list):
        if node and all(isinstance(v, (int, float, str)) and not isinstance(v, bool) for v in node) and len(node) <= 12:
            return _FlowList(node)
        return [_styled(v) for v in node]
    return node


def header_comment(content: str) -> str:
    """The comment lines a document starts with (kept when an edited document is written again)."""
    lines = []
    for line in content.splitlines(keepends=True):
        if not line.startswith("#"):
            break
        lines.append(line)
    return "".join(lines)


def dump(data: object, header: str = "") -> str:
    """YAML text in the catalogue's style (texts per language on one line, Unicode as is, keys in
    their order), after ``header`` (comment lines)."""
    body = yaml.dump(_styled(data), Dumper=_Dumper, allow_unicode=True, sort_keys=False, default_flow_style=False,
                     width=4096)
    return header + body
