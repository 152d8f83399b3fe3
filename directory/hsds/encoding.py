"""Text and numbers as an upload carries them, before anything trusts them.

An upload is UTF-8 (after any byte-order marks); JSON numbers are read so that none can stop
the reader (Python refuses to turn more than 4,300 digits into an int, and reads ``1e999`` as
infinity and ``NaN`` as a float); text that PostgreSQL cannot store (a NUL character) or that
is not Unicode at all (an unpaired surrogate, which JSON's ``\\ud800`` escapes can make) is
found before it reaches the database; and whatever an upload says is shown back escaped.
"""

import codecs
import json
import math
from dataclasses import dataclass

from django.utils.translation import gettext as _

from directory.hsds.report import Refused

# More digits than any field holds (a 64-bit integer has 19): such a number is kept as its
# text, so that the field it is in can say so.
MAX_INTEGER_DIGITS = 18
BYTE_ORDER_MARK = "\ufeff"
WIDE_MARKS = {
    codecs.BOM_UTF32_LE: "UTF-32",
    codecs.BOM_UTF32_BE: "UTF-32",
    codecs.BOM_UTF16_LE: "UTF-16",
    codecs.BOM_UTF16_BE: "UTF-16",
}


@dataclass(frozen=True)
class OddNumber:
    """A JSON number no field can hold: ``text`` as written (``NaN``, ``1e999``, 5,000 digits)."""

    text: str

    @property
    def constant(self) -> bool:
        return self.text in ("NaN", "Infinity", "-Infinity")

    @property
    def digits(self) -> int:
        return sum(character.isdigit() for character in self.text)


def _integer(text: str):
    if len(text.lstrip("-")) > MAX_INTEGER_DIGITS:
        return OddNumber(text)
    return int(text)


def _float(text: str):
    number = float(text)
    return number if math.isfinite(number) else OddNumber(text)


def utf8_text(raw: bytes, name: str | None = None) -> str:
    """``raw`` as text, or ``Refused`` naming the file (``name``; None for the upload)."""
    for mark, encoding in WIDE_MARKS.items():
        if raw.startswith(mark):
            if name is None:
                message = _("The file is %(encoding)s text: save it as UTF-8 and upload it again.")
            else:
                message = _("%(name)s is %(encoding)s text: save it as UTF-8 and upload it again.")
            raise Refused(message % {"encoding": encoding, "name": name})
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        if name is None:
            raise Refused(_("The file is not UTF-8 text.")) from error
        raise Refused(_("%(name)s is not UTF-8 text.") % {"name": name}) from error
    # Editors that add a byte-order mark to a file that has one already leave two.
    return text.lstrip(BYTE_ORDER_MARK)


def json_loads(text: str, name: str | None = None):
    """JSON as ``json.loads`` reads it, except numbers no field can hold (``OddNumber``), or
    ``Refused`` naming the file (``name``; None for the upload) and where it is not JSON."""
    try:
        return json.loads(text, parse_int=_integer, parse_float=_float, parse_constant=OddNumber)
    except json.JSONDecodeError as error:
        where = {"reason": error.msg, "line": error.lineno, "column": error.colno, "name": name}
        if name is None:
            message = _(
                "The file is not valid JSON: %(reason)s (line %(line)d, column %(column)d)."
            )
        else:
            message = _(
                "%(name)s is not valid JSON: %(reason)s (line %(line)d, column %(column)d)."
            )
        raise Refused(message % where) from error
    except RecursionError as error:
        if name is None:
            raise Refused(_("The file is nested too deeply to be HSDS.")) from error
        raise Refused(_("%(name)s is nested too deeply.") % {"name": name}) from error


def unstorable(text: str) -> str | None:
    """Why ``text`` cannot be stored, or None."""
    if "\x00" in text:
        return _("holds a NUL character (U+0000), which cannot be stored")
    if text.isascii():
        return None
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as error:
        return _("holds an unpaired surrogate (U+%(code)04X), which is not a character") % {
            "code": ord(error.object[error.start])
        }
    return None


def shown(text: str, limit: int = 40) -> str:
    """Text an upload holds, to be quoted in a message: at most ``limit`` characters, and
    every character that does not print (controls, surrogates) written as its escape."""
    text = text[:limit]
    if text.isprintable():
        return text
    return "".join(
        character
        if character.isprintable()
        else character.encode("unicode_escape", "backslashreplace").decode("ascii")
        for character in text
    )
