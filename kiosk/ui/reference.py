"""The reference journey (``kiosk demo`` and the end-to-end tests): a family of four moving in from
another city — two adults on 国保 whose virtual cards are read through pcscd/vpcd, children aged 4
and 9 entered by hand. Household answers come from ``forms/samples/family_of_four.yaml``."""

from __future__ import annotations

import datetime as dt
import gc
import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import yaml

from kiosk import measures, paths
from kiosk.config import Config, demo_town
from kiosk.log import get_logger
from kiosk.measures import Printed
from kiosk.ui.autoplay import Autoplay
from kiosk.ui.play_hands import ManualPerson, Played, PlayError

LOG = get_logger(__name__)

FAMILY_SAMPLE = "family_of_four.yaml"
PARENT_PERSONAS = ("family_parent1.yaml", "family_parent2.yaml")
# The family's cards by place in the household (forms/samples/family_of_four.yaml): the parents',
# none for the daughter, and the son's (9; the sample's has_card). The counter reads all three, his
# parent typing its PIN on the resident's side; the kiosk's reference journey reads the parents' and
# types both children by hand.
FAMILY_PERSONAS = (*PARENT_PERSONAS, None, "family_child2.yaml")
SON = 3  # the son's place
VPCD_HOST, VPCD_PORT = "127.0.0.1", 35963
SCREEN_SIZE = (1920, 1080)
SCREEN_DPI = 102.0  # a 21.5-inch full-HD kiosk panel
# Invented children without a card: the given name's reading is typed on the kana pad and the name
# chosen among the kanji candidates it brings (the household's family name first); the reading,
# with the family name's, is the child's フリガナ.
CHILD_NAMES = ("森山　花", "森山　颯太")
CHILD_READINGS = ("はな", "そうた")
# The adults when they are entered by hand too (no card; the measures' second household): the
# first types the whole reading, the second only the given name.
ADULT_NAMES = ("森山　大輔", "森山　由美")
ADULT_READINGS = ("もりやま　だいすけ", "ゆみ")
# The phone number, typed once on the first form that has it (every other form then has it too).
PHONE = ("filer.phone", "09099990000")
# The new address: its postal area chosen among the town's (千代田 1000001 in the demo's 13101; typed
# where the town has no areas), which fills prefecture and town; then the block number.
NEW_ADDRESS = [("address.new_postal_code", "1000001"), ("address.new", "1-2-3"),
               ("request.purpose", "work"), PHONE]
# The 児童手当 bank account (invented) of the family not using its 公金受取口座: the bank and its
# branch chosen among the candidates a few kana of their names bring (み → みずほ (0001) first;
# しぶや → 渋谷 (210) first), the account number on the number pad; the holder's name in kana comes
# from the claimant's confirmed reading.
BANK_ACCOUNT = [("bank.name", "み"), ("bank.branch", "しぶや"), ("bank.account_number", "7654321")]
# The same account as a clerk types it at the counter: the bank's code without its leading zeros
# (``1`` for 0001) and, the bank being known, the 3-digit 店番 alone.
BANK_ACCOUNT_CODES = [("bank.name", "1"), ("bank.branch", "210"), ("bank.account_number", "7654321")]
# The same account at ゆうちょ銀行 (invented): the passbook's 記号 and 番号, typed on the number pad
# once the bank is chosen; stored as 店番 408 (四〇八), 口座番号 8765432, 普通.
YUCHO_ACCOUNT = [("bank.name", "9900"), ("bank.branch", "14090 87654321")]


# The reference family files a few days after moving in, as the law asks (転入届: within 14 days,
# 住民基本台帳法22条): the move date is one of the days the date question offers as a button.
MOVED_DAYS_AGO = 3


def household(today: dt.date | None = None, *, public_account: bool | None = None) -> dict:
    """The reference family (forms/samples), its move ``MOVED_DAYS_AGO`` days before ``today``;
    ``public_account`` False: the claimant does not use the 公金受取口座 the sample says is registered,
    so the 児童手当 account is typed."""
    path = paths.FORMS_DIR / "samples" / FAMILY_SAMPLE
    family = yaml.safe_load(path.read_text(encoding="utf-8"))
    family["answers"]["move_date"] = (today or dt.date.today()) - dt.timedelta(days=MOVED_DAYS_AGO)
    if public_account is not None:
        family["answers"]["public_account"] = public_account
    return family


def demo_config(config: Config, data_dir: Path, *, printer_queue: str | None = None) -> Config:
    """The configuration with a private data folder, a window instead of full screen, the virtual
    reader allowed and 千代田区's postal areas as the town's (the demo and tests only)."""
    return replace(
        demo_town(config),  # the invented town has no postal areas: the demo chooses among 千代田区's
        paths=replace(config.paths, data_dir=str(data_dir)),
        kiosk=replace(config.kiosk, fullscreen=False),
        card=replace(config.card, allow_virtual_reader=True),
        printer=replace(config.printer, queue=printer_queue or config.printer.queue),
    )


