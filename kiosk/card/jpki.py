"""A session with the 公的個人認証AP (JPKI) of a My Number Card: the 利用者証明用 (user
authentication) certificate, its PIN and its key, for staff sign-in (SEC-09).

Facts: OpenSC ``src/libopensc/card-jpki.c`` / ``jpki.h`` and the reference notes §2, §5.1::

    SELECT AP   00 A4 04 0C 0A D3 92 F0 00 26 01 00 00 00 01
    certificate SELECT EF 000A → READ BINARY 4 bytes (30 82 HH LL) → READ BINARY the rest (free)
    PIN         SELECT EF 0018 → empty VERIFY (63Cx, costs nothing) → VERIFY 4 ASCII digits
    sign        SELECT EF 0017 → 80 2A 00 80 Lc DigestInfo(SHA-256) 00 → 256-byte RSA signature

The PIN rules are the Kenhojo session's (:class:`kiosk.card.reader.PinSession`): tries read
before the PIN is asked for, only four ASCII digits sent, no VERIFY to a blocked key, nothing
retried, the PIN buffer overwritten. This key's counter is its own: a wrong PIN here costs
nothing of the 券面事項入力補助用 PIN. The certificate carries no name, address or 個人番号.
"""

from __future__ import annotations

from kiosk.card import apdu
from kiosk.card.errors import CardDataError, NoAuthCertificate, UnexpectedStatus
from kiosk.card.reader import PinSession

CHUNK = 256  # short Le (00) per READ BINARY
MAX_CERTIFICATE = 0x2000  # an RSA-2048 certificate is about 1.5 kB; anything near this is garbage


class JpkiSession(PinSession):
    """One conversation with the JPKI AP of the card on the reader; create it per insertion."""

    aid = apdu.JPKI_AID
    pin_ef = apdu.EF_AUTH_PIN
    ap_name = "JPKI"

    def read_auth_certificate(self) -> bytes:
        """The 利用者証明用 certificate (DER) as the card holds it; no PIN needed. Raises
        :class:`NoAuthCertificate` when the card has none (EF 000A absent)."""
        if not self._selected:
            self.select()
        response = self._send(apdu.select_ef(apdu.EF_AUTH_CERT))
        if response.sw == 0x6A82:
            self._current_ef = None
            raise NoAuthCertificate("EF 000A absent")
        if not response.ok:
            raise UnexpectedStatus("select-auth-cert", response.sw)
        self._current_ef = apdu.EF_AUTH_CERT
        head = self._send(apdu.read_binary(0, 4))
        if head.sw == 0x6B00 or (head.ok and len(head.data) < 4):
            raise CardDataError("auth certificate: empty file")
        if not head.ok:
            raise UnexpectedStatus("read-auth-cert", head.sw)
        if head.data[:2] != b"\x30\x82":
            raise CardDataError("auth certificate: not a DER SEQUENCE with a two-byte length")
        total = int.from_bytes(head.data[2:4], "big") + 4
        if total > MAX_CERTIFICATE:
            raise CardDataError(f"auth certificate: length {total} is impossible")
        data = bytearray(head.data[:4])
        while len(data) < total:
            response = self._send(apdu.read_binary(len(data), min(CHUNK, total - len(data))))
            if not response.ok:
                if response.sw == 0x6B00:
                    break
                raise UnexpectedStatus("read-auth-cert", response.sw)
            if not response.data:
                break
            data.extend(response.data)
        if len(data) < total:
            raise CardDataError("auth certificate: file shorter than its header says")
        return bytes(data[:total])

    def sign(self, digest: bytes) -> bytes:
        """Sign a SHA-256 ``digest`` with the 利用者証明用 key (RSA PKCS#1 v1.5, padded by the
        card). Needs a successful :meth:`verify` in this card session first (else 6982)."""
        if not self._selected:
            self.select()
        self._select_ef(apdu.EF_AUTH_KEY, "select-auth-key")
        response = self._send(apdu.compute_signature(digest))
        if not response.ok:
            raise UnexpectedStatus("sign", response.sw)
        if len(response.data) != 256:
            raise CardDataError(f"signature of {len(response.data)} bytes, expected 256")
        return response.data
