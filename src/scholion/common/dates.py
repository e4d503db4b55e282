"""Reading the ISO 8601 normalizations TEI puts on `<date>`, and naming them for people."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass

from ..model import Node

DATE_ATTRS = ("when", "from", "to", "notBefore", "notAfter")
# ISO 8601 as TEI's att.datable.w3c allows: a year, year-month, or a full date (plus time).
_ISO_DATE = re.compile(r"^-?\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?"
                       r"(T\d{2}:\d{2}(:\d{2})?)?$")


def is_iso_date(value: str) -> bool:
    if not _ISO_DATE.match(value):
        return False
    parts = value.lstrip("-").split("T")[0].split("-")
    if len(parts) == 3:
        year, month, day = (int(p) for p in parts)
        return day <= calendar.monthrange(year, month)[1]
    return True


@dataclass(frozen=True, order=True)
class DateValue:
    """A normalized date, span (@from/@to) or vague range (@notBefore/@notAfter).

    Orders chronologically by its start. `key` writes it in ISO 8601 / EDTF notation:
    `1974-04-18`, `1981/..` (since 1981), `1974/1975` (a span), `[1974..1975]` (some
    time between).
    """

    start: str
    end: str = ""
    exact: bool = True

    @property
    def key(self) -> str:
        if self.exact:
            if self.start == self.end:
                return self.start
            return f"{self.start or '..'}/{self.end or '..'}"
        return f"[{self.start}..{self.end}]"

    @property
    def anchor(self) -> str:
        readable = self.key.replace("..", "open") if self.exact else "about-" + self.key
        return "date-" + re.sub(r"[^0-9A-Za-z]+", "-", readable).strip("-")

    @property
    def label(self) -> str:
        start, end = human(self.start), human(self.end)
        if self.exact:
            if self.start == self.end:
                return start
            if start and end:
                return f"{start} to {end}"
            return f"from {start}" if start else f"until {end}"
        if start and end:
            return f"between {start} and {end}"
        return f"not before {start}" if start else f"not after {end}"


def date_value(node: Node) -> DateValue | None:
    """The normalization of a TEI `<date>`, or None when it carries no valid one."""
    values = {a: node.get(a) for a in DATE_ATTRS if node.get(a)}
    if not values or not all(is_iso_date(v) for v in values.values()):
        return None
    if "when" in values:
        return DateValue(values["when"], values["when"])
    if "from" in values or "to" in values:
        return DateValue(values.get("from", ""), values.get("to", ""))
    return DateValue(values.get("notBefore", ""), values.get("notAfter", ""), exact=False)


def human(value: str) -> str:
    """'1974-04-18' → '18 April 1974'; '1974-05' → 'May 1974'; '1974' → '1974'."""
    if not value:
        return ""
    sign, value = ("-", value[1:]) if value.startswith("-") else ("", value)
    parts = value.split("T")[0].split("-")
    parts[0] = sign + parts[0]
    if len(parts) == 3:
        return f"{int(parts[2])} {calendar.month_name[int(parts[1])]} {parts[0]}"
    if len(parts) == 2:
        return f"{calendar.month_name[int(parts[1])]} {parts[0]}"
    return parts[0]
