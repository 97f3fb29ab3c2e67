"""An administrator's working copy of the catalogue: the newest versions when the edit began,
the edits since, and a save that names the versions it was based on (so a concurrent save by
another administrator is reported as a conflict, never overwritten)."""

from __future__ import annotations

from typing import Any

from kiosk.admin import editing, versions
from kiosk.admin.documents import dump, header_comment, parse
from kiosk.catalogue.source import PathKey, get_at
from kiosk.errors import AdminError
from kiosk.storage.database import Database


class WorkingCopy:
    def __init__(self, db: Database) -> None:
        self.db = db
        self.texts: dict[str, str] = {}
        self.bases: dict[str, int | None] = {}
        self.dirty: set[str] = set()
        self._data: dict[str, Any] = {}
        self.reload()

    def reload(self) -> None:
        heads = versions.head_documents(self.db)
        self.texts = {name: text for name, (_, text) in heads.items()}
        self.bases = dict(versions.head_ids(self.db))  # removed documents too: re-adding one is a save on it
        self.dirty.clear()
        self._data.clear()

    # -- reading ------------------------------------------------------------------------
    def names(self) -> list[str]:
        return sorted(name for name, text in self.texts.items() if text)

    def data(self, name: str) -> Any:
        """The parsed document (None when it does not parse)."""
        if name not in self._data:
            try:
                self._data[name] = parse(self.texts.get(name, ""))
            except AdminError:
                self._data[name] = None
        return self._data[name]

    def get(self, name: str, path: PathKey, default: Any = None) -> Any:
        return get_at(self.data(name), path, default)

    # -- editing ------------------------------------------------------------------------
    def set_text(self, name: str, text: str) -> None:
        if self.texts.get(name) != text:
            self.texts[name] = text
            self._data.pop(name, None)
            self.dirty.add(name)

    def set_data(self, name: str, data: Any) -> None:
        self.set_text(name, dump(data, header_comment(self.texts.get(name, ""))))

    def set(self, name: str, path: PathKey, value: Any) -> None:
        """Set one value (None or "" removes the key) and rewrite the document."""
        data = self.data(name)
        if data is None:
            raise AdminError(f"{name} does not parse", key="admin.yaml_syntax", line=1)
        self.set_data(name, editing.set_at(data, path, value))

    def add_document(self, name: str, data: Any, header: str = "") -> None:
        self.bases.setdefault(name, None)
        self.set_text(name, dump(data, header))

    def remove_document(self, name: str) -> None:
        """Remove a document (saved as an empty version; older versions stay in the history)."""
        if name in self.texts:
            self.texts[name] = ""
            self._data.pop(name, None)
            self.dirty.add(name)

    # -- checking and saving ------------------------------------------------------------
    def documents(self) -> dict[str, str]:
        """The working documents (removed ones left out)."""
        return {name: text for name, text in self.texts.items() if text}

    def problems(self, name: str | None = None) -> list[editing.Located]:
        return editing.problems_for(self.documents(), name)

    def save(self, author: str, note: str = "") -> list[versions.VersionInfo]:
        """Save every edited document as a new draft (all or none). Raises EditConflict."""
        if not self.dirty:
            return []
        names = sorted(self.dirty)
        saved = versions.save_many(self.db, {n: self.texts[n] for n in names}, author,
                                   {n: self.bases.get(n) for n in names}, note)
        for info in saved:
            self.bases[info.document] = info.id
        self.dirty.clear()
        return saved
