"""The reference family's 児童手当 bank account (the family not using its 公金受取口座), entered on
the kiosk by choosing (bank and branch from the 全銀 codes, the number on the number pad, the 名義
from the confirmed reading), is printed on the sheet and kept nowhere once the session is over:
not on screen, not in the database, the metrics or the log (PRIV-08, PRIV-10). The same for an
account at ゆうちょ銀行 entered as the passbook's 記号・番号: the sheet and its QR carry the
converted 店番, 口座番号 and 預金種目. Run under ``script/with-services`` (real card, CUPS queue)."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PySide6.QtWidgets import QApplication

from kiosk.ui import reference

from .helpers import screen_text

ACCOUNT_NUMBER = dict(reference.BANK_ACCOUNT)["bank.account_number"]
HOLDER = "モリヤマ\u3000ダイスケ"  # the first parent's reading, confirmed after the card read


@pytest.fixture
def kiosk_setup(log_file, kiosk_setup):
    """The reference kiosk (tests/ui/conftest.py), started with the log file already listening."""
    return kiosk_setup


def _pdf_text(pdf: bytes) -> str:
    doc = pdfium.PdfDocument(pdf)
    try:
        return "".join("".join(page.get_textpage().get_text_range().split()) for page in doc)
    finally:
        doc.close()


def _qr_household(pdf: bytes, setup) -> dict:
    """The household values the sheet's KS1 code carries, read back from the printed PDF and verified
    against the kiosk's own key."""
    import datetime as dt

    import zxingcpp

    from kiosk.catalogue.loader import load_catalogue
    from kiosk.keys import load_signer
    from kiosk.ks1 import Authentic, MemoryTrustStore, TrustEntry, verify

    doc = pdfium.PdfDocument(pdf)
    try:
        codes = [bytes(found.bytes).decode("ascii") for page in doc
                 for found in zxingcpp.read_barcodes(page.render(scale=300 / 72, grayscale=True).to_pil(),
                                                     formats=zxingcpp.BarcodeFormat.QRCode)]
    finally:
        doc.close()
    signer = load_signer(setup.config.key_dir)
    now = dt.datetime.now(dt.UTC)
    trust = MemoryTrustStore([TrustEntry(signer.kid, signer.algorithm, signer.private_key.public_key(),
                                         setup.config.kiosk.id, now - dt.timedelta(days=1))])
    verdict = verify(codes, trust=trust, now=now, catalogue=load_catalogue())
    assert isinstance(verdict, Authentic), verdict
    return verdict.household


ZENGIN = (reference.BANK_ACCOUNT, ("みずほ(0001)", "渋谷(210)", ACCOUNT_NUMBER), [ACCOUNT_NUMBER], [])
# ゆうちょ: 記号 14090 番号 87654321 → 店番 408 (四〇八), 口座番号 8765432, 普通 (invented)
YUCHO = (reference.YUCHO_ACCOUNT, ("ゆうちょ(9900)", "四〇八(408)", "8765432"), ["8765432", "87654321"], ["14090"])


@pytest.mark.parametrize(("keys", "account"), [(False, ZENGIN), (True, ZENGIN), (True, YUCHO)],
                         ids=["touch", "keys", "yucho-keys"])
def test_priv08_priv10_the_bank_account_is_printed_and_kept_nowhere_after_the_session(kiosk_setup, log_file,
                                                                                       keys, account) -> None:
    """By touch, and by keys alone (A11Y-10: Tab to the number pad and to the candidate, Enter)."""
    typed, printed_values, numbers, on_screen_only = account
    played = reference.play(kiosk_setup, "ja", None, keys=keys, account=typed)
    assert played.record.ending == "completed"
    sheets = dict(played.sheets)
    text = _pdf_text(sheets["jidoteate"])
    for printed in (*printed_values, "モリヤマダイスケ"):
        assert printed in text, printed
    if typed is reference.YUCHO_ACCOUNT:  # the QR carries the converted codes and the 預金種目 of 通常貯金
        household = _qr_household(sheets["jidoteate"], kiosk_setup)
        assert (household["bank.name"], household["bank.branch"], household["bank.account_number"],
                household["bank.account_type"]) == ("9900", "9900408", "8765432", "ordinary")
    QApplication.processEvents()
    canaries = [*numbers, HOLDER, HOLDER.replace("\u3000", " "), "モリヤマダイスケ"]
    window = kiosk_setup.kiosk.window
    assert [c for c in canaries + on_screen_only if c in screen_text(window)] == []
    hits = []
    for path in Path(kiosk_setup.config.data_dir).rglob("*"):  # the SQLite database (records, metrics) and all
        if path.is_file():
            data = path.read_bytes()
            hits += [f"{path.name}: {c}" for c in canaries if c.encode("utf-8") in data]
    assert hits == []
    log_text = log_file.read_text(encoding="utf-8")
    assert "print job" in log_text  # the log was written during the journey
    assert [c for c in canaries + on_screen_only if c in log_text] == []
    database = window.database
    assert database is not None
    from sqlalchemy import MetaData, select

    with database.session() as s:  # every row of every table, as text
        meta = MetaData()
        meta.reflect(bind=s.get_bind())
        rows = [str(tuple(row)) for table in meta.sorted_tables for row in s.execute(select(table))]
    assert rows, "the database recorded nothing"
    assert [c for c in canaries if any(c in row for row in rows)] == []
