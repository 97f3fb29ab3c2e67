"""Printing to a CUPS queue, with the printer checked first and every job followed to the end.

Before offering "Print" the kiosk asks the queue for its state (REL-01): a stopped or rejecting
queue, or a printer reporting media-empty, a jam, an open door, an empty marker or offline, is
refused with a typed reason and a message key, and the resident is offered the clerk path.
Every job is tracked until it completes (REL-02); one that has not finished within the timeout
is cancelled **and purged** (``cancel -x``), so no sheet ever prints in a later resident's session.

The queue itself must keep no job files or history (REL-03). In ``/etc/cups/cupsd.conf``::

    PreserveJobFiles No
    PreserveJobHistory No

and run :meth:`PrintQueue.purge_all` at boot. Jobs are fed to ``lp`` on stdin, so no copy of a
sheet is written to a temporary file by the kiosk; the ``ipptool`` requests are fed on stdin too,
so printing leaves no file of its own anywhere (no temporary folder per process).
"""

from __future__ import annotations

import os
import re
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from kiosk.errors import PrintError, PrinterUnavailable, PrintJobTimeout
from kiosk.log import get_logger

log = get_logger(__name__)

# printer-state-reasons (RFC 8011 §5.4.12, suffixes -error/-warning/-report stripped) → our reason
BLOCKING_REASONS = {
    "media-empty": "media_empty",
    "media-needed": "media_empty",
    "media-jam": "media_jam",
    "door-open": "door_open",
    "cover-open": "door_open",
    "marker-supply-empty": "marker_empty",
    "toner-empty": "marker_empty",
    "offline": "offline",
    "shutdown": "offline",
    "connecting-to-device": "offline",
    "timed-out": "offline",
    "paused": "stopped",
}
WARNING_REASONS = {"media-low": "media_low", "toner-low": "marker_low", "marker-supply-low": "marker_low"}

# Job options. Where CUPS turns the PDF into PostScript (PostScript drivers, cups-pdf), poppler's
# cairo renderer keeps the fonts' Unicode maps, so a spooled PDF still carries searchable text.
# Drivers that rasterise the PDF directly ignore the option.
DEFAULT_OPTIONS = {"pdftops-renderer": "pdftocairo"}

_ATTR = re.compile(r"^\s*([a-z0-9-]+) \(([^)]*)\) = ?(.*)$")
_JOB_ID = re.compile(r"request id is (\S+)-(\d+)")
_TESTS = {
    "printer": """{
  NAME "printer-state"
  OPERATION Get-Printer-Attributes
  GROUP operation-attributes-tag
  ATTR charset attributes-charset utf-8
  ATTR naturalLanguage attributes-natural-language en
  ATTR uri printer-uri $uri
  ATTR keyword requested-attributes printer-state,printer-state-reasons,printer-is-accepting-jobs
  STATUS successful-ok
  DISPLAY printer-state
  DISPLAY printer-state-reasons
  DISPLAY printer-is-accepting-jobs
}
""",
    "job": """{
  NAME "job-state"
  OPERATION Get-Job-Attributes
  GROUP operation-attributes-tag
  ATTR charset attributes-charset utf-8
  ATTR naturalLanguage attributes-natural-language en
  ATTR uri printer-uri $uri
  ATTR integer job-id $job_id
  ATTR keyword requested-attributes job-state,job-state-reasons
  STATUS successful-ok
  STATUS client-error-not-found
  DISPLAY job-state
  DISPLAY job-state-reasons
}
""",
}


@dataclass(frozen=True)
class PrinterState:
    ready: bool
    reason: str = ""  # "" when ready; else one of BLOCKING_REASONS' values, not_accepting, unknown_queue, no_cups
    warnings: tuple[str, ...] = ()  # e.g. media_low: a staff alert, printing still allowed (REL-04)
    raw_reasons: tuple[str, ...] = ()

    @property
    def message_key(self) -> str:
        return f"print.unavailable_{self.reason}" if self.reason else "print.ready"


@dataclass(frozen=True)
class JobOutcome:
    job_id: int
    state: str  # completed | cancelled | aborted
    seconds: float


