"""The workbench widgets (pytest-qt, offscreen): edit a field's label and validation, preview the
sheet, publish and see a new kiosk session pick it up, roll back, the second-approver rule,
conflict detection between two administrators, the audit viewer and the metrics dashboard."""

from __future__ import annotations

import pytest
from admin_helpers import PASSWORD, code
from admin_metric_rows import DAY1, DAY2, seed
from PySide6.QtCore import Qt

from kiosk.admin import publishing
from kiosk.admin.auth import AdminSession
from kiosk.catalogue.loader import load_catalogue
from kiosk.ui.admin.common import AdminContext


@pytest.fixture
def ctx(imported, tmp_path):
    session = AdminSession.sign_in(imported, "admin-a", PASSWORD, code("admin-a"))
    return AdminContext(imported, session, lang="en", cache_dir=tmp_path / "cache")


def context_b(db, tmp_path):
    return AdminContext(db, AdminSession.sign_in(db, "admin-b", PASSWORD, code("admin-b")), lang="en",
                        cache_dir=tmp_path / "cache-b")


@pytest.fixture
def window(qtbot, ctx):
    from kiosk.ui.admin.window import AdminWindow

    w = AdminWindow(ctx)
    qtbot.addWidget(w)
    w.show()
    return w


def _translation_cell(editor, lang):
    col = editor.languages().index(lang)
    return editor.grid.item(0, col)


def test_edit_label_and_validation_preview_publish_and_a_new_session_picks_it_up(window, ctx, qtbot, tmp_path):
    kiosk_cache = tmp_path / "kiosk-cache"
    session_before = publishing.published_catalogue_dir(ctx.db, kiosk_cache)
    editor = window.editor
    editor.select("fields.yaml", ("fields", 2))  # person.name
    _translation_cell(editor, "en").setText("Full name")
    max_length = editor.inputs[("validation", "max_length")]
    max_length.setValue(30)
    pattern = editor.inputs[("validation", "pattern")]
    qtbot.keyClicks(pattern, "[^0-9]+")
    editor.validate_now()
    assert editor.problems == []
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert editor.message.kind == "ok"

    window.preview.refresh_choices()
    window.preview.form_combo.setCurrentText("tenkyo")
    window.preview.persona_combo.setCurrentText("adult")
    window.preview.lang_combo.setCurrentText("en")
    qtbot.mouseClick(window.preview.show_button, Qt.MouseButton.LeftButton)
    assert window.preview.pdf_bytes.startswith(b"%PDF")
    qtbot.waitUntil(lambda: window.preview.document.pageCount() >= 1)
    from kiosk.ui.window import KioskWindow

    assert isinstance(window.preview.review_area.widget(), KioskWindow)  # the resident's own screen
    texts = window.preview.review_texts()
    assert "氏名 *" in texts and "Full name" in texts
    assert any("緑川" in t for t in texts)

    qtbot.mouseClick(window.publishing.buttons["publish"], Qt.MouseButton.LeftButton)
    assert window.publishing.message.kind == "ok", window.publishing.message.text()
    session_after = publishing.published_catalogue_dir(ctx.db, kiosk_cache)
    from kiosk.journey import CataloguePort  # the kiosk's own loading seam, at the next session start

    fd = CataloguePort.load(session_after).catalogue.fields["person.name"]
    assert fd.label["en"] == "Full name" and fd.validation.max_length == 30 and fd.validation.pattern == "[^0-9]+"
    # the session that was running keeps the catalogue it started with
    assert load_catalogue(session_before).fields["person.name"].label["en"] == "Name"

    # roll back to the first publication
    panel = window.publishing
    panel.publications.setCurrentRow(panel.publications.count() - 1)
    qtbot.mouseClick(panel.buttons["rollback"], Qt.MouseButton.LeftButton)
    assert panel.message.kind == "ok", panel.message.text()
    rolled = load_catalogue(publishing.published_catalogue_dir(ctx.db, kiosk_cache))
    assert rolled.fields["person.name"].label["en"] == "Name"
    assert editor.wc.get("fields.yaml", ("fields", 2, "label", "en")) == "Name"  # the editor reloaded


def test_missing_translation_is_highlighted_and_blocks_publishing(window, qtbot):
    editor = window.editor
    editor.select("fields.yaml", ("fields", 1))
    _translation_cell(editor, "en").setText("")
    assert (0, editor.languages().index("en")) in editor.bad_cells()
    problems = editor.validate_now()
    assert [(p.document, p.path) for p in problems] == [("fields.yaml", ("fields", 1, "label", "en"))]
    assert editor.problem_list.count() == 1
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)  # a draft may be saved with problems
    qtbot.mouseClick(window.publishing.buttons["publish"], Qt.MouseButton.LeftButton)
    assert window.publishing.message.kind == "error"
    assert any("fields[1].label.en: missing" in window.publishing.problems.item(i).text()
               for i in range(window.publishing.problems.count()))


