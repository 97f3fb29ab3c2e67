"""Sheets out of a finished session: render every form (signed KS1 code included), the guide
slip, submit to the CUPS queue and follow the jobs. Qt-free; the result screen drives it.

PDFs stay in memory (spool retention 0): they are fed to ``lp`` on stdin and dropped by
:meth:`Output.discard` at session end; only ``kiosk demo`` writes them to a folder.
"""

from __future__ import annotations

import copy
import datetime as dt
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kiosk.log import get_logger

if TYPE_CHECKING:
    from kiosk.catalogue.model import Catalogue, Form
    from kiosk.ports import Produced as ProducedPort
    from kiosk.print_queue import PrinterState
    from kiosk.resume import ResumePayload
    from kiosk.session import ResidentSession

LOG = get_logger(__name__)


@dataclass
class Produced:
    sheets: list[tuple[str, bytes]] = field(default_factory=list)  # (form id, PDF)
    guide: bytes | None = None
    sheet_ids: list[str] = field(default_factory=list)
    route: list[tuple[str, int]] = field(default_factory=list)  # (division, number) once received

    def wipe(self) -> None:
        self.sheets.clear()
        self.guide = None
        self.sheet_ids.clear()
        self.route.clear()


@dataclass(frozen=True)
class _PrintedSheet:
    """A sheet as the division queues receive it (kiosk.routing.model.ReceivedSheet)."""

    sheet_id: str
    form_id: str
    household: dict[str, Any]
    persons: list[dict[str, Any]]


@dataclass(frozen=True)
class SessionSnapshot:
    """What rendering needs from the resident's session, copied on the GUI thread: the sheets
    render on a worker while the session itself may end (and be wiped) meanwhile."""

    language: str
    procedures: tuple[str, ...]
    form_values: dict[str, Any]

    @classmethod
    def of(cls, session: ResidentSession) -> SessionSnapshot:
        return cls(session.language, tuple(session.procedures), copy.deepcopy(dict(session.form_values)))


