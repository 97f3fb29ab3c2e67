"""PRIV: logs carry ids and codes, never names, addresses, PINs or My Numbers."""

from __future__ import annotations

import logging

from kiosk import log

CANARY_NAME = "試験　花子カナリア"
CANARY_ADDRESS = "架空県みどり町カナリア1-2-3"


def _read_all(tmp_path) -> str:
    return "".join(p.read_text(encoding="utf-8") for p in (tmp_path / "logs").glob("kiosk.log*"))


def test_filter_withholds_protected_values_and_number_shapes(tmp_path, caplog):
    handler = logging.FileHandler(tmp_path / "out.log", encoding="utf-8")
    handler.addFilter(log.PersonalDataFilter())
    logger = logging.getLogger("test.priv")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        log.forget_all()  # only this test's values (a session an earlier test left open may have added some)
        log.protect(CANARY_NAME, CANARY_ADDRESS)
        logger.info("read card for %s", CANARY_NAME)
        logger.info("address %s", CANARY_ADDRESS)
        logger.info("number 1234 5678 9018")  # the shape of a 個人番号
        logger.info("PIN: 4321 entered")
        logger.info("sheet %s issued for form %s", "a1b2c3", "kokuho")
        try:
            raise ValueError(CANARY_NAME)
        except ValueError:
            logger.exception("failure")
    finally:
        logger.removeHandler(handler)
        handler.close()
        log.forget_all()
    text = (tmp_path / "out.log").read_text(encoding="utf-8")
    assert CANARY_NAME not in text
    assert CANARY_ADDRESS not in text
    assert "9018" not in text and "4321" not in text
    assert text.count("record withheld") == 5
    assert "sheet a1b2c3 issued for form kokuho" in text  # ids and codes pass


def test_forgotten_values_are_no_longer_withheld(tmp_path):
    log.protect("カナリア太郎")
    assert log.carries_personal_data("x カナリア太郎 y")
    log.forget_all()
    assert not log.carries_personal_data("x カナリア太郎 y")


def test_a_latin_value_is_withheld_where_it_stands_alone_and_a_kanji_one_anywhere():
    """A household's codes and romaji are protected too (a relationship ``head``, a name
    ``Smith``): a record carrying them as a word is withheld, one where they are only part of
    a longer word is kept ("headphone jack: plugged" is the kiosk's own, in every session with a
    head of household); a value in kanji or kana is found inside any text (no spaces in
    Japanese)."""
    log.forget_all()
    try:
        log.protect("head", "Smith", "森山", "09099990000", "2026-11-27")
        assert not log.carries_personal_data("headphone jack: plugged")
        assert not log.carries_personal_data("Smithsonian grant form issued")
        assert not log.carries_personal_data("call 0909999000012 queued")  # another, longer number
        assert log.carries_personal_data("relationship head set")
        assert log.carries_personal_data("read card for Smith, John")
        assert log.carries_personal_data("(head)")
        assert log.carries_personal_data("宛名は森山花さん")
        assert log.carries_personal_data("tel:09099990000")
        assert log.carries_personal_data("moved 2026-11-27T00:00")
    finally:
        log.forget_all()


def test_setup_writes_rotating_file(tmp_path):
    root = logging.getLogger()
    before = list(root.handlers)
    log._CONFIGURED = False
    try:
        log.setup(tmp_path / "logs", stderr=False)
        log.protect(CANARY_NAME)
        logging.getLogger("kiosk.test").warning("person %s", CANARY_NAME)
        logging.getLogger("kiosk.test").warning("kiosk %s started", "kiosk-01")
        for h in root.handlers:
            h.flush()
        text = _read_all(tmp_path)
        assert "kiosk kiosk-01 started" in text
        assert CANARY_NAME not in text
    finally:
        for h in list(root.handlers):
            if h not in before:
                root.removeHandler(h)
                h.close()
        log._CONFIGURED = False
        log.forget_all()