def test_condition_errors_point_at_the_property_and_try_it_evaluates(window, qtbot):
    editor = window.editor
    editor.select("navigator.yaml", ("rules", 0))
    when = editor.inputs[("when",)]
    when.clear()
    qtbot.keyClicks(when, "answers.event == 'move_in' and")
    editor.validate_now()
    assert when.property("problem") is True
    assert "column" in editor.try_result.text()
    when.clear()
    qtbot.keyClicks(when, "answers.event == 'move_within'")
    editor.validate_now()
    assert when.property("problem") is False
    assert editor.try_result.text() == "→ true"  # the couple sample moves within the town


def test_new_form_field_gets_the_next_qr_key(window):
    editor = window.editor
    editor.select("forms/tenkyo.yaml")
    assert editor.add_field("person.birth_date", per_person=False) == 5
    editor.select("forms/tenkyo.yaml", ("fields", 2))
    assert editor.props_box.findChild(type(editor.props_box.findChild(object, "qr-key")), "qr-key").text() == "5"


def test_second_administrator_must_approve_my_number(window, ctx, qtbot, tmp_path):
    """SEC-12 / PRIV-02 through the widgets."""
    editor = window.editor
    editor.select("forms/tenkyo.yaml")
    editor.inputs[("my_number_basis",)].setText("番号法9条 別表")
    editor.commit(("my_number_basis",), "番号法9条 別表")
    editor.add_field("person.my_number", per_person=True)
    assert editor.save()
    panel = window.publishing
    panel.refresh()
    qtbot.mouseClick(panel.buttons["publish"], Qt.MouseButton.LeftButton)
    assert panel.message.kind == "error" and panel.message.text() == ctx.t("admin.approval_required", form="tenkyo")
    panel.document.setCurrentText("forms/tenkyo.yaml")
    version = panel.selected_version()
    assert not panel.approve(version, "admin-a")  # the author cannot approve
    from kiosk.ui.admin.signin import SignInDialog

    dialog = SignInDialog(ctx, "approve")
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.account_edit, "admin-b")
    qtbot.keyClicks(dialog.password, PASSWORD)
    qtbot.keyClicks(dialog.code, code("admin-b"))
    assert dialog.submit()
    from kiosk.ui.operations import runner

    assert runner().wait_idle() and dialog.account.id == "admin-b"
    assert panel.approve(version, dialog.account.id)
    qtbot.mouseClick(panel.buttons["publish"], Qt.MouseButton.LeftButton)
    assert panel.message.kind == "ok", panel.message.text()
    assert load_catalogue(publishing.published_catalogue_dir(ctx.db, tmp_path / "k")).forms["tenkyo"].requires_my_number


def test_two_administrators_editing_the_same_form_conflict(window, ctx, qtbot, tmp_path):
    from kiosk.ui.admin.editor import EditorPanel

    other = EditorPanel(context_b(ctx.db, tmp_path))
    qtbot.addWidget(other)
    for editor, text in ((window.editor, "Move (A)"), (other, "Move (B)")):
        editor.select("forms/tenkyo.yaml")
        _translation_cell(editor, "en").setText(text)
    assert window.editor.save()
    assert not other.save()
    assert other.message.kind == "error"
    assert other.message.text() == ctx.t("admin.conflict", document="forms/tenkyo.yaml", author="admin-a", version=2)
    assert "Move (A)" in window.editor.wc.texts["forms/tenkyo.yaml"]
    other.reload()
    assert "Move (A)" in other.wc.texts["forms/tenkyo.yaml"]


def test_audit_viewer_verifies_the_chain(window, ctx):
    from sqlalchemy import select, text, update

    from kiosk.storage.models import AuditEntry

    assert window.audit.verify() and window.audit.status.kind == "ok"
    with ctx.db.session() as s:
        target = s.execute(select(AuditEntry.id).order_by(AuditEntry.id).limit(1)).scalar()
        if s.get_bind().dialect.name == "postgresql":  # tamper as the table's owner could
            s.execute(text("ALTER TABLE audit_log DISABLE TRIGGER USER"))
        s.execute(update(AuditEntry).where(AuditEntry.id == target).values(action="tampered"))
    assert not window.audit.verify()
    assert window.audit.status.text() == ctx.t("admin.chain_broken", entry=target, reason=ctx.t("admin.chain_edited"))


