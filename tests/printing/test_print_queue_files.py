"""Printing through the real CUPS queue (script/with-services) leaves no file of the kiosk's own
behind: no temporary folder per process, none per job (REL-03, PRIV-08)."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
import readback

from kiosk.print_queue import PrintQueue

pytestmark = pytest.mark.cups


def _pdf() -> bytes:
    return readback.one_line_pdf("KIOSK TEMPORARY FILES TEST")


def test_a_print_leaves_nothing_in_the_temporary_folder(printer_queue: str, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    temp = tmp_path / "tmp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    queue = PrintQueue(printer_queue, timeout=60, poll_seconds=0.2)
    assert queue.state().ready
    assert queue.print_pdf(_pdf(), title="test-sheet").state == "completed"
    assert sorted(p.name for p in temp.iterdir()) == []


def test_a_printing_process_leaves_no_kiosk_ipp_folder_after_it_ends(printer_queue: str, tmp_path: Path) -> None:
    temp = tmp_path / "tmp"
    temp.mkdir()
    pdf = tmp_path / "sheet.pdf"
    pdf.write_bytes(_pdf())
    program = ("import sys; from pathlib import Path; from kiosk.print_queue import PrintQueue; "
               "q = PrintQueue(sys.argv[1], timeout=60, poll_seconds=0.2); "
               "print(q.print_pdf(Path(sys.argv[2]).read_bytes(), title='test-sheet').state)")
    proc = subprocess.run([sys.executable, "-c", program, printer_queue, str(pdf)], capture_output=True,
                          text=True, env=dict(os.environ, TMPDIR=str(temp)), timeout=120, check=False)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "completed"
    assert [p.name for p in temp.iterdir() if p.name.startswith("kiosk-ipp-")] == []
    assert sorted(p.name for p in temp.iterdir()) == []
