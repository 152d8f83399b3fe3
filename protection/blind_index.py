"""Blind indexes: keyed HMACs of normalized values, for exact-match search and duplicates.

Equivalent spellings of a name ("José  García", "jose garcia", "JOSÉ-GARCÍA") normalize to the
same text and so to the same index; the index is HMAC-SHA256 under the index key (not a data
key, not a KEK), so it reveals nothing without that key and lookups never decrypt anything.
Each kind has its own domain, so a name and a phone number never share an index value.
"""

import datetime
import hashlib
import hmac
import re
import unicodedata
from collections.abc import Callable

import phonenumbers
from django.conf import settings

from protection.keyring import get_keyring

# Apostrophes join ("O'Brien" = "OBrien"); every other run of punctuation or spacing is one
# separator ("Mary-Ann" = "Mary Ann").
_APOSTROPHES = re.compile(r"['\u2018\u2019\u02bc\u02b9`\u00b4]")
_SEPARATORS = re.compile(r"[\W_]+")


class UnindexableValue(ValueError):
    """A value cannot be normalized for its kind (a date that is not a date)."""


def normalize_name(value: str) -> str:
    text = unicodedata.normalize("NFKC", str(value)).casefold()
    decomposed = unicodedata.normalize("NFKD", text)
    text = "".join(char for char in decomposed if not unicodedata.combining(char))
    # Dotless i (U+0131) upper-cases to I: a name typed on another keyboard must still match.
    text = text.replace("\u0131", "i")
    text = _APOSTROPHES.sub("", text)
    return _SEPARATORS.sub(" ", text).strip()


def normalize_date(value) -> str:
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    try:
        return datetime.date.fromisoformat(str(value).strip()).isoformat()
    except ValueError:
        raise UnindexableValue("The value is not an ISO date (YYYY-MM-DD).") from None


def normalize_phone(value: str) -> str:
    """E.164 when the number parses in the configured region; digits only otherwise.

    The fallback keeps numbers that phonenumbers cannot place (short codes, typos) searchable
    by the same digits, instead of refusing to save them.
    """
    text = unicodedata.normalize("NFKC", str(value)).strip()
    try:
        number = phonenumbers.parse(text, settings.PHONE_REGION)
    except phonenumbers.NumberParseException:
        number = None
    if number is not None and phonenumbers.is_possible_number(number):
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    return "digits:" + "".join(char for char in text if char.isdigit())


NORMALIZERS: dict[str, Callable[[object], str]] = {
    "name": normalize_name,
    "date": normalize_date,
    "phone": normalize_phone,
}


def blind_index_for(kind: str, value) -> str | None:
    """The blind index of ``value`` as a ``kind`` ("name", "date", "phone"); None if empty.

    Use it to search: ``Vault.objects.filter(legal_name_index=blind_index_for("name", text))``.
    """
    try:
        normalize = NORMALIZERS[kind]
    except KeyError:
        raise ValueError(f"Unknown blind index kind {kind!r}.") from None
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    normalized = normalize(value)
    if not normalized or normalized == "digits:":
        return None
    message = f"alongside.index.v1|{kind}|{normalized}".encode()
    return hmac.new(get_keyring().index_key, message, hashlib.sha256).hexdigest()
