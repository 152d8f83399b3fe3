"""Spreadsheet formulas in the tabular export, and the one escape that keeps every value exact.

A spreadsheet opening a CSV reads a cell as a formula when it starts with ``=``, and also with
``+``, ``-`` or ``@``; a leading tab or carriage return can hide one. A cell that only does
arithmetic on its own digits (a phone number ``+1 555 0100``, ``+44 (0)20 7946 0000``, a text
``-12``) reaches nothing but itself: it is data and is written as it is. Anything more (a
letter, a quote, ``!``, ``|``, ``:``, ``$``...) can call a function (``HYPERLINK``,
``WEBSERVICE``, ``IMPORTXML``), read other cells or start a program through DDE: such text
would run as a formula, and is neutralised.

The escape, one apostrophe, is unambiguous:

- **export**: a text cell gets one extra leading apostrophe when its text, after any leading
  apostrophes, would run as a formula, or when it starts with an apostrophe followed by a
  formula character (``=``, ``+``, ``-``, ``@``, tab, carriage return);
- **import**: one leading apostrophe is taken off a cell whose text, after its leading
  apostrophes, starts with a formula character.

So every value comes back exactly (``'=1`` is written ``''=1`` and read back ``'=1``;
``+1 555 0100`` is written and read as it is), and a package written before phone numbers
were left alone (``'+1 555 0100``) still imports as ``+1 555 0100``. Numbers (a latitude of
``-33.5``) are not text and are never escaped. JSON is not a spreadsheet and is never escaped.
"""

import re

APOSTROPHE = "'"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# After a leading + - or @, what arithmetic on literal numbers can hold.
ARITHMETIC = re.compile(r"[0-9\s+\-().,/*#%^]*")


def would_run(text: str) -> bool:
    """Whether a spreadsheet would run ``text`` as a formula that reaches beyond itself."""
    if not text.startswith(FORMULA_STARTS):
        return False
    if text[0] in "+-@":
        return not ARITHMETIC.fullmatch(text, 1)
    return True


def neutralised(value) -> str:
    """A cell as the export writes it."""
    if value is None:
        return ""
    if not isinstance(value, str):
        # Numbers stay numbers: a negative latitude is not a formula.
        return str(value)
    text = value.lstrip(APOSTROPHE)
    if would_run(text) or (value.startswith(APOSTROPHE) and text.startswith(FORMULA_STARTS)):
        return APOSTROPHE + value
    return value


def restored(cell: str) -> str:
    """A cell as the import reads it: ``neutralised`` undone."""
    if cell.startswith(APOSTROPHE) and cell.lstrip(APOSTROPHE).startswith(FORMULA_STARTS):
        return cell[1:]
    return cell
