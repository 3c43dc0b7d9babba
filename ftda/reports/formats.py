"""French formats for figures and dates: 939 places ; +23,7 % ; 31 décembre 2017.

Thousands are separated by a narrow no-break space (U+202F), as the French typographic
rules and the CLDR recommend; the same space sits before % and between a number and its
unit, so that they are never split across two lines.
"""

import datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

NNBSP = "\u202f"
MINUS = "\u2212"

MONTHS = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
]


def _decimal(value):
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return Decimal(int(value))
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def number(value, decimals=None, *, signed=False) -> str:
    """1234567 → "1 234 567", 12.345 → "12,3" (decimals: 0 for integers, 1 otherwise)."""
    amount = _decimal(value)
    if amount is None:
        return "–"
    if decimals is None:
        decimals = 0 if amount == amount.to_integral_value() else 1
    quantum = Decimal(1).scaleb(-decimals)
    amount = amount.quantize(quantum, rounding=ROUND_HALF_UP)
    sign = ""
    if amount < 0:
        sign = MINUS
    elif signed and amount > 0:
        sign = "+"
    digits = f"{abs(amount):.{decimals}f}"
    whole, _, fraction = digits.partition(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    text = NNBSP.join(groups)
    if fraction:
        text += "," + fraction
    return sign + text


def percent(value, decimals=1, *, signed=False) -> str:
    """23.715 → "23,7 %"; signed: "+23,7 %"."""
    if _decimal(value) is None:
        return "–"
    return f"{number(value, decimals, signed=signed)}{NNBSP}%"


def growth(value) -> str:
    """A change in percent, always signed: +23,7 % ; −5,0 % ; "–" when undefined."""
    return percent(value, 1, signed=True)


def quantity(value, unit="") -> str:
    """939 and "places" → "939 places"; a "%" unit gives a percentage."""
    if unit == "%":
        return percent(value)
    text = number(value)
    return f"{text}{NNBSP}{unit}" if unit and text != "–" else text


def date_long(value) -> str:
    """31 décembre 2017; 1er janvier 2018."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        value = datetime.date.fromisoformat(value[:10])
    day = "1er" if value.day == 1 else str(value.day)
    return f"{day} {MONTHS[value.month - 1]} {value.year}"


def period_long(start, end) -> str:
    """Année 2017, or du 1er mars 2016 au 28 février 2017."""
    if isinstance(start, str):
        start = datetime.date.fromisoformat(start)
    if isinstance(end, str):
        end = datetime.date.fromisoformat(end)
    if (start.month, start.day, end.month, end.day) == (1, 1, 12, 31) and start.year == end.year:
        return f"année {start.year}"
    return f"du {date_long(start)} au {date_long(end)}"
