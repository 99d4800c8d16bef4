"""A client for Kolada's API v3: KPI metadata and values, paged, retried, and validated strictly.

Data is fetched with `/data/kpi/{ids}/municipality/{m}` (every year Kolada has) and filtered to
years >= year_from here: the `/year/{years}` form would need a list of years we do not know in
advance and would break the limit of about 20 comma-separated items a request.

Every message in KoladaError ends up in front of a planner (in Swedish, from the catalogue), so it
names what went wrong and where (method and URL).
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

import httpx
from django.utils.translation import gettext as _

from styrmodell.validation import one_line, without_controls

DEFAULT_BASE_URL = "https://api.kolada.se/v3"
COUNTRY = "0000"
PER_PAGE = 5000
CHUNK_SIZE = 20
MAX_PAGES = 1000
GENDERS = frozenset({"T", "K", "M"})
KPI_ID = re.compile(r"^[A-Z][0-9]{5}$")
# IndicatorValue.value is DecimalField(max_digits=16, decimal_places=4).
VALUE_QUANTUM = Decimal("0.0001")
VALUE_LIMIT = Decimal(10) ** 12


class KoladaError(Exception):
    """Kolada could not be reached or answered with something we will not store; the text is translated."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True)
class KpiMetadata:
    id: str
    title: str
    description: str
    is_divided_by_gender: bool


@dataclass(frozen=True)
class KpiValue:
    kpi: str
    municipality: str
    year: int
    gender: str
    value: Decimal | None
    status: str

    @property
    def key(self) -> tuple[str, str, int, str]:
        return (self.kpi, self.municipality, self.year, self.gender)


def _seconds(timeout: float) -> str:
    return f"{timeout:g}".replace(".", ",")


def _chunks(items: Sequence[str], size: int = CHUNK_SIZE) -> Iterator[list[str]]:
    for start in range(0, len(items), size):
        yield list(items[start : start + size])


def _reject_constant(name: str) -> None:
    raise ValueError(f"{name} is not a number Kolada sends")


