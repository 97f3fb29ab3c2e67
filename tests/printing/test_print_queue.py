"""The real CUPS queue (script/with-services): print, refuse a stopped queue, cancel and purge a
job that does not finish (REL-01, REL-02, REL-03)."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

import pytest
import readback

from kiosk.errors import PrinterUnavailable, PrintJobTimeout
from kiosk.print_queue import PrintQueue, parse_attributes, state_from_attributes

pytestmark = pytest.mark.cups


def _pdf() -> bytes:
    return readback.one_line_pdf("KIOSK PRINT TEST")


def test_rel02_print_is_followed_to_completion_and_lands_as_pdf(printer_queue: str, pdf_dir: Path) -> None:
    queue = PrintQueue(printer_queue, timeout=60, poll_seconds=0.2)
    before = set(pdf_dir.glob("*.pdf"))
    outcome = queue.print_pdf(_pdf(), title="test-sheet")
    assert outcome.state == "completed"
    out = readback.wait_for_pdf(pdf_dir, before)
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, check=True).stdout.decode()
    assert "KIOSK PRINT TEST" in text
    assert queue.jobs() == []


def test_rel01_disabled_queue_is_refused_with_a_reason(printer_queue: str) -> None:
    queue = PrintQueue(printer_queue)
    assert queue.state().ready
    subprocess.run(["cupsdisable", "-r", "test: out of paper", printer_queue], check=True)
    try:
        state = queue.state()
        assert not state.ready and state.reason == "stopped"
        assert state.message_key == "print.unavailable_stopped"
        with pytest.raises(PrinterUnavailable) as info:
            queue.print_pdf(_pdf(), title="refused")
        assert info.value.params["reason"] == "stopped"
        assert info.value.key == "print.unavailable_stopped"
        assert queue.jobs() == []
    finally:
        subprocess.run(["cupsenable", printer_queue], check=True)


def test_rel01_queue_rejecting_jobs_is_refused(printer_queue: str) -> None:
    queue = PrintQueue(printer_queue)
    subprocess.run(["cupsreject", printer_queue], check=True)
    try:
        assert queue.state().reason in ("not_accepting", "stopped")
        with pytest.raises(PrinterUnavailable):
            queue.check()
    finally:
        subprocess.run(["cupsaccept", printer_queue], check=True)


def test_unknown_queue_is_refused_not_crashing(printer_queue: str) -> None:
    state = PrintQueue("no-such-queue").state()
    assert not state.ready and state.reason == "unknown_queue"


def test_rel02_held_job_is_cancelled_and_purged_after_timeout(printer_queue: str, pdf_dir: Path) -> None:
    queue = PrintQueue(printer_queue, poll_seconds=0.2)
    before = set(pdf_dir.glob("*.pdf"))
    job = queue.submit(_pdf(), title="held", hold=True)
    assert queue.job_state(job) == "held"
    with pytest.raises(PrintJobTimeout) as info:
        queue.wait(job, timeout=1.5)
    assert info.value.key == "print.job_timeout"
    assert job not in queue.jobs()
    listing = subprocess.run(["lpstat", "-W", "all", "-o", printer_queue], capture_output=True, text=True).stdout
    assert f"{printer_queue}-{job} " not in listing
    # releasing the queue later prints nothing from the cancelled session
    subprocess.run(["cupsenable", printer_queue], check=True)
    time.sleep(1.0)
    assert set(pdf_dir.glob("*.pdf")) == before


@pytest.mark.parametrize(
    ("reasons", "state", "expected"),
    [
        ("media-empty-error", "idle", "media_empty"),
        ("media-jam-error", "processing", "media_jam"),
        ("door-open-error", "idle", "door_open"),
        ("marker-supply-empty-error", "idle", "marker_empty"),
        ("offline-report", "idle", "offline"),
        ("paused", "stopped", "stopped"),
        ("none", "stopped", "stopped"),
    ],
)
def test_rel01_printer_state_reasons_map_to_typed_reasons(reasons: str, state: str, expected: str) -> None:
    text = (
        f"        printer-is-accepting-jobs (boolean) = true\n        printer-state (enum) = {state}\n"
        f"        printer-state-reasons (1setOf keyword) = {reasons}\n"
    )
    result = state_from_attributes(parse_attributes(text))
    assert not result.ready and result.reason == expected


def test_rel04_media_low_is_a_warning_not_a_refusal() -> None:
    """REL-04: "media low" is read as a warning that alerts staff, not a reason to refuse printing."""
    text = "printer-state (enum) = idle\nprinter-state-reasons (1setOf keyword) = media-low-report\n"
    result = state_from_attributes(parse_attributes(text))
    assert result.ready and result.warnings == ("media_low",)


def test_rel03_spooler_keeps_no_job_files_or_history(printer_queue: str, tmp_path: Path) -> None:
    from kiosk.print_queue import spooler_keeps_no_files

    assert spooler_keeps_no_files()  # the running cupsd's configuration
    loose = tmp_path / "cupsd.conf"
    loose.write_text("PreserveJobFiles No\n", encoding="utf-8")
    assert not spooler_keeps_no_files(loose)


def test_kiosk_sheet_command_prints_on_the_queue(printer_queue: str, pdf_dir: Path, tmp_path: Path, capsys) -> None:
    import json

    import yaml

    from kiosk import cli, keys

    config = tmp_path / "kiosk.toml"
    config.write_text(f'[paths]\ndata_dir = "{tmp_path}"\n', encoding="utf-8")
    keys.init_keys(tmp_path / "keys", kiosk_id="kiosk-01")
    from kiosk.catalogue.loader import load_catalogue
    from kiosk.sheets.specimen import specimen_values

    form = load_catalogue().forms["mynumber_card"]
    spec = specimen_values(form, 1)
    values = {"household": {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in spec.household.items()},
              "persons": [{k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in p.items()}
                          for p in spec.persons]}
    values_file = tmp_path / "values.yaml"
    values_file.write_text(yaml.safe_dump(values, allow_unicode=True), encoding="utf-8")
    before = set(pdf_dir.glob("*.pdf"))
    code = cli.main(["--config", str(config), "sheet", "--form", "mynumber_card", "--values", str(values_file),
                     "--out", str(tmp_path / "out.pdf"), "--print", printer_queue])
    summary = json.loads(capsys.readouterr().out)
    assert code == 0 and summary["print"]["state"] == "completed"
    printed = readback.wait_for_pdf(pdf_dir, before)
    assert readback.qr_strings(printed) == readback.qr_strings(tmp_path / "out.pdf")
