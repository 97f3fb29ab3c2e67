"""Versions of catalogue documents: every save a draft with author, time and diff; conflicts."""

from __future__ import annotations

import pytest

from kiosk.admin import versions
from kiosk.errors import AdminError, EditConflict


def test_every_save_is_a_new_draft_with_author_and_diff(db, documents):
    first = versions.save_draft(db, "forms/tenkyo.yaml", documents["forms/tenkyo.yaml"], "admin-a", None)
    edited = documents["forms/tenkyo.yaml"].replace("{ja: 転居届,", "{ja: 転居届(改),")
    second = versions.save_draft(db, "forms/tenkyo.yaml", edited, "admin-b", first.id, "title")
    assert (first.version, second.version) == (1, 2)
    assert second.parent_id == first.id and second.author == "admin-b" and second.state == "draft"
    assert second.created_at is not None
    text, items = versions.version_diff(db, second.id)
    assert "+title: {ja: 転居届(改)," in text
    assert [i.describe() for i in items] == ["title.ja: '転居届' → '転居届(改)'"]
    history = versions.history(db, "forms/tenkyo.yaml")
    assert [h.version for h in history] == [2, 1]


def test_structural_diff_names_the_changed_label(db, documents):
    text = documents["fields.yaml"]
    first = versions.save_draft(db, "fields.yaml", text, "admin-a", None)
    second = versions.save_draft(db, "fields.yaml", text.replace("en: New address", "en: Address after moving"),
                                 "admin-a", first.id)
    _, items = versions.version_diff(db, second.id)
    assert [i.describe() for i in items] == ["fields[1].label.en: 'New address' → 'Address after moving'"]


def test_second_save_based_on_an_older_version_is_told_about_the_conflict(db, documents):
    base = versions.save_draft(db, "fields.yaml", documents["fields.yaml"], "admin-a", None)
    mine = documents["fields.yaml"].replace("en: Name", "en: Full name")
    theirs = documents["fields.yaml"].replace("en: Name", "en: Name of the person")
    versions.save_draft(db, "fields.yaml", mine, "admin-a", base.id)
    with pytest.raises(EditConflict) as caught:
        versions.save_draft(db, "fields.yaml", theirs, "admin-b", base.id)
    assert caught.value.params["author"] == "admin-a" and caught.value.params["version"] == 2
    assert versions.content(db, versions.history(db, "fields.yaml")[0].id) == mine  # not overwritten


def test_saving_unchanged_content_adds_no_version(db, documents):
    v1 = versions.save_draft(db, "fields.yaml", documents["fields.yaml"], "admin-a", None)
    again = versions.save_draft(db, "fields.yaml", documents["fields.yaml"], "admin-a", v1.id)
    assert again.id == v1.id


def test_yaml_syntax_error_is_refused_with_its_line(db):
    with pytest.raises(AdminError) as caught:
        versions.save_draft(db, "fields.yaml", "fields:\n- id: [unclosed\n", "admin-a", None)
    assert caught.value.key == "admin.yaml_syntax" and caught.value.params["line"] >= 2


def test_sec12_yaml_alias_bomb_is_refused_before_it_is_expanded(db):
    bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 10)}]\n" for i in range(8)
    )  # 10**9 values once expanded
    with pytest.raises(AdminError) as caught:
        versions.save_draft(db, "fields.yaml", bomb, "admin-a", None)
    assert caught.value.key == "admin.yaml_budget" and caught.value.params["line"] >= 2
    assert versions.history(db, "fields.yaml") == []  # nothing was saved


def test_only_catalogue_documents_can_be_saved(db):
    with pytest.raises(AdminError):
        versions.save_draft(db, "../etc/passwd.yaml", "a: 1", "admin-a", None)
    with pytest.raises(AdminError):
        versions.save_draft(db, "schema/form.schema.json", "{}", "admin-a", None)


def test_revert_makes_an_old_version_current_again(db, documents):
    v1 = versions.save_draft(db, "fields.yaml", documents["fields.yaml"], "admin-a", None)
    v2 = versions.save_draft(db, "fields.yaml", documents["fields.yaml"].replace("氏名", "名前"), "admin-a", v1.id)
    v3 = versions.revert(db, v1.id, "admin-b")
    assert v3.version == 3 and v3.parent_id == v2.id and "rollback" in v3.note
    assert versions.content(db, v3.id) == documents["fields.yaml"]
