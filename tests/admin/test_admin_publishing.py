"""Publishing, the second-approver rule for the 個人番号 (SEC-12, PRIV-02), rollback, import and
export, and how kiosks pick up a publication at the next session start."""

from __future__ import annotations

import shutil

import pytest

from kiosk.admin import publishing, versions
from kiosk.admin.documents import read_folder
from kiosk.catalogue.loader import load_catalogue
from kiosk.errors import AdminError, ApprovalRequired, ImportRefused, PublishRefused
from kiosk.storage.audit import verify_chain

MY_NUMBER_ROW = """  - field: person.my_number
    qr: 5
    box: [20, 130, 80, 8]
"""


def _head(db, name):
    return versions.history(db, name)[0]


def _edit(db, name, old, new, author="admin-a"):
    head = _head(db, name)
    text = versions.content(db, head.id)
    assert old in text
    return versions.save_draft(db, name, text.replace(old, new), author, head.id)


def test_publish_then_a_new_session_picks_up_the_catalogue(imported, tmp_path):
    cache = tmp_path / "cache"
    before = publishing.published_catalogue_dir(imported, cache)
    assert load_catalogue(before).fields["address.new"].label["en"] == "New address"
    _edit(imported, "fields.yaml", "en: New address", "en: Address after moving")
    assert publishing.published_catalogue_dir(imported, cache) == before  # drafts are not published
    publishing.publish(imported, "admin-b")
    after = publishing.published_catalogue_dir(imported, cache)
    assert after != before
    assert load_catalogue(after).fields["address.new"].label["en"] == "Address after moving"
    # a session that started before keeps reading its own copy, unchanged
    assert load_catalogue(before).fields["address.new"].label["en"] == "New address"


def test_no_publication_yet_means_no_folder(db, tmp_path):
    assert publishing.published_catalogue_dir(db, tmp_path) is None


def test_publishing_an_invalid_catalogue_is_refused_with_located_problems(imported):
    _edit(imported, "fields.yaml", "label: {ja: 新住所, en: New address}", "label: {ja: 新住所}")
    pub = publishing.latest_publication(imported)
    with pytest.raises(PublishRefused) as caught:
        publishing.publish(imported, "admin-a")
    assert any(p.startswith("forms/fields.yaml:") and "fields[1].label.en: missing" in p for p in caught.value.problems)
    assert publishing.latest_publication(imported) == pub


def test_my_number_needs_its_legal_basis(imported):
    _edit(imported, "forms/tenkyo.yaml", "  - field: person.birth_date\n", MY_NUMBER_ROW + "  - field: person.birth_date\n")
    with pytest.raises(PublishRefused) as caught:
        publishing.publish(imported, "admin-a")
    assert any("fields[0].field" in p or "my_number_basis" in p for p in caught.value.problems)


def test_adding_my_number_needs_a_second_administrator(imported, tmp_path):
    """SEC-12: publishing a form that adds the 個人番号 needs a second approver (not the author)."""
    _edit(imported, "forms/tenkyo.yaml", "counter: shimin\n", "counter: shimin\nmy_number_basis: 番号法9条 別表\n")
    change = _edit(imported, "forms/tenkyo.yaml", "  - field: person.birth_date\n",
                   MY_NUMBER_ROW + "  - field: person.birth_date\n")
    needs = publishing.approvals_needed(imported)
    assert [(n.form_id, n.version_id) for n in needs] == [("tenkyo", change.id)]
    with pytest.raises(ApprovalRequired):
        publishing.publish(imported, "admin-a")
    with pytest.raises(AdminError) as own:
        publishing.approve(imported, change.id, "admin-a")
    assert own.value.key == "admin.approver_is_author"
    with pytest.raises(AdminError) as clerk:
        publishing.approve(imported, change.id, "clerk-1")
    assert clerk.value.key == "admin.approver_not_admin"
    publishing.approve(imported, change.id, "admin-b")
    publishing.publish(imported, "admin-a")
    published = read_folder(publishing.published_catalogue_dir(imported, tmp_path))
    assert "person.my_number" in published["forms/tenkyo.yaml"]


