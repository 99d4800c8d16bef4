"""CSV beside JSON: a page of results as one table that Swedish Excel opens as it stands.

Swedish Excel reads a CSV file by the list separator of the Swedish locale and the decimal comma, and
takes the encoding from a byte order mark: so the file is UTF-8 with a BOM, separated by semicolons,
with decimal commas, one row per result and lines ended by CRLF. A nested object becomes columns of
its own ("body.short_name"); a nested list (a goal's indicators, a version's frames) is left in its
cell as JSON text, since a table cannot hold it. The columns come from the serializer, so an empty
page still has its header row.
"""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal

from django.http import Http404
from drf_spectacular.drainage import get_override
from rest_framework import serializers
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.renderers import BaseRenderer

DELIMITER = ";"
BOM = "\ufeff"
# A text cell Excel would take for a formula (CSV injection) is prefixed with an apostrophe, which
# Excel shows as plain text; numbers are written as numbers and never prefixed.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def columns_of(serializer: serializers.BaseSerializer, prefix: str = "") -> list[str]:
    """The CSV columns of a serializer: its fields, a nested object's fields prefixed by its name."""
    found = []
    for name, field in serializer.fields.items():
        if isinstance(field, serializers.SerializerMethodField):
            # The object a method field returns, as the schema documents it (extend_schema_field).
            field = get_override(getattr(serializer, field.method_name, None), "field") or field
        if isinstance(field, serializers.Serializer):
            found += columns_of(field, f"{prefix}{name}.")
        else:
            found.append(f"{prefix}{name}")
    return found


def flatten(row: dict, prefix: str = "") -> dict[str, object]:
    flat: dict[str, object] = {}
    for key, value in row.items():
        if isinstance(value, dict):
            flat |= flatten(value, f"{prefix}{key}.")
        else:
            flat[f"{prefix}{key}"] = value
    return flat


def _json_default(value: object) -> object:
    if isinstance(value, Decimal):
        return float(value)
    return str(value)


def cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal | float):
        return format(value, "f").replace(".", ",")
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False, default=_json_default)
    if isinstance(value, int):
        return str(value)
    text = str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


class CSVRenderer(BaseRenderer):
    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None) -> bytes:
        if data is None:
            return b""
        if isinstance(data, dict) and "results" in data:
            rows = data["results"]
        elif isinstance(data, list):
            rows = data
        else:
            rows = [data]
        rows = [flatten(row) if isinstance(row, dict) else {"value": row} for row in rows]
        columns = self._columns(renderer_context, rows)
        out = io.StringIO()
        writer = csv.writer(out, delimiter=DELIMITER, lineterminator="\r\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow([cell(row.get(column)) for column in columns])
        return (BOM + out.getvalue()).encode("utf-8")

    @staticmethod
    def _columns(renderer_context: dict | None, rows: list[dict]) -> list[str]:
        response = (renderer_context or {}).get("response")
        view = (renderer_context or {}).get("view")
        columns: list[str] = []
        # An error (400, 404, 429) is not a page of results: its own keys are its columns.
        ok = response is None or response.status_code < 400
        if ok and view is not None and hasattr(view, "get_serializer"):
            columns = columns_of(view.get_serializer())
        # A method field holding an object ("status") becomes its columns ("status.verdict", ...) in
        # its place; a nested object that is null in a row has its columns already.
        expanded: dict[str, str] = {}
        for row in rows:
            for key in row:
                if key in columns or any(column.startswith(f"{key}.") for column in columns):
                    continue
                parent = next((c for c in [*columns, *expanded] if key.startswith(f"{c}.")), None)
                if parent in expanded:
                    position = columns.index(expanded[parent]) + 1
                elif parent is not None:
                    position = columns.index(parent)
                    columns.pop(position)
                else:
                    position = len(columns)
                columns.insert(position, key)
                if parent is not None:
                    expanded[parent] = key
        return columns


class StrictFormatNegotiation(DefaultContentNegotiation):
    """`?format=` names json or csv: an empty one is refused like an unknown one (404), not ignored."""

    def select_renderer(self, request, renderers, format_suffix=None):
        if format_suffix is None and request.query_params.get(self.settings.URL_FORMAT_OVERRIDE) == "":
            raise Http404
        return super().select_renderer(request, renderers, format_suffix)