def parse_attributes(text: str) -> dict[str, str]:
    """``name (type) = value`` lines of ``ipptool -t`` output."""
    out: dict[str, str] = {}
    for line in text.splitlines():
        m = _ATTR.match(line)
        if m:
            out[m.group(1)] = m.group(3).strip()
    return out


def state_from_attributes(attrs: dict[str, str]) -> PrinterState:
    """Typed printer state from printer-state, printer-state-reasons and printer-is-accepting-jobs."""
    reasons = tuple(r.strip() for r in attrs.get("printer-state-reasons", "none").split(",") if r.strip())
    base = [re.sub(r"-(error|warning|report)$", "", r) for r in reasons]
    warnings = tuple(dict.fromkeys(WARNING_REASONS[b] for b in base if b in WARNING_REASONS))
    for b in base:
        if b in BLOCKING_REASONS:
            return PrinterState(False, BLOCKING_REASONS[b], warnings, reasons)
    if attrs.get("printer-state") == "stopped":
        return PrinterState(False, "stopped", warnings, reasons)
    if attrs.get("printer-is-accepting-jobs", "true") != "true":
        return PrinterState(False, "not_accepting", warnings, reasons)
    return PrinterState(True, "", warnings, reasons)


def _server_uri() -> str:
    server = os.environ.get("CUPS_SERVER", "localhost")
    if server.startswith("/"):
        return quote(server, safe="")
    return server


def spooler_keeps_no_files(cupsd_conf: Path = Path("/etc/cups/cupsd.conf")) -> bool:
    """True when cupsd.conf sets ``PreserveJobFiles No`` and ``PreserveJobHistory No`` (REL-03).

    CUPS's defaults keep job history (Yes) and files for a day, so both must be set explicitly."""
    try:
        text = cupsd_conf.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    settings = {}
    for line in text.splitlines():
        parts = line.split()
        if len(parts) == 2 and parts[0] in ("PreserveJobFiles", "PreserveJobHistory"):
            settings[parts[0]] = parts[1].lower()
    return settings.get("PreserveJobFiles") == "no" and settings.get("PreserveJobHistory") == "no"


# ipptool reads its request file from here; the text is given on stdin (a pipe), never on disk.
_STDIN = "/dev/stdin"