def test_sec12_any_change_to_a_form_that_has_my_number_needs_a_second_administrator(imported):
    _edit(imported, "forms/tenkyo.yaml", "counter: shimin\n", "counter: shimin\nmy_number_basis: 番号法9条 別表\n")
    change = _edit(imported, "forms/tenkyo.yaml", "  - field: person.birth_date\n",
                   MY_NUMBER_ROW + "  - field: person.birth_date\n")
    publishing.approve(imported, change.id, "admin-b")
    publishing.publish(imported, "admin-a")
    for old, new in (("{ja: 転居届,", "{ja: 転居届(改),"), ("番号法9条 別表", "番号法9条 別表第二")):
        edit = _edit(imported, "forms/tenkyo.yaml", old, new)
        assert [(n.form_id, n.version_id) for n in publishing.approvals_needed(imported)] == [("tenkyo", edit.id)]
        with pytest.raises(ApprovalRequired):
            publishing.publish(imported, "admin-a")
        with pytest.raises(AdminError):
            publishing.approve(imported, edit.id, "admin-a")  # not by its author
        publishing.approve(imported, edit.id, "admin-b")
        publishing.publish(imported, "admin-a")


def test_rollback_to_an_earlier_publication(imported, tmp_path):
    first = publishing.latest_publication(imported)
    _edit(imported, "fields.yaml", "en: Name}", "en: Full name}")
    publishing.publish(imported, "admin-a")
    assert load_catalogue(publishing.published_catalogue_dir(imported, tmp_path)).fields["person.name"].label["en"] == "Full name"
    again = publishing.rollback_to(imported, first.id, "admin-b")
    assert again.catalogue_hash == first.catalogue_hash and again.id != first.id
    assert load_catalogue(publishing.published_catalogue_dir(imported, tmp_path)).fields["person.name"].label["en"] == "Name"
    assert _head(imported, "fields.yaml").note.startswith("rollback")


def test_import_of_a_broken_set_reports_every_error_and_changes_nothing(imported, catalogue_dir, tmp_path):
    broken = tmp_path / "forms"
    shutil.copytree(catalogue_dir, broken)
    fields = broken / "fields.yaml"
    fields.write_text(fields.read_text(encoding="utf-8").replace("en: Name}", "}").replace("type: address", "type: adress"),
                      encoding="utf-8")
    form = broken / "forms" / "tenkyo.yaml"
    form.write_text(form.read_text(encoding="utf-8").replace("qr: 4", "qr: 3"), encoding="utf-8")
    before = {name: _head(imported, name).id for name in read_folder(catalogue_dir)}
    with pytest.raises(ImportRefused) as caught:
        publishing.import_catalogue(imported, broken, "admin-a")
    problems = caught.value.problems
    assert any("forms/fields.yaml:" in p and "fields[2].label.en: missing" in p for p in problems)
    assert any("forms/fields.yaml:" in p and "fields[1].type" in p for p in problems)
    assert any("forms/forms/tenkyo.yaml:" in p and "duplicate QR key 3" in p for p in problems)
    assert {name: _head(imported, name).id for name in read_folder(catalogue_dir)} == before


def test_export_is_identical_to_the_files_and_reimports_as_no_change(imported, catalogue_dir, tmp_path):
    out = publishing.export_catalogue(imported, tmp_path / "export", actor="admin-a")
    assert read_folder(out) == read_folder(catalogue_dir)
    for name in read_folder(catalogue_dir):
        assert (out / name).read_bytes() == (catalogue_dir / name).read_bytes()
    assert publishing.import_catalogue(imported, out, "admin-a") == []
    with pytest.raises(AdminError):
        publishing.export_catalogue(imported, out)


def test_every_action_is_audited_and_the_chain_holds(imported):
    with imported.session() as s:
        from sqlalchemy import select

        from kiosk.storage.models import AuditEntry

        actions = [a for a in s.execute(select(AuditEntry.action)).scalars()]
        assert "admin.import" in actions and "admin.publish" in actions
        assert verify_chain(s).ok
