"""One process with two screens (offscreen platform, ``configfile`` with two screens): the
reference family at the kiosk, the same family at the counter, and a kiosk session continued at
the counter with the resume code from its guide slip. Writes the PDFs and a JSON report.

    python counter_proc.py OUT_DIR   (QT_QPA_PLATFORM, KIOSK_TEST_PRINTER, KIOSK_TEST_DATABASE_URL set)
"""

from __future__ import annotations

import json
import os
import sys
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from kiosk.config import Config
from kiosk.journey import Screen
from kiosk.ui import reference
from kiosk.ui.autoplay import Autoplay
from kiosk.ui.counter.app import application
from kiosk.ui.counter.reference_counter import start_reference
from kiosk.ui.keypads import PinPad

CLERK = ("clerk-counter", "an invented passphrase 7")


def write(folder: Path, sheets: list[tuple[str, bytes]], guide: bytes | None = None) -> list[str]:
    folder.mkdir(parents=True, exist_ok=True)
    for form_id, pdf in sheets:
        (folder / f"{form_id}.pdf").write_bytes(pdf)
    if guide:
        (folder / "guide.pdf").write_bytes(guide)
    return [form_id for form_id, _pdf in sheets]


def qr_strings(pdf: bytes) -> list[str]:
    import pypdfium2 as pdfium
    import zxingcpp

    out = []
    for page in pdfium.PdfDocument(pdf):
        image = page.render(scale=300 / 72, grayscale=True).to_pil()
        out += [bytes(r.bytes).decode("ascii") for r in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)]
    return out


def main(out: Path) -> int:
    app = application()
    data = out / "data"
    cfg = reference.demo_config(Config(), data, printer_queue=os.environ["KIOSK_TEST_PRINTER"])
    cfg = replace(cfg, database=replace(cfg.database, url=os.environ["KIOSK_TEST_DATABASE_URL"]))
    report: dict[str, object] = {"screens": [s.name() for s in QApplication.screens()]}
    family = reference.household()

    # The kiosk: the whole journey; then a second resident who continues at the counter.
    kiosk = reference.start(cfg)
    try:
        played = reference.play(kiosk, "ja", None)
        report["kiosk_forms"] = write(out / "kiosk", played.sheets)
        player = Autoplay(kiosk.kiosk.window, family, cards=list(kiosk.cards),
                          manual=reference.manual_people(family, len(kiosk.cards)),
                          typed=reference.NEW_ADDRESS,
                          simulator=kiosk.simulator, lang="vi")
        player.play_to_confirm()
        player.click(player.find("confirm-counter"))
        result = kiosk.kiosk.window.screens[Screen.RESULT]
        player.wait(lambda: result.state in ("done", "failed", "no_printer", "out_of_paper")
                    or result.state.startswith(("print.", "resident.")), "resume slip", timeout=120)
        report["resume_state"] = result.state
        guide = result.produced.guide if result.produced is not None else None
        report["resume_sheets"] = len(result.produced.sheets) if result.produced is not None else -1
        write(out / "resume", [], guide)
        player.click(player.find("result-done"))
    finally:
        reference.stop(kiosk)
    resume_codes = [t for t in qr_strings(guide)] if guide else []
    report["resume_codes"] = resume_codes

    # The counter: the same family by keys; then the resumed session.
    ref = start_reference(cfg, clerk=CLERK)
    counter = ref.counter
    report["clerk_screen"] = counter.clerk.windowHandle().screen().name()
    report["resident_screen"] = counter.resident.windowHandle().screen().name()
    report["resident_geometry"] = list(counter.resident.geometry().getRect())
    pin_checks: list[dict[str, object]] = []
    focused: list[bool] = []  # the clerk's input line had the keyboard at each check

    def on_pin(index: int, digits: int) -> None:
        clerk = counter.clerk
        before = counter.resident.pin.length
        clerk.activateWindow()  # the clerk's keyboard types into the clerk's window
        clerk.line.setFocus()
        QApplication.processEvents()
        focused.append(QApplication.focusWidget() is clerk.line)
        QTest.keyClicks(clerk.line, "9")  # the clerk's keyboard cannot reach the resident's pad
        QTest.keyClick(clerk.line, Qt.Key.Key_Return)
        QApplication.processEvents()
        pin_checks.append({
            "member": index, "digits": digits, "prompt": clerk.prompt.text(), "pad_before": before,
            "pad_after": counter.resident.pin.length, "state_digits": counter.controller.state().pin_digits,
            "clerk_pads": len(clerk.findChildren(PinPad)), "resident_pads": len(counter.resident.findChildren(PinPad)),
        })
        clerk.line.clear()

    try:
        play = ref.player(family, on_pin=on_pin)
        play.sign_in(*CLERK)
        done = play.play("ja")
        report["counter_forms"] = write(out / "counter", done.sheets)
        report["counter_keys"] = done.key_presses
        report["resident_taps"] = done.resident_taps
        report["figures"] = figures(cfg)  # the counter's session as the administrators' figures hold it
        report["pdfs_kept_after_finish"] = counter.produced is not None
        report["result_rows"] = done.result_rows
        report["panel_after_finish"] = done.panel_after
        report["session_empty_after_finish"] = counter.controller.session.is_empty()
        report["pin_checks"] = pin_checks
        report["pin_checks_focused"] = focused
        report["received"] = [[(s.form_id, s.sheet_id) for s in b] for b in counter.controller.received]
        report["queued"] = queued(cfg, {s for b in counter.controller.received for _f, s in
                                        [(x.form_id, x.sheet_id) for x in b]})
        if resume_codes:
            again = ref.player(family)
            resumed = again.play(resume=resume_codes[0])
            report["resumed_forms"] = write(out / "resumed", resumed.sheets)
            report["resumed_keys"] = resumed.key_presses
            counter.resume(resume_codes[0])  # a second scan of the same slip
            report["second_use"] = counter.controller.state().message_key
            report["second_use_screen"] = counter.controller.journey.screen.value
    finally:
        ref.stop()
    (out / "report.json").write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    del app
    return 0


