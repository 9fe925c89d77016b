"""Quarters, the periods reports cover: `2026-Q3` is 1 July to 30 September 2026."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

PERIOD = re.compile(r"^(?P<year>\d{4})-Q(?P<quarter>[1-4])$", re.IGNORECASE)
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")


@dataclass(frozen=True, order=True)
class Period:
    year: int
    quarter: int

    @classmethod
    def parse(cls, text: str) -> Period:
        """`2026-Q3` (any case, spaces around it ignored); ValueError saying how to write one."""
        match = PERIOD.match(str(text).strip())
        if not match:
            raise ValueError(f"'{text}' is not a quarter; write the year and the quarter as 2026-Q3 "
                             "(Q1 is January to March, Q4 October to December)")
        return cls(int(match.group("year")), int(match.group("quarter")))

    def __str__(self) -> str:
        return f"{self.year}-Q{self.quarter}"

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, 3 * self.quarter - 2, 1)

    @property
    def end(self) -> dt.date:
        """The last day of the quarter."""
        return self.next.start - dt.timedelta(days=1)

    @property
    def next(self) -> Period:
        return Period(self.year + 1, 1) if self.quarter == 4 else Period(self.year, self.quarter + 1)

    @property
    def previous(self) -> Period:
        return Period(self.year - 1, 4) if self.quarter == 1 else Period(self.year, self.quarter - 1)

    @property
    def label(self) -> str:
        """'July to September 2026'."""
        return f"{MONTHS[3 * self.quarter - 3]} to {MONTHS[3 * self.quarter - 1]} {self.year}"

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.end

    @classmethod
    def of(cls, day: dt.date) -> Period:
        return cls(day.year, (day.month - 1) // 3 + 1)
