"""``kiosk navigate --answers FILE``: the procedures a household needs, as JSON."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kiosk.catalogue.model import Catalogue
    from kiosk.household import Household


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "navigate", help="list the procedures, counters, forms and what to bring for a household (JSON)"
    )
    parser.add_argument("--answers", type=Path, required=True, help="household answers (YAML or JSON; see forms/samples/)")
    parser.add_argument("--lang", default="ja", help="language of titles and guidance (default: ja)")
    parser.add_argument("--forms-dir", type=Path, default=None, help="catalogue folder (default: the configured forms/)")
    parser.add_argument("--municipality", default=None, help="地方公共団体コード for municipal variants (default: configured)")
    parser.set_defaults(func=handler)


def result(catalogue: Catalogue, household: Household, lang: str) -> dict[str, Any]:
    """The JSON document printed by the command."""
    from kiosk.catalogue import navigator
    from kiosk.catalogue.model import localized

    def text(texts: dict[str, str]) -> str:
        return localized(texts, lang) if texts else ""

    procedures: list[dict[str, Any]] = []
    for proc in navigator.procedures_for(catalogue, household):
        counter = catalogue.counters.get(proc.counter)
        procedures.append({
            "id": proc.id,
            "title": text(proc.title),
            "counter": {"id": proc.counter, "name": text(counter.name) if counter else proc.counter},
            "forms": [
                {"id": fid, "title": text(catalogue.forms[fid].title),
                 "persons": navigator.form_rows(catalogue, catalogue.forms[fid], household)}
                for fid in proc.forms if fid in catalogue.forms
            ],
            "bring": text(proc.bring),
            "deadline": text(proc.deadline),
            "guidance": text(proc.guidance),
        })
    unanswered = [{"question": q.id, "person": person} for q, person in navigator.pending(catalogue, household)]
    return {
        "catalogue_version": catalogue.version,
        "language": lang,
        "review_status": catalogue.review_status.get(lang, "draft"),
        "procedures": procedures,
        "unanswered": unanswered,
    }


def handler(args: argparse.Namespace) -> int:
    from kiosk.catalogue.households import read_household
    from kiosk.catalogue.loader import load_catalogue
    from kiosk.errors import CatalogueError

    forms_dir = args.forms_dir
    municipality = args.municipality
    if forms_dir is None or municipality is None:
        from kiosk import cli

        config = cli.load_config(args)
        forms_dir = forms_dir or config.forms_dir
        municipality = municipality or str(config.municipality.code)
    try:
        catalogue = load_catalogue(forms_dir, municipality=municipality)
        if args.lang not in catalogue.languages:
            print(f"kiosk navigate: unknown language {args.lang!r} (one of {', '.join(catalogue.languages)})", file=sys.stderr)
            return 2
        household = read_household(args.answers, catalogue)
    except CatalogueError as exc:
        for problem in getattr(exc, "problems", [str(exc)]):
            print(problem, file=sys.stderr)
        return 1
    json.dump(result(catalogue, household, args.lang), sys.stdout, ensure_ascii=False, indent=2)
    print()
    return 0