def figures(cfg: Config) -> list[dict[str, object]]:
    """The outcome figures stored for the counter's sessions (kiosk.metrics), once written."""
    from sqlalchemy import select

    from kiosk.storage.database import Database
    from kiosk.storage.models import SessionMetric
    from kiosk.ui.operations import runner

    runner().wait_idle(30_000)  # the record is stored off the GUI thread
    db = Database(cfg.database.url)
    with db.session() as s:
        rows = s.execute(select(SessionMetric).where(SessionMetric.kiosk_id.like("counter%"))
                         .order_by(SessionMetric.id)).scalars().all()
        out = [{"kiosk_id": r.kiosk_id, "ending": r.ending, "language": r.language, "taps": r.taps,
                "typed_chars": r.typed_chars, "screens": [v["screen"] for v in r.screens],
                "seconds": sum(v["seconds"] for v in r.screens), "procedures": list(r.procedures),
                "fields_total": r.fields_total, "fields_prefilled": r.fields_prefilled,
                "card_outcomes": dict(r.card_outcomes), "raw": json.dumps([r.screens, r.procedures, r.card_outcomes],
                                                                           ensure_ascii=False)} for r in rows]
    db.dispose()
    return out


def queued(cfg: Config, sheet_ids: set[str]) -> dict[str, list[dict[str, object]]]:
    """What the division queues hold of the counter's sheets, read in this process from the
    shared database: division → [{form, state, number, has data}]."""
    from kiosk.catalogue.loader import load_catalogue
    from kiosk.routing.divisions import Divisions
    from kiosk.routing.queue import queued_sheets
    from kiosk.storage.database import Database

    db = Database(cfg.database.url)
    out: dict[str, list[dict[str, object]]] = {}
    for division in Divisions.of(load_catalogue()).by_id:
        rows = [q for q in queued_sheets(db, division) if q.sheet_id in sheet_ids]
        if rows:
            out[division] = [{"form": q.form_id, "state": q.ticket.state, "number": q.ticket.number,
                              "data": bool(q.data)} for q in rows]
    db.dispose()
    return out


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))