def ensure_keys(config: Config) -> None:
    from kiosk.keys import init_keys

    if not (config.key_dir).exists() or not any(config.key_dir.iterdir()):
        init_keys(config.key_dir, kiosk_id=config.kiosk.id, algorithm=config.qr.algorithm)


def manual_people(family: dict, holders: int | Sequence[object | None],
                  today: dt.date | None = None) -> dict[int, ManualPerson]:
    """Members typed by hand (all but the card holders: the first ``holders``, or those with a card
    in ``holders`` by place): birth date from the sample's age, sex, and a name (the adults' then
    the children's invented names, in the household's order)."""
    today = today or dt.date.today()
    by_card = set(range(holders)) if isinstance(holders, int) else {i for i, c in enumerate(holders) if c is not None}
    out: dict[int, ManualPerson] = {}
    names = {False: iter(zip(ADULT_READINGS, ADULT_NAMES, strict=True)),  # a card holder's name is passed over too
             True: iter(zip(CHILD_READINGS, CHILD_NAMES, strict=True))}
    for i, person in enumerate(family.get("persons", [])):
        reading, name = next(names[person.get("relationship") == "child"], ("もりやま　たろう", "森山　太郎"))
        if i in by_card:
            continue
        age = int(person.get("age", 5))
        born = dt.date(today.year - age - 1, 10, 12) if (today.month, today.day) < (10, 12) else \
            dt.date(today.year - age, 10, 12)
        if isinstance(person.get("birth_date"), dt.date):
            born = person["birth_date"]
        sex = "2" if person.get("sex") == "female" else "1"
        out[i] = ManualPerson(born, sex, {"person.name": reading}, chosen={"person.name": name})
    return out


def _card(persona: str) -> Any:
    from kiosk.card.persona import load_persona
    from kiosk.card.virtual_card import VirtualCard

    return VirtualCard(load_persona(paths.PERSONAS_DIR / persona))


def parent_cards() -> list[Any]:
    return [_card(name) for name in PARENT_PERSONAS]


def family_cards() -> list[Any]:
    """The reference family's cards by place (``FAMILY_PERSONAS``; None for a member without one)."""
    return [None if name is None else _card(name) for name in FAMILY_PERSONAS]


def printer_queue_ready(name: str) -> bool:
    try:
        from kiosk.print_queue import PrintQueue

        return PrintQueue(name).state().ready
    except Exception:
        return False


def real_reader_present(config: Config) -> bool | None:
    """True: a real reader; False: pcscd answers but only virtual slots; None: no PC/SC service."""
    try:
        from kiosk.card.transport import Terminal

        return bool(Terminal(config.card.reader_pattern, allow_virtual=False).readers())
    except Exception:
        try:
            from kiosk.card.transport import Terminal

            Terminal("", allow_virtual=True).readers()
            return False
        except Exception:
            return None


@dataclass
class Setup:
    config: Config
    kiosk: Any
    simulator: Any
    cards: list[Any]


def start(config: Config, *, printer: bool = True) -> Setup:
    """Build the kiosk window for the reference journey, with the simulator on vpcd when needed."""
    from kiosk.ui import app

    ensure_keys(config)
    database = app.make_database(config)
    if database is not None:
        try:
            database.upgrade()
        except Exception as exc:
            LOG.warning("database upgrade failed: %s", type(exc).__name__)
            database = None
    port = app.load_catalogue_port(config)
    output = app.make_output(config, port, printer=printer, database=database)
    reader = real_reader_present(config)
    simulator = None
    cards = parent_cards()
    if reader is False:
        from kiosk.card.simulator import run_simulator

        simulator = run_simulator(cards[0], VPCD_HOST, VPCD_PORT, inserted=False)
    elif reader is None:
        LOG.warning("no PC/SC service: the adults are entered by hand (run under script/with-services)")
        cards = []
    kiosk = app.build(config, catalogue=port, output=output, database=database, card=bool(cards),
                      dpi=SCREEN_DPI)
    kiosk.window.resize(*SCREEN_SIZE)
    kiosk.window.show()
    return Setup(config, kiosk, simulator, cards)


def play(setup: Setup, lang: str, shots: Path | None, *, keys: bool = False,
         on_screen: Any = None, account: list[tuple[str, str]] | None = None) -> Played:
    return play_measured(setup, lang, shots, keys=keys, on_screen=on_screen, account=account)[0]