class KoladaClient:
    """Talks to Kolada over httpx; transport= lets tests and --file mode answer without the network."""

    def __init__(
        self,
        base_url: str = DEFAULT_BASE_URL,
        *,
        timeout: float,
        transport: httpx.BaseTransport | None = None,
        max_attempts: int = 3,
        backoff: float = 1.0,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.max_attempts = max(1, max_attempts)
        self.backoff = backoff
        self._sleep = sleep
        try:
            self._http = httpx.Client(
                base_url=self.base_url,
                timeout=timeout,
                transport=transport,
                follow_redirects=True,
                headers={"Accept": "application/json", "User-Agent": "Styrmodell (kommunal styrning)"},
            )
        except (httpx.InvalidURL, TypeError, ValueError) as error:
            raise KoladaError(
                _("Invalid address for Kolada: %(url)s (%(error)s).")
                % {"url": repr(base_url), "error": error}
            ) from error

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> KoladaClient:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def kpi_metadata(self, kpi_ids: Sequence[str]) -> dict[str, KpiMetadata]:
        """Metadata for every id, or KoladaError naming the ids Kolada does not know."""
        found: dict[str, KpiMetadata] = {}
        for chunk in _chunks(kpi_ids):
            for items, url in self._pages(f"/kpi/{','.join(chunk)}"):
                for index, item in enumerate(items):
                    meta = _parse_metadata(item, f"values[{index}]", url)
                    if meta.id in chunk:
                        found[meta.id] = meta
        unknown = [kpi for kpi in kpi_ids if kpi not in found]
        if unknown:
            message = (
                _("Unknown indicator in Kolada: %(ids)s.")
                if len(unknown) == 1
                else _("Unknown indicators in Kolada: %(ids)s.")
            )
            raise KoladaError(message % {"ids": ", ".join(unknown)})
        return found

    def kpi_values(
        self, kpi_ids: Sequence[str], *, municipality: str, year_from: int | None = None
    ) -> list[KpiValue]:
        """Every value of the KPIs for one municipality (or 0000, the country), from year_from on."""
        values: dict[tuple[str, str, int, str], KpiValue] = {}
        for chunk in _chunks(kpi_ids):
            path = f"/data/kpi/{','.join(chunk)}/municipality/{municipality}"
            for items, url in self._pages(path):
                for index, item in enumerate(items):
                    for value in _parse_data_item(item, f"values[{index}]", url, set(chunk), municipality):
                        if year_from is not None and value.year < year_from:
                            continue
                        earlier = values.get(value.key)
                        if earlier is not None and earlier != value:
                            raise KoladaError(
                                _(
                                    "Kolada sent two different values for %(kpi)s %(municipality)s "
                                    "%(year)s (%(gender)s) (%(where)s)."
                                )
                                % {
                                    "kpi": value.kpi,
                                    "municipality": value.municipality,
                                    "year": value.year,
                                    "gender": value.gender,
                                    "where": url,
                                }
                            )
                        values[value.key] = value
        return list(values.values())

    def _pages(self, path: str) -> Iterator[tuple[list, str]]:
        """The `values` of each page, following next_url (v3) or next_page (v2) until absent or null."""
        url: httpx.URL | str = path
        params: dict[str, Any] | None = {"per_page": PER_PAGE}
        seen: set[str] = set()
        for _page in range(MAX_PAGES):
            response = self._get(url, params=params)
            seen.add(str(response.url))
            body = _json_body(response)
            yield body["values"], _where(response.request)
            link = body.get("next_url") or body.get("next_page")
            if not link:
                return
            if not isinstance(link, str):
                raise KoladaError(
                    _(
                        "Unexpected response from Kolada: the link to the next page is not an address "
                        "(%(where)s)."
                    )
                    % {"where": _where(response.request)}
                )
            next_url = response.url.join(link)
            if (next_url.scheme, next_url.host, next_url.port) != (
                response.url.scheme,
                response.url.host,
                response.url.port,
            ):
                raise KoladaError(
                    _("Kolada pointed the next page to another server (%(url)s); it is not followed.")
                    % {"url": next_url}
                )
            if str(next_url) in seen:
                raise KoladaError(
                    _("Kolada pointed to the same page again (%(url)s); the fetch was stopped.")
                    % {"url": next_url}
                )
            url, params = next_url, None
        raise KoladaError(
            _("Kolada sent more than %(count)s pages for %(path)s; the fetch was stopped.")
            % {"count": MAX_PAGES, "path": path}
        )

    def _get(self, url: httpx.URL | str, *, params: dict[str, Any] | None) -> httpx.Response:
        """GET with retries: timeouts, connection errors and 5xx are retried with back-off, 4xx are not."""
        for attempt in range(1, self.max_attempts + 1):
            request = self._http.build_request("GET", url, params=params)
            try:
                response = self._http.send(request)
            except httpx.TimeoutException:
                problem = _("Kolada did not answer within %(seconds)s seconds") % {
                    "seconds": _seconds(self.timeout)
                }
            except httpx.ConnectError as error:
                problem = _("Could not connect to Kolada: %(error)s") % {
                    "error": error or type(error).__name__
                }
            except httpx.TransportError as error:
                problem = _("The connection to Kolada was lost: %(error)s") % {
                    "error": error or type(error).__name__
                }
            except httpx.HTTPError as error:
                raise KoladaError(
                    _("Error in the connection to Kolada: %(error)s (%(where)s).")
                    % {"error": error, "where": _where(request)}
                ) from error
            else:
                if response.status_code < 500:
                    return response
                problem = _("Kolada answered with a server error (HTTP %(status)s)") % {
                    "status": response.status_code
                }
            if attempt < self.max_attempts:
                self._sleep(self.backoff * 2 ** (attempt - 1))
        message = (
            # Translators: problem is one of the messages above, such as "Kolada did not answer within …".
            _("%(problem)s (%(count)s attempt, %(where)s).")
            if self.max_attempts == 1
            else _("%(problem)s (%(count)s attempts, %(where)s).")
        )
        raise KoladaError(
            message % {"problem": problem, "count": self.max_attempts, "where": _where(request)}
        )


def _where(request: httpx.Request) -> str:
    return f"{request.method} {request.url}"


def _json_body(response: httpx.Response) -> dict[str, Any]:
    """The JSON object of a successful response, with a `values` list; numbers become Decimal."""
    where = f"HTTP {response.status_code}, {_where(response.request)}"
    content_type = response.headers.get("content-type", "").lower()
    looks_like_html = "html" in content_type or response.content.lstrip()[:1] == b"<"
    if response.status_code >= 400:
        raise KoladaError(
            _("Kolada answered with an error: HTTP %(status)s (%(where)s).")
            % {"status": response.status_code, "where": _where(response.request)}
        )
    if looks_like_html:
        raise KoladaError(
            _("Kolada answered with an HTML page instead of data (%(where)s).") % {"where": where}
        )
    try:
        body = json.loads(response.content, parse_float=Decimal, parse_constant=_reject_constant)
    except ValueError as error:
        raise KoladaError(
            _("Kolada answered with something that is not JSON (%(where)s).") % {"where": where}
        ) from error
    if not isinstance(body, dict):
        raise KoladaError(
            _("Unexpected response from Kolada: not a JSON object (%(where)s).") % {"where": where}
        )
    if "values" not in body:
        raise KoladaError(
            _('Incomplete response from Kolada: the field "%(field)s" is missing (%(where)s).')
            % {"field": "values", "where": where}
        )
    if not isinstance(body["values"], list):
        raise KoladaError(
            _('Unexpected response from Kolada: the field "%(field)s" is not a list (%(where)s).')
            % {"field": "values", "where": where}
        )
    return body


def _field(item: Any, name: str, kind: type, at: str, where: str) -> Any:
    """A required field of a response item: present, not null, and of the expected JSON type."""
    if not isinstance(item, dict):
        raise KoladaError(
            _("Unexpected response from Kolada: %(at)s is not an object (%(where)s).")
            % {"at": at, "where": where}
        )
    if name not in item:
        raise KoladaError(
            _('Incomplete response from Kolada: the field "%(field)s" is missing in %(at)s (%(where)s).')
            % {"field": name, "at": at, "where": where}
        )
    value = item[name]
    if value is None:
        raise KoladaError(
            _('Incomplete response from Kolada: the field "%(field)s" is empty (null) in %(at)s (%(where)s).')
            % {"field": name, "at": at, "where": where}
        )
    # bool is an int in Python, but true/false is never a year or a number in Kolada's answers.
    if isinstance(value, bool) or not isinstance(value, kind):
        raise KoladaError(
            _(
                'Unexpected response from Kolada: the field "%(field)s" in %(at)s has the wrong type '
                "(%(where)s)."
            )
            % {"field": name, "at": at, "where": where}
        )
    return value


def _parse_metadata(item: Any, at: str, where: str) -> KpiMetadata:
    kpi_id = _field(item, "id", str, at, where)
    # Kolada's text is stored as given, bar what the columns refuse: a title is one line (LineField),
    # and no text holds NUL or another control character.
    title = one_line(_field(item, "title", str, at, where), max_length=300)
    if not title:
        raise KoladaError(
            _('Incomplete response from Kolada: the field "%(field)s" is empty in %(at)s (%(where)s).')
            % {"field": "title", "at": at, "where": where}
        )
    description = item.get("description") or ""
    divided = item.get("is_divided_by_gender") or False
    if not isinstance(description, str) or divided not in (True, False, 0, 1):
        raise KoladaError(
            _("Unexpected response from Kolada: the metadata for %(kpi)s has the wrong type (%(where)s).")
            % {"kpi": kpi_id, "where": where}
        )
    return KpiMetadata(
        id=kpi_id,
        title=title,
        description=without_controls(description).strip(),
        is_divided_by_gender=bool(divided),
    )


def _parse_data_item(
    item: Any, at: str, where: str, kpi_ids: set[str], municipality: str
) -> Iterator[KpiValue]:
    kpi = _field(item, "kpi", str, at, where)
    code = _field(item, "municipality", str, at, where)
    year = _field(item, "period", int, at, where)
    genders = _field(item, "values", list, at, where)
    if kpi not in kpi_ids:
        raise KoladaError(
            _("Kolada sent values for the indicator %(kpi)s, which was not asked for (%(where)s).")
            % {"kpi": kpi, "where": where}
        )
    if code != municipality:
        raise KoladaError(
            _("Kolada sent values for municipality code %(code)s instead of %(municipality)s (%(where)s).")
            % {"code": code, "municipality": municipality, "where": where}
        )
    if not 1900 <= year <= 2200:
        raise KoladaError(
            _("Unexpected response from Kolada: the period %(year)s in %(at)s is not a year (%(where)s).")
            % {"year": year, "at": at, "where": where}
        )
    for index, entry in enumerate(genders):
        entry_at = f"{at}.values[{index}]"
        gender = _field(entry, "gender", str, entry_at, where)
        if gender not in GENDERS:
            raise KoladaError(
                _(
                    'Unexpected response from Kolada: the gender "%(gender)s" in %(at)s is not T, K or M '
                    "(%(where)s)."
                )
                % {"gender": gender, "at": entry_at, "where": where}
            )
        if "value" not in entry:
            raise KoladaError(
                _('Incomplete response from Kolada: the field "%(field)s" is missing in %(at)s (%(where)s).')
                % {"field": "value", "at": entry_at, "where": where}
            )
        status = entry.get("status") or ""
        if not isinstance(status, str):
            raise KoladaError(
                _(
                    'Unexpected response from Kolada: the field "%(field)s" in %(at)s has the wrong type '
                    "(%(where)s)."
                )
                % {"field": "status", "at": entry_at, "where": where}
            )
        yield KpiValue(
            kpi=kpi,
            municipality=code,
            year=year,
            gender=gender,
            value=_decimal(entry["value"], entry_at, where),
            status=one_line(status, max_length=40),
        )


def _decimal(raw: Any, at: str, where: str) -> Decimal | None:
    if raw is None:
        return None
    if isinstance(raw, bool) or not isinstance(raw, int | Decimal):
        raise KoladaError(
            _('Unexpected response from Kolada: the field "%(field)s" in %(at)s is not a number (%(where)s).')
            % {"field": "value", "at": at, "where": where}
        )
    try:
        value = Decimal(raw).quantize(VALUE_QUANTUM)
    except InvalidOperation as error:
        raise KoladaError(
            _("Unexpected response from Kolada: the value in %(at)s cannot be stored (%(where)s).")
            % {"at": at, "where": where}
        ) from error
    if abs(value) >= VALUE_LIMIT:
        raise KoladaError(
            _("Unexpected response from Kolada: the value %(value)s in %(at)s is too large (%(where)s).")
            % {"value": raw, "at": at, "where": where}
        )
    return value


# The format of a file of recorded responses (import_kolada --file), shown in the command's help.
RECORDING_FORMAT = """\
A JSON object whose keys are requests and whose values are the JSON bodies Kolada answered.
A key is the request's path relative to the base URL (the base URL's own path, such as /v3,
may be included) with the query string the client sends: per_page=5000 on a first page, and on
later pages whatever query the next_url or next_page link carries. The order of the query
parameters does not matter. Keys that do not start with "/" (such as "_comment") are ignored.
A request the file has no answer for stops the import with a message naming it."""

RecordingKey = tuple[str, tuple[tuple[str, str], ...]]


def _recording_key(url: httpx.URL, base_path: str) -> RecordingKey:
    path = url.path
    if base_path and (path == base_path or path.startswith(base_path + "/")):
        path = path[len(base_path) :] or "/"
    return path, tuple(sorted(parse_qsl(url.query.decode(), keep_blank_values=True)))


def load_recording(path: str | Path) -> dict[str, Any]:
    """Read a file of recorded Kolada responses (RECORDING_FORMAT)."""
    try:
        recording = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as error:
        raise KoladaError(
            _("Could not read the file %(path)s: %(error)s.")
            % {"path": path, "error": error.strerror or error}
        ) from error
    except ValueError as error:
        raise KoladaError(
            _("The file %(path)s does not contain valid JSON: %(error)s.") % {"path": path, "error": error}
        ) from error
    if not isinstance(recording, dict):
        raise KoladaError(
            _("The file %(path)s must contain a JSON object of recorded responses by address.")
            % {"path": path}
        )
    return recording


def recorded_transport(
    recording: Mapping[str, Any], *, base_url: str = DEFAULT_BASE_URL
) -> httpx.MockTransport:
    """An httpx transport answering from recorded responses, so the real client code runs offline."""
    base_path = httpx.URL(base_url).path.rstrip("/")
    answers = {
        _recording_key(httpx.URL(key), base_path): body
        for key, body in recording.items()
        if key.startswith("/")
    }

    def handle(request: httpx.Request) -> httpx.Response:
        key = _recording_key(request.url, base_path)
        if key not in answers:
            raise KoladaError(
                _("The file of recorded responses has no response for %(where)s.")
                % {"where": _where(request)}
            )
        return httpx.Response(200, json=answers[key])

    return httpx.MockTransport(handle)
