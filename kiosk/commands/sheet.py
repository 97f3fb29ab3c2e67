"""``kiosk sheet``: sign and draw one completed sheet from a values file, optionally print it.

Values file (YAML or JSON), keyed by dictionary field ids::

    household: {move.date: 2026-03-28, address.new: "みどり町中央三丁目12番地の4", ...}
    persons:
      - {person.name: "緑川 一郎", person.birth_date: 1984-05-12, ...}

Invalid values are refused naming the field, and no PDF is written. ``--specimen`` instead fills
every field with the invented 緑川 household's values (:mod:`kiosk.sheets.specimen`): a preview of
a form's layout, every box filled, even those a condition leaves out of a resident's sheet.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kiosk.catalogue.model import FormValues


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("sheet", help="sign and draw one completed sheet (and print it)")
    parser.add_argument("--form", required=True, help="form id, e.g. juminido")
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--values", type=Path, help="values file (YAML or JSON)")
    source.add_argument("--specimen", action="store_true",
                        help="invented specimen values filling every field (a layout preview)")
    parser.add_argument("--out", required=True, type=Path, help="PDF to write")
    parser.add_argument("--print", dest="queue", metavar="QUEUE", default=None, help="also print on this CUPS queue")
    parser.add_argument("--forms", type=Path, default=None, help="catalogue folder (default: paths.forms_dir)")
    parser.set_defaults(func=handle)


def read_values(path: Path, form_id: str) -> FormValues:
    """FormValues from a YAML/JSON file; raises ValidationError for a file of the wrong shape."""
    from kiosk.catalogue.model import FormValues
    from kiosk.catalogue.source import load_limited
    from kiosk.errors import ValidationError

    data, problems = load_limited(path, str(path))  # JSON is YAML; size, alias and depth limits
    if problems:
        raise ValidationError(f"cannot read values: {problems[0]}", key="print.invalid_values")
    if not isinstance(data, dict) or not set(data) <= {"household", "persons"}:
        raise ValidationError(f"{path}: expected 'household' and 'persons'", key="print.invalid_values")
    household, persons = data.get("household") or {}, data.get("persons") or []
    if not isinstance(household, dict) or not isinstance(persons, list) or not all(isinstance(p, dict) for p in persons):
        raise ValidationError(f"{path}: 'household' must be a map, 'persons' a list of maps", key="print.invalid_values")
    return FormValues(form_id=form_id, household=dict(household), persons=[dict(p) for p in persons])


def handle(args: argparse.Namespace) -> int:
    import datetime as dt

    from kiosk import keys
    from kiosk.catalogue.loader import load_catalogue
    from kiosk.cli import load_config
    from kiosk.errors import CatalogueError, PrintError
    from kiosk.ks1 import encode_sheet
    from kiosk.sheets import render_sheet

    config = load_config(args)
    if not args.out.parent.is_dir():  # refused before anything is signed
        raise PrintError(f"{args.out}: no such folder {args.out.parent}", key="error.output_unwritable",
                         where=str(args.out))
    catalogue = load_catalogue(args.forms or config.forms_dir, municipality=str(config.municipality.code))
    form = catalogue.forms.get(args.form)
    if form is None:
        raise CatalogueError(f"unknown form {args.form!r}", key="error.catalogue")
    if args.specimen:
        from kiosk.sheets.specimen import specimen_values

        values = specimen_values(form)
    else:
        values = read_values(args.values, form.id)
    now = dt.datetime.now(dt.UTC)
    sheet = encode_sheet(form, values, signer=keys.load_signer(config.key_dir), iss=config.municipality.code,
                         kiosk_id=config.kiosk.id, now=now, validity=dt.timedelta(days=config.qr.validity_days))
    counter = catalogue.counters.get(form.counter)
    result = render_sheet(form, sheet, municipality=config.municipality.name,
                          counter_name=counter.name.get("ja", "") if counter else "")
    try:
        args.out.write_bytes(result.pdf)
    except OSError as exc:
        raise PrintError(f"{args.out}: cannot write: {exc.strerror or type(exc).__name__}",
                         key="error.output_unwritable", where=str(args.out)) from exc
    summary = {
        "out": str(args.out), "form": form.id, "sheet_id": sheet.sheet_id, "pages": result.pages,
        "qr_versions": sheet.versions, "qr_levels": sheet.levels, "blob_size": sheet.blob_size,
        "missing_glyphs": result.missing_glyphs,
    }
    if args.queue:
        from kiosk.print_queue import PrintQueue

        queue = PrintQueue(args.queue, timeout=config.printer.job_timeout_seconds)
        outcome = queue.print_pdf(result.pdf, title=f"sheet-{form.id}-{sheet.sheet_id[:8]}")
        summary["print"] = {"queue": args.queue, "job": outcome.job_id, "state": outcome.state}
    print(json.dumps(summary, ensure_ascii=False))
    return 0
