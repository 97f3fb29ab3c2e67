"""Publishing the catalogue, the second-approver rule, rollback, import and export.

Publishing takes the newest version of every document, checks the assembled set with the
catalogue loader (every problem located) and records a :class:`CataloguePublication`. A form
that adds, enables or changes the 個人番号 (PRIV-02, SEC-12) needs its legal basis
(``my_number_basis``; the loader refuses a 個人番号 field without it) and the approval of a second
administrator: any new version of a form that carries it needs one.

Kiosks call :func:`published_catalogue_dir` when a session starts, never during one, and load
the folder it returns with :func:`kiosk.catalogue.loader.load_catalogue`.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kiosk.admin import versions
from kiosk.admin.documents import (
    FOLDER_NAME,
    catalogue_hash,
    check_documents,
    materialise,
    read_folder,
    write_folder,
)
from kiosk.errors import AdminError, ApprovalRequired, ImportRefused, PublishRefused
from kiosk.storage import audit
from kiosk.storage.database import Database
from kiosk.storage.models import CataloguePublication, FormVersion, StaffAccount


@dataclass(frozen=True)
class PublicationInfo:
    id: int
    published_at: object
    published_by: str
    catalogue_hash: str
    versions: dict[str, int]


@dataclass(frozen=True)
class ApprovalNeed:
    """A document version that must be approved by an administrator other than its author."""

    form_id: str
    document: str
    version_id: int
    version: int
    author: str


def _pub_info(row: CataloguePublication) -> PublicationInfo:
    return PublicationInfo(row.id, row.published_at, row.published_by, row.catalogue_hash, dict(row.versions))


def latest_publication(db: Database) -> PublicationInfo | None:
    with db.session() as s:
        row = _latest(s)
        return _pub_info(row) if row else None


def publications(db: Database) -> list[PublicationInfo]:
    """Every publication, newest first."""
    with db.session() as s:
        rows = s.execute(select(CataloguePublication).order_by(CataloguePublication.id.desc())).scalars()
        return [_pub_info(r) for r in rows]


def _latest(s: Session) -> CataloguePublication | None:
    return s.execute(select(CataloguePublication).order_by(CataloguePublication.id.desc()).limit(1)).scalar()


def _documents_of(s: Session, pub: CataloguePublication | None) -> dict[str, str]:
    if pub is None:
        return {}
    out: dict[str, str] = {}
    for name, vid in pub.versions.items():
        row = s.get(FormVersion, int(vid))
        if row is not None and row.content:
            out[name] = row.content
    return out


def published_documents(db: Database, publication_id: int | None = None) -> dict[str, str]:
    """The documents of a publication (default: the latest); empty before the first one."""
    with db.session() as s:
        pub = s.get(CataloguePublication, publication_id) if publication_id else _latest(s)
        return _documents_of(s, pub)


def draft_documents(db: Database) -> dict[str, str]:
    """The newest version of every document: what publishing would publish."""
    return {name: text for name, (_, text) in versions.head_documents(db).items()}


def check_drafts(db: Database) -> list[str]:
    """Every problem of the catalogue assembled from the newest versions."""
    documents = draft_documents(db)
    if not documents:
        return ["forms:1: the catalogue is empty"]
    return check_documents(documents)


def _my_number_forms(documents: Mapping[str, str]) -> set[str]:
    """Ids of the forms that carry the 個人番号 with a legal basis, in a valid catalogue."""
    if not documents:
        return set()
    from kiosk.catalogue.loader import load_catalogue

    with tempfile.TemporaryDirectory(prefix="kiosk-pub-") as tmp:
        root = materialise(documents, Path(tmp) / FOLDER_NAME)
        catalogue = load_catalogue(root)
    return {fid for fid, form in catalogue.forms.items() if form.requires_my_number}


def _approved(s: Session, row: FormVersion) -> bool:
    """The content of ``row`` was approved by someone other than the author of that version."""
    same = s.execute(select(FormVersion).where(
        FormVersion.document == row.document, FormVersion.content_hash == row.content_hash,
        FormVersion.approved_by.is_not(None),
    )).scalars()
    return any(v.approved_by != v.author for v in same)


def approvals_needed(db: Database) -> list[ApprovalNeed]:
    """Versions that must be approved before the drafts can be published (valid drafts only):
    every form that carries the 個人番号 (now or in the published catalogue) whose document
    changed — adding it, changing its legal basis, conditions or fields alike — and, for a form
    that newly carries it, the field dictionary."""
    with db.session() as s:
        current = _documents_of(s, _latest(s))
        heads = {name: row for name, row in versions.heads(s).items() if row.content}
        drafts = {name: row.content for name, row in heads.items()}
        draft_forms, current_forms = _my_number_forms(drafts), _my_number_forms(current)
        needs: list[ApprovalNeed] = []
        for form_id in sorted(draft_forms | current_forms):
            names = [f"forms/{form_id}.yaml"] + (["fields.yaml"] if form_id not in current_forms else [])
            for name in names:
                row = heads.get(name)
                if row is None or current.get(name) == row.content or _approved(s, row):
                    continue
                if any(n.version_id == row.id for n in needs):
                    continue
                needs.append(ApprovalNeed(form_id, name, row.id, row.version, row.author))
        return needs


def approve(db: Database, version_id: int, approver: str) -> None:
    """Record that administrator ``approver`` (signed in) approves version ``version_id``.

    The approver must be an administrator account other than the version's author."""
    with db.session() as s:
        row = s.get(FormVersion, version_id)
        if row is None:
            raise AdminError(f"no version {version_id}", key="admin.no_version", version=version_id)
        account = s.get(StaffAccount, approver)
        if account is None or account.role != "admin":
            raise AdminError(f"{approver} is not an administrator", key="admin.approver_not_admin")
        if approver == row.author:
            raise AdminError("the author cannot approve their own change", key="admin.approver_is_author")
        row.approved_by = approver
        audit.append(s, approver, "admin.approve", row.document, {"version": row.version, "id": row.id,
                                                                   "author": row.author})


