"""Invented card holders for the virtual card (``assets/personas/*.yaml``).

Fields: name, name_kana (optional; not on the card, used by the demo), address, birth_date,
sex ('1','2','9','0'), my_number (fake, 12 digits with a valid check digit), pin (4 digits),
tries_left (0..3; 0 = blocked), and optional ``faults``::

    faults:
      remove_after_apdu: 4        # the card leaves when APDU 4 (since insertion) arrives; once
      status_words: {2: "6F00"}   # answer this status word to APDU n instead of processing it
      garble: utf8                # corrupt EF 0002: length | tag | utf8 | offsets | date | sex | truncate | outer_length

A staff member's card may carry the 公的個人認証AP (JPKI) with its 利用者証明用 certificate and key
(invented, for the tests: never a real key)::

    jpki:
      pin: "4826"                 # 利用者証明用暗証番号, 4 digits, its own counter
      tries_left: 3
      key: jpki/staff_sato.key.pem          # PEM, relative to the persona file's folder
      certificate: jpki/staff_sato.cert.pem # PEM or DER

Without ``jpki`` the card's JPKI AP holds no 利用者証明用 certificate (a resident's card as the
kiosk sees it: reading EF 000A answers 6A82).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypedDict, Unpack

from kiosk import paths
from kiosk.card.records import SEX_CODES, is_valid_my_number
from kiosk.errors import ConfigError

GARBLE_KINDS = ("length", "tag", "utf8", "offsets", "date", "sex", "truncate", "outer_length")


@dataclass(frozen=True)
class Faults:
    remove_after_apdu: int | None = None
    status_words: dict[int, int] = field(default_factory=dict)
    garble: str | None = None


class FaultOptions(TypedDict, total=False):
    """Keyword arguments of :func:`with_faults` and :func:`load_persona` (the fields of Faults)."""

    remove_after_apdu: int | None
    status_words: dict[int, int]
    garble: str | None


@dataclass(frozen=True)
class JpkiCredential:
    """The 利用者証明用 certificate (DER), its RSA key (PEM) and PIN of an invented staff card."""

    certificate: bytes = field(repr=False)
    key_pem: bytes = field(repr=False)
    pin: str = field(repr=False)
    tries_left: int = 3


@dataclass(frozen=True)
class Persona:
    name: str = field(repr=False)
    address: str = field(repr=False)
    birth_date: dt.date = field(repr=False)
    sex: str = field(repr=False)
    my_number: str = field(repr=False)
    pin: str = field(repr=False)
    tries_left: int = 3
    name_kana: str | None = field(default=None, repr=False)
    faults: Faults = field(default_factory=Faults)
    source: str = ""
    jpki: JpkiCredential | None = field(default=None, repr=False)


def _fail(source: str, message: str) -> ConfigError:
    return ConfigError(f"{source}: {message}", key="error.config_key", where=source)


def _jpki_from_mapping(data: object, source: str, base: Path) -> JpkiCredential:
    if not isinstance(data, dict):
        raise _fail(source, "jpki: expected a mapping")
    try:
        pin, key, certificate = str(data["pin"]), base / str(data["key"]), base / str(data["certificate"])
    except KeyError as exc:
        raise _fail(source, f"jpki: missing {exc.args[0]}") from exc
    if len(pin) != 4 or not pin.isdigit():
        raise _fail(source, "jpki.pin: exactly 4 digits")
    tries = int(data.get("tries_left", 3))
    if not 0 <= tries <= 3:
        raise _fail(source, "jpki.tries_left: 0..3")
    if not key.is_file() or not certificate.is_file():
        raise _fail(source, "jpki: key or certificate file not found")
    der = certificate.read_bytes()
    if der.startswith(b"-----BEGIN"):
        from cryptography import x509
        from cryptography.hazmat.primitives.serialization import Encoding

        der = x509.load_pem_x509_certificate(der).public_bytes(Encoding.DER)
    return JpkiCredential(certificate=der, key_pem=key.read_bytes(), pin=pin, tries_left=tries)


def persona_from_mapping(data: object, source: str = "(persona)", base: Path | None = None) -> Persona:
    if not isinstance(data, dict):
        raise _fail(source, "expected a mapping")
    try:
        birth = data["birth_date"]
        if isinstance(birth, str):
            birth = dt.date.fromisoformat(birth)
        if not isinstance(birth, dt.date):
            raise _fail(source, "birth_date: expected YYYY-MM-DD")
        sex = str(data["sex"])
        my_number = str(data["my_number"])
        pin = str(data["pin"])
        name, address = str(data["name"]), str(data["address"])
    except KeyError as exc:
        raise _fail(source, f"missing {exc.args[0]}") from exc
    if sex not in SEX_CODES:
        raise _fail(source, "sex: must be one of 1, 2, 9, 0")
    if not is_valid_my_number(my_number):
        raise _fail(source, "my_number: 12 digits with a valid check digit")
    if len(pin) != 4 or not pin.isdigit():
        raise _fail(source, "pin: exactly 4 digits")
    tries = int(data.get("tries_left", 3))
    if not 0 <= tries <= 3:
        raise _fail(source, "tries_left: 0..3")
    raw_faults = data.get("faults") or {}
    garble = raw_faults.get("garble")
    if garble is not None and garble not in GARBLE_KINDS:
        raise _fail(source, f"faults.garble: one of {', '.join(GARBLE_KINDS)}")
    status_words = {int(k): int(str(v), 16) for k, v in (raw_faults.get("status_words") or {}).items()}
    remove = raw_faults.get("remove_after_apdu")
    faults = Faults(remove_after_apdu=int(remove) if remove is not None else None,
                    status_words=status_words, garble=garble)
    jpki = data.get("jpki")
    return Persona(
        name=name, address=address, birth_date=birth, sex=sex, my_number=my_number, pin=pin,
        tries_left=tries, name_kana=data.get("name_kana"), faults=faults, source=source,
        jpki=_jpki_from_mapping(jpki, source, base or paths.PERSONAS_DIR) if jpki is not None else None,
    )


def with_faults(persona: Persona, **faults: Unpack[FaultOptions]) -> Persona:
    """The same holder with other faults: remove_after_apdu=n, status_words={n: sw}, garble=kind."""
    if faults.get("garble") is not None and faults["garble"] not in GARBLE_KINDS:
        raise ValueError(f"garble: one of {', '.join(GARBLE_KINDS)}")
    return dataclasses.replace(persona, faults=Faults(**faults))


def load_persona(path: Path | str, **faults: Unpack[FaultOptions]) -> Persona:
    """A persona file; a bare name (``adult``) means ``assets/personas/adult.yaml``. Keyword
    arguments replace the file's faults (see :func:`with_faults`)."""
    path = Path(path)
    if not path.suffix and not path.exists():
        path = paths.PERSONAS_DIR / f"{path}.yaml"
    from kiosk.catalogue.source import load_limited

    if not path.is_file():
        raise ConfigError(f"{path}: cannot read persona", key="error.config_missing", where=str(path))
    data, problems = load_limited(path, str(path))  # size, alias and depth limits (SEC-12)
    if problems:
        raise ConfigError(problems[0], key="error.config", where=str(path))
    persona = persona_from_mapping(data, source=str(path), base=path.parent)
    return with_faults(persona, **faults) if faults else persona


def shipped_personas() -> list[Path]:
    return sorted(paths.PERSONAS_DIR.glob("*.yaml"))
