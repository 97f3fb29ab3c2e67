"""Typed outcomes of a card read. Each carries a resident-facing message key in
``locales/<lang>/card.yaml``; ``detail`` is for operators and never holds personal data."""

from __future__ import annotations

from kiosk.errors import CardError


class NoReader(CardError):
    """No usable PC/SC reader (none plugged in, pcscd down, or only excluded readers)."""

    key = "card.no_reader"


class NoCard(CardError):
    """The reader is there but no card lies on it."""

    key = "card.no_card"


class CardRemoved(CardError):
    """The card left the reader (or the reader went away) during the session."""

    key = "card.removed"


class NotMyNumberCard(CardError):
    """The card does not answer the 券面事項入力補助AP (SELECT by AID fails)."""

    key = "card.not_my_number_card"


class WrongPin(CardError):
    """VERIFY failed; ``tries_left`` (≥ 1) more wrong entries are possible before the lock."""

    key = "card.wrong_pin"

    def __init__(self, tries_left: int, detail: str = "") -> None:
        super().__init__(detail or f"wrong PIN, {tries_left} tries left", tries_left=tries_left)
        self.tries_left = tries_left


class CardBlocked(CardError):
    """The PIN of the key asked (券面事項入力補助用, or a staff card's 利用者証明用) is locked
    (63C0, 6983 or 6984); only the town hall's counter can reset it.

    ``just_now`` is True when the last VERIFY of this session used up the final try."""

    key = "card.blocked"

    def __init__(self, detail: str = "", *, just_now: bool = False) -> None:
        super().__init__(detail or "PIN blocked", tries_left=0)
        self.tries_left = 0
        self.just_now = just_now


class InvalidPin(CardError):
    """The entered PIN is not exactly four digits; nothing was sent to the card."""

    key = "card.pin_format"


class CardDataError(CardError):
    """A record on the card could not be parsed (garbled TLV, bad UTF-8, impossible date…)."""

    key = "card.garbled"


class UnexpectedStatus(CardError):
    """The card answered a status word the protocol does not allow at that step."""

    key = "card.failed"

    def __init__(self, step: str, sw: int) -> None:
        super().__init__(f"{step}: unexpected status word {sw:04X}", step=step, sw=f"{sw:04X}")
        self.step = step
        self.sw = sw


class NoAuthCertificate(CardError):
    """The card's 公的個人認証AP holds no 利用者証明用 certificate (EF 000A answers 6A82): not a
    card enrolled for staff sign-in (a resident's card placed by mistake, for one)."""

    key = "staff_card.not_staff_card"
