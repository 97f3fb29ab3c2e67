"""The 公的個人認証AP (JPKI) of the virtual card: the 利用者証明用 certificate (EF 000A, free to
read), its PIN key (EF 0018, 3 tries, its own counter) and its RSA-2048 key (EF 0017), with the
status words of the reference notes: 63Cx / 63C0 / 6984 for the PIN, 6982 for a signature asked
before the PIN, 6A82 for an absent file (a card without a 利用者証明用 certificate: every EF),
6A80 for data that is not a SHA-256 DigestInfo.

The key and certificate come from the persona (:class:`kiosk.card.persona.JpkiCredential`):
invented for the tests, never a real card's."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kiosk.card import apdu
from kiosk.card.persona import JpkiCredential

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey

MAX_TRIES = 3


class JpkiApplet:
    """The JPKI AP's files and PIN counter; volatile state (current EF, PIN verified) is cleared
    by :meth:`reset` (power off/on, reset, SELECT of an AP), the counter is kept."""

    def __init__(self, credential: JpkiCredential | None) -> None:
        self.credential = credential
        self.tries = credential.tries_left if credential is not None else 0
        self._key: RSAPrivateKey | None = None
        if credential is not None:
            from cryptography.hazmat.primitives.asymmetric import rsa
            from cryptography.hazmat.primitives.serialization import load_pem_private_key

            key = load_pem_private_key(credential.key_pem, password=None)
            if not isinstance(key, rsa.RSAPrivateKey):
                raise ValueError("a JPKI key is RSA")
            self._key = key
        self.reset()

    def reset(self) -> None:
        self.current_ef: int | None = None
        self.verified = False

    @property
    def files(self) -> set[int]:
        if self.credential is None:
            return set()
        return {apdu.EF_AUTH_CERT, apdu.EF_AUTH_KEY, apdu.EF_AUTH_PIN}

    def select_ef(self, fid: int) -> int:
        if fid not in self.files:
            return 0x6A82
        self.current_ef = fid
        return 0x9000

    def verify(self, c: apdu.Command) -> int:
        if c.p2 != 0x80 or self.current_ef != apdu.EF_AUTH_PIN or self.credential is None:
            return 0x6A88
        if not c.data:  # query: tries left, costs nothing
            return 0x63C0 | self.tries
        if self.tries == 0:
            return 0x6984
        if c.data == self.credential.pin.encode("ascii"):
            self.tries = MAX_TRIES
            self.verified = True
            return 0x9000
        self.tries -= 1
        self.verified = False
        return 0x63C0 | self.tries

    def read_binary(self, c: apdu.Command) -> tuple[bytes, int]:
        if c.le is None:
            return b"", 0x6700
        if c.p1 & 0x80:
            return b"", 0x6A82  # no short file identifiers here
        if self.current_ef is None:
            return b"", 0x6986
        if self.current_ef != apdu.EF_AUTH_CERT or self.credential is None:
            return b"", 0x6981  # a key cannot be read
        offset = (c.p1 << 8 | c.p2) & 0x7FFF
        content = self.credential.certificate
        if offset >= len(content):
            return b"", 0x6B00
        return content[offset:offset + c.le], 0x9000

    def sign(self, c: apdu.Command) -> tuple[bytes, int]:
        if c.p1 != 0x00 or c.p2 != 0x80:
            return b"", 0x6A86
        if self.current_ef != apdu.EF_AUTH_KEY or self._key is None:
            return b"", 0x6985 if self.current_ef is not None else 0x6986
        if not self.verified:
            return b"", 0x6982
        info = apdu.SHA256_DIGEST_INFO
        if len(c.data) != len(info) + 32 or not c.data.startswith(info):
            return b"", 0x6A80
        from cryptography.hazmat.primitives import hashes
        from cryptography.hazmat.primitives.asymmetric import padding, utils

        signature = self._key.sign(c.data[len(info):], padding.PKCS1v15(), utils.Prehashed(hashes.SHA256()))
        return signature, 0x9000
