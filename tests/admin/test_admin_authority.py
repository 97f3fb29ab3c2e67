"""Concurrent edits through ``kiosk admin export`` / ``import``: the second import of a folder
exported before the first one's change is refused as a conflict instead of reverting it."""

from __future__ import annotations

import io

import pytest
from admin_helpers import PASSWORD, code

from kiosk import cli
from kiosk.admin import publishing, versions
from kiosk.errors import EditConflict


def _admin(monkeypatch, capsys, db, account, *argv):
    monkeypatch.setattr("sys.stdin", io.StringIO(f"{PASSWORD}\n{code(account)}\n"))
    rc = cli.main(["admin", *argv, "--account", account, "--url", db.url])
    return rc, capsys.readouterr()


def _change(folder, old, new):
    form = folder / "forms" / "tenkyo.yaml"
    text = form.read_text(encoding="utf-8")
    assert old in text
    form.write_text(text.replace(old, new), encoding="utf-8")


def test_a_second_import_of_an_older_export_does_not_revert_the_first(imported, tmp_path, monkeypatch, capsys):
    a, b = tmp_path / "a", tmp_path / "b"
    assert _admin(monkeypatch, capsys, imported, "admin-a", "export", str(a), "--drafts")[0] == 0
    assert _admin(monkeypatch, capsys, imported, "admin-b", "export", str(b), "--drafts")[0] == 0
    _change(a, "{ja: 転居届,", "{ja: 転居届(A),")
    _change(b, "{ja: 転居届,", "{ja: 転居届(B),")
    assert _admin(monkeypatch, capsys, imported, "admin-a", "import", str(a))[0] == 0
    rc, out = _admin(monkeypatch, capsys, imported, "admin-b", "import", str(b))
    assert rc == 1 and "forms/tenkyo.yaml" in out.err and "admin-a" in out.err
    head = versions.history(imported, "forms/tenkyo.yaml")[0]
    assert "転居届(A)" in versions.content(imported, head.id) and head.author == "admin-a"


def test_an_import_keeps_another_administrators_change_to_a_document_it_left_alone(imported, tmp_path):
    folder = publishing.export_catalogue(imported, tmp_path / "mine", published=False, actor="admin-b")
    head = versions.history(imported, "forms/tenkyo.yaml")[0]
    text = versions.content(imported, head.id)
    versions.save_draft(imported, "forms/tenkyo.yaml", text.replace("{ja: 転居届,", "{ja: 転居届(A),"), "admin-a",
                        head.id)
    fields = folder / "fields.yaml"
    fields.write_text(fields.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    saved = publishing.import_catalogue(imported, folder, "admin-b")
    assert [v.document for v in saved] == ["fields.yaml"]
    assert "転居届(A)" in versions.content(imported, versions.history(imported, "forms/tenkyo.yaml")[0].id)


def test_the_python_api_and_the_folder_import_refuse_the_same_way(imported, tmp_path):
    folder = publishing.export_catalogue(imported, tmp_path / "old", published=False, actor="admin-b")
    head = versions.history(imported, "forms/tenkyo.yaml")[0]
    versions.save_draft(imported, "forms/tenkyo.yaml",
                        versions.content(imported, head.id).replace("{ja: 転居届,", "{ja: 転居届(A),"), "admin-a", head.id)
    _change(folder, "{ja: 転居届,", "{ja: 転居届(B),")
    with pytest.raises(EditConflict) as conflict:
        publishing.import_catalogue(imported, folder, "admin-b")
    assert conflict.value.key == "admin.conflict" and conflict.value.params["author"] == "admin-a"
