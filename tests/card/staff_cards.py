"""Staff cards for the tests: the shipped staff persona (staff_sato) and other invented staff
cards made on the spot (a new RSA-2048 key and an O=JPKI-TEST-INVENTED certificate)."""

from __future__ import annotations

import dataclasses
import datetime as dt

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

from kiosk.card.persona import JpkiCredential, Persona, load_persona

STAFF_PIN = "4826"  # staff_sato's 利用者証明用 PIN (assets/personas/staff_sato.yaml)
PASSWORD = "correct horse battery"


def invented_certificate(key: rsa.RSAPrivateKey, *, not_after: dt.datetime, serial: int = 2) -> bytes:
    name = x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "JP"),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, "JPKI-TEST-INVENTED")])
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, f"JPKI-TEST-INVENTED-AUTH-{serial:04d}")])
    certificate = (x509.CertificateBuilder().subject_name(subject).issuer_name(name).public_key(key.public_key())
                   .serial_number(serial).not_valid_before(not_after - dt.timedelta(days=5 * 365))
                   .not_valid_after(not_after).sign(key, hashes.SHA256()))
    return certificate.public_bytes(serialization.Encoding.DER)


def staff_persona(*, new_key: bool = False, not_after: dt.datetime | None = None, pin: str = STAFF_PIN,
                  tries_left: int = 3) -> Persona:
    """staff_sato; with ``new_key`` or ``not_after``, the same holder with another card's key."""
    persona = load_persona("staff_sato")
    assert persona.jpki is not None
    if not new_key and not_after is None:
        return dataclasses.replace(persona, jpki=dataclasses.replace(persona.jpki, pin=pin, tries_left=tries_left))
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    until = not_after or dt.datetime.now(dt.UTC).replace(microsecond=0) + dt.timedelta(days=900)
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption())
    return dataclasses.replace(persona, jpki=JpkiCredential(invented_certificate(key, not_after=until), pem, pin,
                                                            tries_left))