def play_measured(setup: Setup, lang: str, shots: Path | None, *, by_card: bool = True, keys: bool = False,
                  on_screen: Any = None, account: list[tuple[str, str]] | None = None,
                  ) -> tuple[Played, list[Printed]]:
    """Play the journey; also what every sheet prints, read at the confirm screen (the session is
    wiped at the end). ``by_card=False``: everyone is entered by hand, names chosen in kanji.
    ``account``: a 児童手当 account typed, the family not using its 公金受取口座 (e.g. :data:`BANK_ACCOUNT`);
    None: the family as its sample says, paid to its 公金受取口座 with no account typed."""
    family = household(public_account=None if account is None else False)
    cards = list(setup.cards) if by_card else []
    manual = manual_people(family, len(cards))
    typed = NEW_ADDRESS + (account or [])
    player = Autoplay(setup.kiosk.window, family, cards=cards, manual=manual, typed=typed,
                      simulator=setup.simulator, shots=shots, lang=lang, keys=keys, on_screen=on_screen)
    player.play_to_confirm()
    journey = setup.kiosk.window.journey
    printed = measures.session_fields((form, journey.session.form_values[form.id]) for form in journey.forms())
    return player.print_and_finish(), printed


def measure_lines(label: str, played: Played, printed: list[Printed]) -> list[str]:
    """The measures of one played journey (issue #15): taps, typed ÷ paper characters, blanks,
    names in kana, and the KLM estimate of the resident's time."""
    rec = played.record
    if rec is None:
        return [f"[{label}] no session record"]
    paper = measures.paper_characters(printed)
    blank = measures.blanks(printed)
    effort = measures.Effort(taps=rec.taps, typed=rec.typed_chars, screens=len(played.transitions))
    handwritten = sum(1 for p in printed if p.handwrite)
    counter = sum(1 for p in printed if p.counter_check)
    others = sorted({p.field_id for p in blank})
    return [
        f"[{label}] taps: {rec.taps}, typed characters: {rec.typed_chars} (PIN included), "
        f"paper characters: {paper}, typed ÷ paper: {rec.typed_chars / paper * 100 if paper else 0:.1f} % (goal ≤ 5 %)",
        f"[{label}] printed fields: {len(printed)}, blank or —: {len(blank)} "
        f"({', '.join(others) or 'none'}), handwritten (signature, seal): {handwritten}, 窓口で確認: {counter}",
        f"[{label}] names in kana where the law wants kanji: {len(measures.kana_names(printed))} (goal 0)",
        f"[{label}] KLM estimate of the resident's time: {effort.klm_seconds():.0f} s "
        f"({effort.screens} screens; K={measures.KLM_K} P={measures.KLM_P} H={measures.KLM_H} M={measures.KLM_M} s)",
    ]


def stop(setup: Setup) -> None:
    if setup.simulator is not None:
        setup.simulator.stop()
    database = setup.kiosk.window.database  # made by start(): its connections close here
    setup.kiosk.shutdown()
    if database is not None:
        database.dispose()


def play_all(config: Config, out: Path, langs: list[str]) -> list[str]:
    """Play the journey once per language; write screens, sheets and guide slips; return a summary."""
    from kiosk.ui.app import application

    application()
    data_dir = Path(tempfile.mkdtemp(prefix="kiosk-demo-"))
    queue = os.environ.get("KIOSK_TEST_PRINTER") or config.printer.queue
    cfg = demo_config(config, data_dir, printer_queue=queue)
    setup = start(cfg, printer=printer_queue_ready(queue))
    lines: list[str] = []
    failed = False
    try:
        for lang in langs:
            shots = out / "screens" / lang
            shots.mkdir(parents=True, exist_ok=True)
            played, printed = play_measured(setup, lang, shots)
            sheets_dir = out / "sheets"
            sheets_dir.mkdir(exist_ok=True)
            for form_id, pdf in played.sheets:
                (sheets_dir / f"{form_id}.pdf").write_bytes(pdf)
            if played.guide:
                (out / f"guide-{lang}.pdf").write_bytes(played.guide)
            rec = played.record
            lines.append(f"[{lang}] screens: {len(played.shots)}, sheets: {len(played.sheets)}, "
                         f"taps: {rec.taps if rec else '?'}, typed characters: {rec.typed_chars if rec else '?'}, "
                         f"prefilled fields: {rec.fields_prefilled if rec else '?'}/{rec.fields_total if rec else '?'}")
            if lang == langs[0]:
                lines += measure_lines(f"{lang} measures", played, printed)
            by_kind: dict[str, list[float]] = {}
            for name, ms in played.switches:
                by_kind.setdefault(name, []).append(ms)
            lines.append(f"[{lang}] screen transitions (input → next screen drawn, ms): " + ", ".join(
                f"{k} median {sorted(v)[len(v) // 2]:.0f} max {max(v):.0f} (n={len(v)})" for k, v in by_kind.items()))
    except PlayError as exc:
        failed = True
        lines.append(f"journey failed: {exc}")
    finally:
        stop(setup)
        gc.collect()
    if failed:
        raise PlayError("; ".join(lines[-1:]))
    if setup.simulator is None and not setup.cards:
        lines.append("note: no PC/SC service; the adults were entered by hand (run under script/with-services)")
    return lines