def test_dashboard_shows_figures_from_recorded_sessions(window, ctx, tmp_path):
    seed(ctx.db)
    board = window.dashboard
    board.set_filter(None, None, None)
    assert board.summary.sessions == 5
    assert board.figure("screen_seconds_median", "card") == "50"
    assert board.figure("screen_seconds_p90", "card") == "100"
    assert board.figure("procedure_seconds_median", "move_in") == "420"
    assert board.figure("fields", "prefilled_share") == "0.5"
    assert board.figure("card_outcome", "wrong_pin") == "3"
    assert board.figure("screen_abandoned", "question") == "1"
    assert board.views["per_day"].chart().series()[0].barSets()[0].at(1) == 2.0
    board.set_filter(DAY1.date(), DAY1.date(), "kiosk-01")
    assert board.summary.sessions == 3 and board.figure("card_outcome", "blocked") == "1"
    board.set_filter(DAY2.date(), DAY2.date(), "kiosk-02")
    assert board.summary.sessions == 1
    out = board.export_csv(tmp_path / "m.csv")
    assert "sessions,total,1" in out.read_text(encoding="utf-8")


def test_inactivity_locks_the_window(window, ctx, qtbot):
    import datetime as dt

    start = ctx.session.clock()
    ctx.session.clock = lambda: start + dt.timedelta(minutes=16)
    window.ask_unlock = lambda: None  # no modal dialog in the test
    assert window.check_session() == "locked" and window.locked
    ctx.session.unlock(PASSWORD, code("admin-a", ctx.session.clock()))
    assert window.check_session() == "active" and not window.locked


def _inside(widget, kinds) -> bool:
    parent = widget.parent()
    while parent is not None:
        if isinstance(parent, kinds):
            return True
        parent = parent.parent()
    return False


def test_a11y15_every_control_of_the_workbench_has_a_name(window):
    from PySide6.QtWidgets import (
        QAbstractButton,
        QAbstractItemView,
        QAbstractSpinBox,
        QComboBox,
        QLineEdit,
        QPlainTextEdit,
    )

    window.editor.select("fields.yaml", ("fields", 0))
    kinds = (QAbstractButton, QAbstractItemView, QAbstractSpinBox, QComboBox, QLineEdit, QPlainTextEdit)
    unnamed = []
    for widget in (w for kind in kinds for w in window.findChildren(kind)):
        if widget.window() is not window or _inside(widget, (QComboBox, QAbstractSpinBox, QAbstractItemView)):
            continue  # popups and the inner parts of a composite control
        text = widget.text() if isinstance(widget, QAbstractButton) else ""
        if not (widget.accessibleName() or text):
            unnamed.append(f"{type(widget).__name__}:{widget.objectName()}")
    assert unnamed == [], "\n".join(unnamed)


def _resident_preview(window, qtbot):
    """The 転居届 (tenkyo) of the adult sample shown in English: the resident window the preview shows."""
    preview = window.preview
    preview.refresh_choices()
    preview.form_combo.setCurrentText("tenkyo")
    preview.persona_combo.setCurrentText("adult")
    preview.lang_combo.setCurrentText("en")
    qtbot.mouseClick(preview.show_button, Qt.MouseButton.LeftButton)
    resident = preview.review_area.widget()
    return resident


def test_the_preview_review_screen_checks_the_sample_like_the_kiosk(window, qtbot):
    """The review screen in the preview is the kiosk's own: its 確認 button validates the sample
    values with the drafts' rules and goes on to the confirmation, as at a kiosk (it used to
    raise, the preview's catalogue port having no validation)."""
    from PySide6.QtWidgets import QPushButton

    from kiosk.journey import Screen
    from kiosk.ui.window import KioskWindow

    resident = _resident_preview(window, qtbot)
    assert isinstance(resident, KioskWindow) and resident.journey.screen is Screen.REVIEW
    ok = resident.current_screen().findChild(QPushButton, "review-next")
    assert ok is not None
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert resident.journey.screen is Screen.CONFIRM
    assert resident.current_screen().message.isHidden()  # no problem reported for a valid sample


def test_the_preview_takes_no_key_typed_in_the_workbench(window, qtbot):
    """The preview's resident window sits inside the workbench: the keys the administrator types
    in the editor are the editor's. The resident's speech key ``*`` (and, with speech on, the
    digits and arrows) used to be taken from every field of the workbench while a preview was
    shown."""
    from kiosk.ui.window import KioskWindow

    resident = _resident_preview(window, qtbot)
    assert isinstance(resident, KioskWindow)
    editor = window.editor
    editor.select("fields.yaml", ("fields", 2))  # person.name
    pattern = editor.inputs[("validation", "pattern")]
    pattern.setFocus()
    pattern.clear()
    qtbot.keyClicks(pattern, "[0-9]*1")
    assert pattern.text() == "[0-9]*1"
    assert not resident.speech.on
