"""Versions of catalogue documents. Every save is a new draft :class:`FormVersion` (author, time,
parent); nothing is ever overwritten. A save names the version it was based on: when another
administrator saved the same document meanwhile, :class:`EditConflict` is raised instead.

A removed document is a version with empty content.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kiosk.admin import diff
from kiosk.admin.documents import content_hash, is_document, parse
from kiosk.errors import AdminError, EditConflict
from kiosk.storage import audit
from kiosk.storage.database import Database
from kiosk.storage.models import FormVersion

NEW = None  # base of a document that does not exist yet


@dataclass(frozen=True)
class VersionInfo:
    """A version without its content, for history lists."""

    id: int
    document: str
    version: int
    author: str
    created_at: object
    state: str
    approved_by: str | None
    note: str
    parent_id: int | None
    removed: bool


def _info(row: FormVersion) -> VersionInfo:
    return VersionInfo(row.id, row.document, row.version, row.author, row.created_at, row.state, row.approved_by,
                       row.note, row.parent_id, row.content == "")


def head(s: Session, document: str) -> FormVersion | None:
    """The newest version of ``document`` (draft or published), or None."""
    return s.execute(
        select(FormVersion).where(FormVersion.document == document).order_by(FormVersion.version.desc()).limit(1)
    ).scalar()


def heads(s: Session) -> dict[str, FormVersion]:
    """The newest version of every document, removed ones included."""
    newest = select(FormVersion.document, func.max(FormVersion.version).label("v")).group_by(FormVersion.document).subquery()
    rows = s.execute(select(FormVersion).join(
        newest, (FormVersion.document == newest.c.document) & (FormVersion.version == newest.c.v)
    )).scalars()
    return {row.document: row for row in rows}


def head_ids(db: Database) -> dict[str, int]:
    """document → id of its newest version, removed documents included (the base of a new save)."""
    with db.session() as s:
        return {name: row.id for name, row in heads(s).items()}


def head_documents(db: Database) -> dict[str, tuple[int, str]]:
    """document → (version id, content) of every document that is not removed."""
    with db.session() as s:
        return {name: (row.id, row.content) for name, row in sorted(heads(s).items()) if row.content != ""}


def save(s: Session, document: str, content: str, author: str, base_id: int | None, note: str = "",
         *, action: str = "admin.save") -> FormVersion:
    """Add a draft version of ``document`` in the caller's transaction.

    ``base_id`` is the version the edit started from (None for a new document). When the newest
    version is another one, :class:`EditConflict` names it and nothing is written. Saving the
    same content as the newest version writes nothing and returns that version."""
    if not is_document(document):
        raise AdminError(f"not a catalogue document: {document!r}", key="admin.bad_document", document=document)
    if content:
        parse(content)  # a syntax error is refused; other problems are shown but do not block a draft
    if s.get_bind().dialect.name == "postgresql":
        s.execute(select(func.pg_advisory_xact_lock(7438202)))
    current = head(s, document)
    current_id = current.id if current is not None else None
    if current_id != base_id:
        raise EditConflict(
            f"{document}: version {current.version if current else 'none'} by {current.author if current else '-'} "
            f"was saved after the version this edit started from",
            document=document, author=current.author if current else "", version=current.version if current else 0,
        )
    if current is not None and current.content == content:
        return current
    old = current.content if current is not None else ""
    added, removed = diff.line_counts(old, content)
    row = FormVersion(
        document=document, version=(current.version + 1) if current else 1, content=content,
        content_hash=content_hash(content), parent_id=current_id, author=author, state="draft", note=note,
    )
    s.add(row)
    s.flush()
    audit.append(s, author, action, document, {
        "version": row.version, "id": row.id, "parent": current_id, "hash": row.content_hash,
        "lines_added": added, "lines_removed": removed, "removed": content == "",
    })
    return row


def save_draft(db: Database, document: str, content: str, author: str, base_id: int | None, note: str = "") -> VersionInfo:
    """Save one document as a new draft version (see :func:`save`)."""
    with db.session() as s:
        return _info(save(s, document, content, author, base_id, note))


def save_many(db: Database, documents: Mapping[str, str], author: str, bases: Mapping[str, int | None],
              note: str = "") -> list[VersionInfo]:
    """Save several documents in one transaction: all or none (a conflict saves nothing)."""
    with db.session() as s:
        return [_info(save(s, name, content, author, bases.get(name), note)) for name, content in documents.items()]


def history(db: Database, document: str) -> list[VersionInfo]:
    """Every version of ``document``, newest first."""
    with db.session() as s:
        rows = s.execute(select(FormVersion).where(FormVersion.document == document).order_by(FormVersion.version.desc()))
        return [_info(r) for r in rows.scalars()]


def content(db: Database, version_id: int) -> str:
    with db.session() as s:
        row = s.get(FormVersion, version_id)
        if row is None:
            raise AdminError(f"no version {version_id}", key="admin.no_version", version=version_id)
        return row.content


def version_diff(db: Database, version_id: int) -> tuple[str, list[diff.Change]]:
    """The unified diff and the changed items of a version against its parent."""
    with db.session() as s:
        row = s.get(FormVersion, version_id)
        if row is None:
            raise AdminError(f"no version {version_id}", key="admin.no_version", version=version_id)
        parent = s.get(FormVersion, row.parent_id) if row.parent_id else None
        old = parent.content if parent is not None else ""
        return diff.text_diff(old, row.content, row.document), diff.changes(old, row.content)


def revert(db: Database, version_id: int, author: str) -> VersionInfo:
    """Roll a document back: a new draft whose content is that of version ``version_id``."""
    with db.session() as s:
        old = s.get(FormVersion, version_id)
        if old is None:
            raise AdminError(f"no version {version_id}", key="admin.no_version", version=version_id)
        current = head(s, old.document)
        return _info(save(s, old.document, old.content, author, current.id if current else None,
                          f"rollback to version {old.version}", action="admin.rollback"))