def publish(db: Database, publisher: str, note: str = "") -> PublicationInfo:
    """Publish the newest version of every document.

    Raises :class:`PublishRefused` with every located problem when the assembled catalogue is
    invalid, and :class:`ApprovalRequired` when a 個人番号 change lacks a second approval."""
    checked = {name: vid for name, (vid, _) in versions.head_documents(db).items()}
    problems = check_drafts(db)
    if problems:
        raise PublishRefused(f"{len(problems)} problem(s) in the catalogue", problems=problems, count=len(problems))
    needs = approvals_needed(db)
    if needs:
        lines = [f"{n.document} version {n.version} (form {n.form_id}) adds or changes the 個人番号: a second "
                 f"administrator must approve it" for n in needs]
        raise ApprovalRequired("; ".join(lines), problems=lines, form=needs[0].form_id)
    with db.session() as s:
        if s.get_bind().dialect.name == "postgresql":
            s.execute(select(func.pg_advisory_xact_lock(7438202)))  # the lock every save takes
        heads = {name: row for name, row in versions.heads(s).items() if row.content}
        if {name: row.id for name, row in heads.items()} != checked:
            raise PublishRefused("a draft was saved while publishing; publish again", key="admin.publish_raced")
        docs = {name: row.content for name, row in heads.items()}
        previous = _latest(s)
        pub = CataloguePublication(published_by=publisher, catalogue_hash=catalogue_hash(docs),
                                   versions={name: row.id for name, row in sorted(heads.items())})
        s.add(pub)
        old_ids = {int(v) for v in (previous.versions.values() if previous else ())}
        for vid in old_ids:
            old = s.get(FormVersion, vid)
            if old is not None and old.state == "published":
                old.state = "superseded"
        for row in heads.values():
            row.state = "published"
        s.flush()
        changed = sorted(n for n, row in heads.items() if not previous or previous.versions.get(n) != row.id)
        removed = sorted(set(previous.versions) - set(heads)) if previous else []
        audit.append(s, publisher, "admin.publish", f"publication:{pub.id}", {
            "hash": pub.catalogue_hash, "documents": len(heads), "changed": changed[:50], "removed": removed[:50],
            "note": note[:200],
        })
        return _pub_info(pub)


def rollback_to(db: Database, publication_id: int, actor: str) -> PublicationInfo:
    """Make the catalogue of publication ``publication_id`` current again and publish it: each
    document gets a new version with its old content (documents added since are removed)."""
    with db.session() as s:
        pub = s.get(CataloguePublication, publication_id)
        if pub is None:
            raise AdminError(f"no publication {publication_id}", key="admin.no_publication", publication=publication_id)
        target = _documents_of(s, pub)
        for name, row in versions.heads(s).items():
            wanted = target.get(name, "")
            if row.content != wanted:
                versions.save(s, name, wanted, actor, row.id, f"rollback to publication {publication_id}",
                              action="admin.rollback")
        current = versions.heads(s)
        for name, text in target.items():
            if name not in current:
                versions.save(s, name, text, actor, None, f"rollback to publication {publication_id}",
                              action="admin.rollback")
    return publish(db, actor, note=f"rollback to publication {publication_id}")