class Output:
    """``signer`` from :func:`kiosk.keys.load_signer`, or ``key_dir`` to load it from when first
    needed (by :meth:`warm_up` on the operations runner: loading it imports the cryptography
    library, too slow for the GUI thread); ``queue`` a :class:`kiosk.print_queue.PrintQueue`
    (None: render only, e.g. the demo without a printer)."""

    def __init__(self, config: Any, *, signer: Any = None, key_dir: Path | None = None, queue: Any = None,
                 catalogue: Catalogue | None = None, database: Any = None) -> None:
        self.config = config
        self.database = database  # issued sheets are recorded by id (no personal data)
        self.signer = signer
        self._key_dir = key_dir
        self._signer_lock = threading.Lock()
        self.queue = queue
        self.catalogue = catalogue  # the loaded Catalogue (counters for the header and the guide)

    def warm_up(self) -> None:
        """Import the renderer and load the base fonts before the first resident's sheets. Run on
        the operations runner once the kiosk is up: otherwise the first rendering pays for it,
        in long stretches that hold the interpreter lock while the result screen should animate."""
        from kiosk.sheets import bundle_from_config
        from kiosk.sheets.draw import drawing
        from printing import fonts

        del bundle_from_config  # imported for its side effect: every module of the renderer loaded
        drawing(fonts.require_base)
        fonts.chain("ja")
        self.load_signer()

    def load_signer(self) -> Any:
        """The signer, loaded from ``key_dir`` the first time (on a worker thread)."""
        with self._signer_lock:
            if self.signer is None and self._key_dir is not None:
                from kiosk.keys import load_signer

                self.signer = load_signer(self._key_dir)
            return self.signer

    def produce(self, session: SessionSnapshot | ResidentSession, forms: Sequence[Form], *,
                received_at: str | None = None) -> Produced:
        """Sign and lay out every form (sheets or QR ticket, as configured) and the guide slip.
        ``session`` is a :class:`SessionSnapshot` (or the session itself, on the calling thread).
        Slow (0.5–1 s for a family): the result screen calls it through the operations runner."""
        from kiosk.sheets import bundle_from_config

        catalogue = self.catalogue
        procedures = catalogue.procedures if catalogue is not None else {}
        items = [(form, session.form_values[form.id]) for form in forms if form.id in session.form_values]
        bundle = bundle_from_config(
            self.config, items, signer=self.load_signer(), now=dt.datetime.now(dt.UTC), lang=session.language,
            procedures=[procedures[p] for p in session.procedures if p in procedures],
            counters=catalogue.counters if catalogue is not None else {},
            issue_numbers=self._issue_numbers,
        )
        out = Produced()
        for doc in bundle.documents:
            if doc.kind == "guide":
                out.guide = doc.pdf
            else:
                out.sheets.append((doc.form_id or doc.kind, doc.pdf))
        out.sheet_ids = [sheet.sheet_id for sheet in bundle.sheets]
        self._record_issued(bundle.sheets)
        if received_at is not None:  # handed in as it prints (the counter): into the division queues
            out.route = self._receive(bundle.sheets, station_id=received_at)
        LOG.info("rendered %d document(s), guide slip %s", len(out.sheets), "yes" if out.guide else "no")
        return out

    def produce_resume(self, payload: ResumePayload, language: str, procedure_ids: Sequence[str]) -> Produced:
        """"続きは窓口で": no sheets, only the guide slip carrying the signed resume code (answers
        and hand-typed members, never card data; see :mod:`kiosk.resume`). On the operations runner."""
        from kiosk.resume import encode_resume
        from kiosk.sheets.slips import render_guide

        catalogue = self.catalogue
        procedures = catalogue.procedures if catalogue is not None else {}
        now = dt.datetime.now(dt.UTC)
        code = encode_resume(payload, signer=self.load_signer(), iss=self.config.municipality.code, now=now)
        result = render_guide([procedures[p] for p in procedure_ids if p in procedures],
                              catalogue.counters if catalogue is not None else {}, lang=language,
                              municipality=self.config.municipality.name, issued_at=now, resume=code)
        LOG.info("resume code %s issued", code.code_id)
        return Produced(guide=result.pdf)

    def _receive(self, sheets: Sequence[Any], *, station_id: str) -> list[tuple[str, int]]:
        """The sheets were received where they printed: each joins its division's queue (kiosk.routing)
        under the number the guide slip shows. Without a database (or when it cannot be reached)
        the sheets still print and are received when scanned."""
        if self.database is None or self.catalogue is None:
            return []
        from kiosk.routing.divisions import Divisions
        from kiosk.routing.queue import receive_bundle

        printed = [_PrintedSheet(sheet.sheet_id, sheet.form_id, dict(sheet.values.household),
                                 [dict(person) for person in sheet.values.persons]) for sheet in sheets]
        try:
            routed = receive_bundle(self.database, printed, Divisions.of(self.catalogue), station_id=station_id)
        except Exception as exc:  # printed all the same; a scan receives them later
            LOG.warning("bundle not queued: %s", type(exc).__name__)
            return []
        return [(stop.division, stop.number) for stop in routed.stops]

    def _issue_numbers(self, sheets: list[tuple[str, str]]) -> list[tuple[str, int]]:
        """Waiting numbers per division queue for the guide slip (kiosk.routing); none without a
        database, or when it cannot be reached: the numbers are then drawn when the sheets are received."""
        if self.database is None or self.catalogue is None:
            return []
        from kiosk.routing.divisions import Divisions
        from kiosk.routing.queue import issue_numbers

        try:
            routed = issue_numbers(self.database, sheets, Divisions.of(self.catalogue), source=self.config.kiosk.id)
        except Exception as exc:  # the resident's sheets still print, without numbers
            LOG.warning("waiting numbers not issued: %s", type(exc).__name__)
            return []
        return [(stop.division, stop.number) for stop in routed.stops]

    def _record_issued(self, sheets: list[Any]) -> None:
        """The bundle's sheets, recorded in one transaction before any of them prints (REL-09)."""
        if self.database is None or not sheets:
            return
        from kiosk.storage.sheets import Issued, record_bundle

        try:
            record_bundle(self.database, [Issued(x.sheet_id, x.form_id, x.form_version, x.kiosk_id, x.issued_at,
                                                 x.expires_at) for x in sheets])
        except Exception as exc:  # the resident's sheets still print; the clerk's replay check stays
            LOG.warning("issued sheets %s not recorded: %s", ",".join(x.sheet_id for x in sheets), type(exc).__name__)

    def submit(self, produced: ProducedPort) -> list[int]:
        """Check the printer (raises a typed PrintError with a message key) and queue every PDF.
        Runs ``lp``/``ipptool`` (timeouts up to 30 s): call it through the operations runner."""
        if self.queue is None:
            return []
        self.alert_printer_warnings(self.queue.check())
        jobs = [self.queue.submit(pdf, title=f"sheet-{form_id}") for form_id, pdf in produced.sheets]
        if produced.guide:
            jobs.append(self.queue.submit(produced.guide, title="guide"))
        return jobs

    def state(self, jobs: list[int]) -> str:
        """printing | done | failed | out_of_paper."""
        if self.queue is None:
            return "done"
        states = [self.queue.job_state(j) for j in jobs]
        if all(s in ("completed", "gone") for s in states):
            self.alert_printer_warnings(self.queue.state())  # the paper these sheets took may leave it low
            return "done"
        if any(s in ("aborted", "cancelled") for s in states):
            return "failed"
        printer = self.queue.state()
        self.alert_printer_warnings(printer)
        if not printer.ready:
            return "out_of_paper" if printer.reason == "media_empty" else "failed"
        return "printing"

    def alert_printer_warnings(self, printer: PrinterState) -> None:
        """Paper or toner running low while the printer still prints (REL-04): every clerk station
        is alerted through the staff calls, once while the alert is open. Without a database, or
        when it cannot be reached, the kiosk prints all the same and logs the warning by its code."""
        if not printer.warnings:
            return
        if self.database is None:
            LOG.warning("printer warning %s: no database to alert staff", ",".join(printer.warnings))
            return
        from kiosk.staffcalls import record_alert

        for warning in printer.warnings:
            try:
                record_alert(self.database, self.config.kiosk.id, f"printer.{warning}")
            except Exception as exc:  # printing goes on; the next check tries again
                LOG.warning("printer warning %s not alerted: %s", warning, type(exc).__name__)

    def discard(self, produced: ProducedPort) -> None:
        produced.wipe()
