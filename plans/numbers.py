"""The one rounding rule of the product, for every number a person reads: tables, charts (bar labels, hover
texts), exports and tooltips.

Round half up (0,05 → 0,1), in decimal, on the number as it is written (`str(0.15)` is "0.15", so it rounds to
0,2, where the binary float 0.1499999… would round down). Python's `round()` rounds half to even and Django's
`number_format` cuts a float's extra digits off; d3-format (Plotly) rounds the binary float. None of the three is
used to decide a displayed digit: charts receive the text computed here (plans/charts.py, indicators/charts.py).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.formats import number_format

DASH = "—"
PERCENT_PLACES = 1  # percentages: one decimal (62,8%)
INDEX_PLACES = 4  # DX index values on the 0-1 scale: four decimals (0,9287), as the DTI tables print them


def round_half_up(value, places: int = PERCENT_PLACES) -> Decimal | None:
    """`value` rounded half up to `places` decimals, as a Decimal with exactly that many; None stays None."""
    if value is None:
        return None
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value))
        return number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    except (InvalidOperation, ValueError):
        return None


def rounded(value, places: int = PERCENT_PLACES) -> float | None:
    """The rounded value as a plain number, for exports (numbers stay numbers in CSV and XLSX)."""
    number = round_half_up(value, places)
    if number is None:
        return None
    return int(number) if places == 0 else float(number)


def number_text(value, places: int = PERCENT_PLACES) -> str:
    """A number in the active language's format (Vietnamese: 1.234,5), rounded half up; "—" when unknown."""
    number = round_half_up(value, places)
    return DASH if number is None else number_format(number, places, use_l10n=True, force_grouping=True)


def percent_text(value, places: int = PERCENT_PLACES) -> str:
    """A percentage on the 0-100 scale: 62.75 → "62,8%" (Vietnamese), "62.8%" (English); "—" when unknown."""
    number = round_half_up(value, places)
    return DASH if number is None else f"{number_format(number, places, use_l10n=True)}%"


def share(part, whole) -> float | None:
    """`part` of `whole` in percent (6 of 110 → 5.4545…), divided in decimal so that an exact half stays one
    (1 of 16 → 6.25, shown 6,3%); None when the whole is empty."""
    if not whole:
        return None
    return float(Decimal(part) * 100 / Decimal(whole))