class PrintQueue:
    """One CUPS queue by name (``lp``, ``cancel`` and ``ipptool`` from cups-client / cups-ipp-utils)."""

    def __init__(self, name: str, *, timeout: float = 120.0, poll_seconds: float = 0.5,
                 options: dict[str, str] | None = None) -> None:
        self.name = name
        self.options = dict(DEFAULT_OPTIONS if options is None else options)
        self.timeout = timeout
        self.poll_seconds = poll_seconds
        self._env = dict(os.environ, LANG="C", LC_ALL="C")

    @property
    def uri(self) -> str:
        return f"ipp://{_server_uri()}/printers/{quote(self.name)}"

    def _run(self, args: list[str], data: bytes | None = None, timeout: float = 30) -> subprocess.CompletedProcess[bytes]:
        try:
            return subprocess.run(args, input=data, capture_output=True, env=self._env, timeout=timeout, check=False)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise PrinterUnavailable(f"{args[0]}: {exc}", key="print.unavailable_no_cups", reason="no_cups") from exc

    def _ipp(self, test: str, **variables: object) -> tuple[int, dict[str, str], str]:
        args = ["ipptool", "-t", "-T", "10"]
        for k, v in variables.items():
            args += ["-d", f"{k}={v}"]
        proc = self._run(args + [self.uri, _STDIN], data=_TESTS[test].encode("ascii"))
        out = proc.stdout.decode("utf-8", "replace") + proc.stderr.decode("utf-8", "replace")
        return proc.returncode, parse_attributes(out), out

    def state(self) -> PrinterState:
        """The queue's state now; never raises for an unreachable CUPS or an unknown queue."""
        try:
            code, attrs, out = self._ipp("printer")
        except PrinterUnavailable:
            return PrinterState(False, "no_cups")
        if code != 0 or "printer-state" not in attrs:
            reason = "unknown_queue" if "does not exist" in out or "not-found" in out else "no_cups"
            return PrinterState(False, reason)
        return state_from_attributes(attrs)

    def check(self) -> PrinterState:
        """The state, raising :class:`PrinterUnavailable` (with reason and message key) when not ready."""
        state = self.state()
        if not state.ready:
            raise PrinterUnavailable(f"queue {self.name}: {state.reason}", key=state.message_key, reason=state.reason)
        return state

    def submit(self, pdf: bytes | Path, *, title: str = "kiosk", hold: bool = False) -> int:
        """Queue a PDF (fed on stdin); returns the job id. ``title`` must carry no personal data."""
        data = pdf if isinstance(pdf, bytes) else Path(pdf).read_bytes()
        args = ["lp", "-d", self.name, "-t", title]
        for key, value in self.options.items():
            args += ["-o", f"{key}={value}"]
        if hold:
            args += ["-H", "hold"]
        proc = self._run(args + ["-"], data=data)
        m = _JOB_ID.search(proc.stdout.decode("utf-8", "replace"))
        if proc.returncode != 0 or not m:
            state = self.state()
            if not state.ready:
                raise PrinterUnavailable(f"queue {self.name}: {state.reason}", key=state.message_key,
                                         reason=state.reason)
            raise PrintError(f"lp failed for queue {self.name} (exit {proc.returncode})", key="print.submit_failed")
        job_id = int(m.group(2))
        log.info("print job %s-%d queued", self.name, job_id)
        return job_id

    def job_state(self, job_id: int) -> str:
        """pending | held | processing | stopped | cancelled | aborted | completed | gone."""
        code, attrs, _out = self._ipp("job", job_id=job_id)
        state = attrs.get("job-state", "")
        if not state:
            return "gone"  # purged: with PreserveJobHistory No a finished job leaves no trace
        return {"pending-held": "held", "processing-stopped": "stopped", "canceled": "cancelled"}.get(state, state)

    def cancel(self, job_id: int, purge: bool = True) -> None:
        """Cancel a job and, by default, purge its files and history (``cancel -x``)."""
        self._run(["cancel", *(["-x"] if purge else []), f"{self.name}-{job_id}"])
        log.info("print job %s-%d cancelled%s", self.name, job_id, " and purged" if purge else "")

    def purge_all(self) -> None:
        """Cancel and purge every job of this queue (at boot and at session end)."""
        self._run(["cancel", "-a", "-x", self.name])

    def wait(self, job_id: int, timeout: float | None = None) -> JobOutcome:
        """Follow a job to its end. Past ``timeout`` it is cancelled and purged and
        :class:`PrintJobTimeout` is raised (the resident is told; staff are alerted)."""
        limit = self.timeout if timeout is None else timeout
        start = time.monotonic()
        while True:
            state = self.job_state(job_id)
            elapsed = time.monotonic() - start
            if state in ("completed", "gone"):
                return JobOutcome(job_id, "completed", elapsed)
            if state in ("cancelled", "aborted"):
                self.cancel(job_id)
                raise PrintError(f"job {self.name}-{job_id} {state}", key="print.job_failed", job=job_id)
            if elapsed >= limit:
                self.cancel(job_id)
                raise PrintJobTimeout(f"job {self.name}-{job_id} not done after {limit:.0f} s; cancelled and purged",
                                      job=job_id, seconds=int(limit))
            time.sleep(self.poll_seconds)

    def print_pdf(self, pdf: bytes | Path, *, title: str = "kiosk", timeout: float | None = None) -> JobOutcome:
        """Check the printer, submit, and follow the job to completion."""
        self.check()
        return self.wait(self.submit(pdf, title=title), timeout)

    def jobs(self) -> list[int]:
        """Ids of this queue's jobs that are not completed."""
        proc = self._run(["lpstat", "-W", "not-completed", "-o", self.name])
        prefix = f"{self.name}-"
        return [int(line.split()[0][len(prefix):]) for line in proc.stdout.decode().splitlines()
                if line.startswith(prefix) and line.split()[0][len(prefix):].isdigit()]
