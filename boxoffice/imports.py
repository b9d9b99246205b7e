"""Reading a weekend chart file (CSV or JSON) into raw rows that remember their line numbers.

Only the file's shape is checked here (encoding, syntax, known columns); the values are
validated by `boxoffice.services.weekend_chart_import`, which reports every problem with the
line it is on.

CSV: a header line, then one film per line (line 1 is the header, the first film is line 2):

    rank,title,year,external_id,imdb_id,distributor,weekend_gross,total_gross,theater_count,
    change_percent,weeks_in_release,source        (one line in the file; only the first three are required)

JSON: either a list of entry objects with the same keys, or an object that also says which
chart it is:

    {"region": "US", "period_start": "2023-07-21", "period_end": "2023-07-23",
     "currency": "USD", "source": "https://...", "entries": [{"rank": 1, "title": "Barbie", ...}]}
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError

ROW_FIELDS = (
    "rank", "title", "year", "external_id", "imdb_id", "distributor", "weekend_gross", "total_gross",
    "theater_count", "change_percent", "weeks_in_release", "source",
)  # fmt: skip
REQUIRED_FIELDS = ("rank", "title", "weekend_gross")
CHART_FIELDS = ("region", "period_start", "period_end", "currency", "source", "entries")
MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_ROWS = 500

_WHITESPACE = re.compile(r"[ \t\n\r]*")


@dataclass
class ChartFile:
    """A parsed file: chart-level values (JSON object form only) and (line, values) rows."""

    chart: dict = field(default_factory=dict)
    rows: list[tuple[int, dict]] = field(default_factory=list)


def file_error(message: str) -> ValidationError:
    return ValidationError({"file": [message]})


def detect_format(content: str, filename: str = "") -> str:
    lowered = filename.lower()
    if lowered.endswith(".json"):
        return "json"
    if lowered.endswith(".csv"):
        return "csv"
    return "json" if content.lstrip()[:1] in ("[", "{") else "csv"


def decode(content: bytes | str) -> str:
    if isinstance(content, str):
        return content
    if len(content) > MAX_FILE_BYTES:
        raise file_error(f"The file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB.")
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = content[: exc.start].count(b"\n") + 1
        raise file_error(f"Line {line}: the file is not UTF-8 text.") from None


def read_chart_file(content: bytes | str, *, file_format: str | None = None, filename: str = "") -> ChartFile:
    text = decode(content)
    file_format = file_format or detect_format(text, filename)
    if file_format == "csv":
        parsed = _read_csv(text)
    elif file_format == "json":
        parsed = _read_json(text)
    else:
        raise file_error(f"Unknown format {file_format!r}: use csv or json.")
    if not parsed.rows:
        raise file_error("The file has no chart entries.")
    if len(parsed.rows) > MAX_ROWS:
        raise file_error(f"A chart has at most {MAX_ROWS} entries; the file has {len(parsed.rows)}.")
    return parsed


def _read_csv(text: str) -> ChartFile:
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader, None)
        if header is None:
            raise file_error("The file is empty.")
        columns = [name.strip().lower() for name in header]
        unknown = [name for name in columns if name not in ROW_FIELDS]
        if unknown:
            raise file_error(
                f"Line 1: unknown column {unknown[0]!r}. The columns are: {', '.join(ROW_FIELDS)}."
            )
        repeated = sorted({name for name in columns if columns.count(name) > 1})
        if repeated:
            raise file_error(f"Line 1: column {repeated[0]!r} appears twice.")
        missing = [name for name in REQUIRED_FIELDS if name not in columns]
        if missing:
            raise file_error(f"Line 1: the header lacks the required column {missing[0]!r}.")
        parsed = ChartFile()
        line = reader.line_num
        for values in reader:
            first_line, line = line + 1, reader.line_num
            if not values or all(not value.strip() for value in values):
                continue
            if len(values) != len(columns):
                raise file_error(f"Line {first_line}: {len(values)} values for {len(columns)} columns.")
            row = {name: value.strip() for name, value in zip(columns, values, strict=True) if value.strip()}
            parsed.rows.append((first_line, row))
            if len(parsed.rows) > MAX_ROWS:
                break
        return parsed
    except csv.Error as exc:
        raise file_error(f"Line {reader.line_num}: not valid CSV ({exc}).") from None


def _read_json(text: str) -> ChartFile:
    try:
        json.loads(text)
    except json.JSONDecodeError as exc:
        raise file_error(f"Line {exc.lineno}: not valid JSON ({exc.msg}).") from None
    except RecursionError:
        raise file_error("The JSON is nested too deeply.") from None
    walker = _JsonWalker(text)
    start = walker.skip()
    if text[start] == "[":
        return ChartFile(rows=walker.array_items(start))
    if text[start] != "{":
        raise file_error("Line 1: the JSON must be a list of entries or an object with `entries`.")
    parsed = ChartFile()
    for key, position in walker.object_members(start):
        if key not in CHART_FIELDS:
            raise file_error(
                f"Line {walker.line_of(position)}: unknown key {key!r}. The keys are: {', '.join(CHART_FIELDS)}."
            )
        if key == "entries":
            if text[position] != "[":
                raise file_error(f"Line {walker.line_of(position)}: `entries` must be a list.")
            parsed.rows = walker.array_items(position)
        else:
            parsed.chart[key] = walker.value_at(position)
    return parsed


class _JsonWalker:
    """Walks a document already known to be valid JSON, giving the line each member starts on.
    (The json module parses without positions; raw_decode at each member gives them.)"""

    def __init__(self, text: str):
        self.text = text
        self.decoder = json.JSONDecoder()
        self.end = 0
        self._counted_to, self._line = 0, 1  # line_of counts forward from the last position asked

    def skip(self, position: int = 0) -> int:
        return _WHITESPACE.match(self.text, position).end()

    def line_of(self, position: int) -> int:
        if position < self._counted_to:
            return self.text.count("\n", 0, position) + 1
        self._line += self.text.count("\n", self._counted_to, position)
        self._counted_to = position
        return self._line

    def value_at(self, position: int):
        value, self.end = self.decoder.raw_decode(self.text, position)
        return value

    def array_items(self, position: int) -> list[tuple[int, dict]]:
        rows: list[tuple[int, dict]] = []
        position = self.skip(position + 1)
        while self.text[position] != "]":
            line = self.line_of(position)
            item = self.value_at(position)
            if not isinstance(item, dict):
                raise file_error(f"Line {line}: each entry must be a JSON object.")
            unknown = [key for key in item if key not in ROW_FIELDS]
            if unknown:
                raise file_error(f"Line {line}: unknown key {unknown[0]!r}. The keys are: {', '.join(ROW_FIELDS)}.")
            rows.append((line, {key: value for key, value in item.items() if value is not None and value != ""}))
            position = self.skip(self.end)
            if self.text[position] == ",":
                position = self.skip(position + 1)
        self.end = position + 1
        return rows

    def object_members(self, position: int):
        position = self.skip(position + 1)
        while self.text[position] != "}":
            key = self.value_at(position)
            position = self.skip(self.end)  # at ':'
            position = self.skip(position + 1)
            yield key, position  # the caller reads the value, which moves self.end past it
            position = self.skip(self.end)
            if self.text[position] == ",":
                position = self.skip(position + 1)