def published_catalogue_dir(db: Database, cache_dir: Path) -> Path | None:
    """The latest published catalogue as files the loader reads (``cache_dir/<hash>/``), or None
    before the first publication. Call it at session start; a running session keeps its copy."""
    with db.session() as s:
        pub = _latest(s)
        if pub is None:
            return None
        target = Path(cache_dir) / f"catalogue-{pub.catalogue_hash[:16]}" / FOLDER_NAME
        if target.is_dir():
            return target
        documents = _documents_of(s, pub)
    return materialise(documents, target)


def import_catalogue(db: Database, source: Path, author: str, note: str = "") -> list[versions.VersionInfo]:
    """Import a folder laid out like ``forms/`` as new draft versions of every changed document.

    A broken set raises :class:`ImportRefused` listing every problem with its location, and
    changes nothing."""
    documents = read_folder(Path(source))
    problems = check_documents(documents) if documents else [f"{FOLDER_NAME}:1: no catalogue documents found"]
    if problems:
        with db.session() as s:
            audit.append(s, author, "admin.import_refused", str(Path(source).name)[:128], {"problems": len(problems)})
        raise ImportRefused(f"{len(problems)} problem(s); nothing was imported", problems=problems, count=len(problems))
    bases = _export_bases(Path(source))
    saved: list[versions.VersionInfo] = []
    with db.session() as s:
        heads = versions.heads(s)
        for name, text in sorted(documents.items()):
            row = heads.get(name)
            edited, base = _base_for(s, name, text, row, bases)
            if edited and (row is None or row.content != text):
                saved.append(versions._info(versions.save(s, name, text, author, base, note or "import",
                                                          action="admin.import")))
        for name, row in heads.items():
            if name not in documents and row.content:
                edited, base = _base_for(s, name, "", row, bases)
                if edited:
                    saved.append(versions._info(versions.save(s, name, "", author, base, note or "import",
                                                              action="admin.import")))
        audit.append(s, author, "admin.import_done", str(Path(source).name)[:128], {"changed": len(saved)})
    return saved


EXPORT_MANIFEST = ".kiosk-export.json"  # written by export: document -> version id the files came from


def _export_bases(folder: Path) -> dict[str, int] | None:
    """The versions an exported folder started from, or None for a folder not made by export."""
    manifest = folder / EXPORT_MANIFEST
    if not manifest.is_file():
        return None
    try:
        data = json.loads(manifest.read_text(encoding="utf-8"))
        return {str(name): int(vid) for name, vid in dict(data["versions"]).items()}
    except (ValueError, KeyError, TypeError) as exc:
        raise ImportRefused(f"{EXPORT_MANIFEST}: unreadable", problems=[f"{EXPORT_MANIFEST}:1: unreadable"],
                            count=1) from exc


def _base_for(s: Session, name: str, text: str, row: FormVersion | None,
              bases: dict[str, int] | None) -> tuple[bool, int | None]:
    """(edited, the version the import's edit of a document started from). Without an export
    manifest that is the newest version. With one, it is the exported version: a document left as
    exported is not edited (another administrator's later save stays), and one edited while
    someone else saved a newer version makes :func:`versions.save` raise :class:`EditConflict`."""
    if bases is None:
        return True, row.id if row else None
    base_id = bases.get(name)
    base = s.get(FormVersion, base_id) if base_id is not None else None
    return (base.content if base is not None else "") != text, base_id


def export_catalogue(db: Database, target: Path, *, published: bool = True, actor: str = "") -> Path:
    """Write the published catalogue (or the newest drafts) as YAML files into the empty or new
    folder ``target``; the files are byte for byte those that were saved. ``.kiosk-export.json``
    names the versions they are, so importing the folder later detects a concurrent edit."""
    target = Path(target)
    if target.exists() and any(target.iterdir()):
        raise AdminError(f"{target} is not empty", key="admin.export_not_empty", where=str(target))
    with db.session() as s:
        if published:
            pub = _latest(s)
            documents = _documents_of(s, pub)
            ids = {name: int(vid) for name, vid in pub.versions.items()} if pub else {}
        else:
            heads = {name: row for name, row in versions.heads(s).items() if row.content}
            documents = {name: row.content for name, row in heads.items()}
            ids = {name: row.id for name, row in heads.items()}
    if not documents:
        raise AdminError("nothing to export", key="admin.nothing_to_export")
    write_folder(documents, target)
    (target / EXPORT_MANIFEST).write_text(json.dumps({"versions": ids}, indent=1, sort_keys=True) + "\n",
                                          encoding="utf-8")
    with db.session() as s:
        audit.append(s, actor or "admin", "admin.export", target.name[:128],
                     {"documents": len(documents), "published": published, "hash": catalogue_hash(documents)})
    return target
