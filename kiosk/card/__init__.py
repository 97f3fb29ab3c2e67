"""My Number Card reading (券面事項入力補助AP) over PC/SC, and a faithful virtual card.

Qt-free. Layers: :mod:`apdu` (commands, status words), :mod:`tlv` (lenient BER-TLV),
:mod:`records` (基本4情報, 個人番号), :mod:`reader` (the read session and its rules),
:mod:`jpki` (the 公的個人認証AP's 利用者証明用 certificate, PIN and signature: staff cards),
:mod:`transport` (pyscard: reader choice, monitoring, recovery), :mod:`simulator` /
:mod:`virtual_card` / :mod:`virtual_jpki` / :mod:`persona` (the virtual card behind pcscd's vpcd).
"""

from kiosk.card.errors import (
    CardBlocked,
    CardDataError,
    CardRemoved,
    InvalidPin,
    NoCard,
    NoReader,
    NotMyNumberCard,
    UnexpectedStatus,
    WrongPin,
)
from kiosk.card.reader import CardRead, KenhojoSession, read_card
from kiosk.card.records import BasicInfo, MyNumber, parse_basic_info, parse_my_number

__all__ = [
    "BasicInfo", "CardBlocked", "CardDataError", "CardRead", "CardRemoved", "InvalidPin",
    "KenhojoSession", "MyNumber", "NoCard", "NoReader", "NotMyNumberCard", "UnexpectedStatus",
    "WrongPin", "parse_basic_info", "parse_my_number", "read_card",
]
