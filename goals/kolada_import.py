"""The Kolada import: fetch and validate everything first, then write it all in one transaction.

The service itself is not atomic: the run's progress is saved as it goes, so that the indicators
page can show it while a worker fetches. Only the write of indicators and values is one
transaction, which is what makes a failed import change nothing.
"""

from __future__ import annotations

import datetime
import logging
import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from goals.kolada import COUNTRY, KPI_ID, KoladaClient, KoladaError, KpiMetadata, KpiValue
from goals.models import Indicator, IndicatorValue, KoladaImport
from organisation.models import OrgUnit
from styrmodell.concurrency import bump
from styrmodell.queueing import QueueUnavailable, enqueue

if TYPE_CHECKING:
    from organisation.models import User

logger = logging.getLogger(__name__)

BATCH_SIZE = 500
# A run still queued or running after this long has lost its worker; it no longer blocks a new one.
ABANDONED_AFTER = datetime.timedelta(hours=1)
MUNICIPALITY_CODE = re.compile(r"^[0-9]{4}$")
ACTIVE_STATES = (KoladaImport.State.QUEUED, KoladaImport.State.RUNNING)
MISSING_CODE = gettext_lazy(
    "The municipality's Kolada code is missing: enter it (four digits, e.g. 2260) on the municipality's "
    "organisational unit, the top unit of the kind Municipality."
)
QUEUE_UNAVAILABLE = gettext_lazy(
    "The background service is not answering, so the import from Kolada could not start. Nothing was "
    "changed: try again in a while, and if it keeps failing tell the system administrator."
)


def municipality_kolada_code() -> str:
    """The Kolada code of the municipality (the top unit of kind kommun), or "" when none is entered."""
    code = (
        OrgUnit.objects.filter(kind=OrgUnit.Kind.MUNICIPALITY, parent__isnull=True)
        .exclude(kolada_code="")
        .order_by("-valid_from", "pk")
        .values_list("kolada_code", flat=True)
        .first()
    )
    return code or ""


def active_kolada_import() -> KoladaImport | None:
    """The run queued or under way, if any (runs abandoned by a lost worker do not count)."""
    since = timezone.now() - ABANDONED_AFTER
    return KoladaImport.objects.filter(state__in=ACTIVE_STATES, created_at__gte=since).first()


@transaction.atomic
def start_kolada_import(
    *, kpi_ids: list[str] | None, year_from: int | None, actor: User | None
) -> KoladaImport:
    """Queue a Kolada import for after the commit, or return the one already queued or under way.

    When the broker does not take the task the run is marked failed with the reason at once (the
    returned run says so): nothing stays queued for a task that never came, blocking the next import.
    """
    active = active_kolada_import()
    if active is not None:
        return active
    run = KoladaImport.objects.create(requested_by=actor, kpi_ids=list(kpi_ids or []), year_from=year_from)
    # After the commit, so that the worker finds the run; outside an outer transaction that is before
    # this function returns, so the caller sees a refusal on the run it gets back.
    transaction.on_commit(lambda: _queue(run))
    return run


def _queue(run: KoladaImport) -> None:
    from goals.tasks import run_kolada_import  # the task module imports this one

    try:
        enqueue(run_kolada_import, run.pk)
    except QueueUnavailable as error:
        logger.warning("Kolada import %s could not be queued: %s", run.pk, error)
        _finish(run, KoladaImport.State.FAILED, str(QUEUE_UNAVAILABLE))


def kolada_import(
    *,
    run: KoladaImport,
    client: KoladaClient,
    kpi_ids: list[str] | None,
    year_from: int | None,
    municipality_code: str,
) -> KoladaImport:
    """Import KPI metadata and values from Kolada; on any failure nothing changes and the run says why."""
    _record(
        run,
        state=KoladaImport.State.RUNNING,
        started_at=timezone.now(),
        finished_at=None,
        message="",
        values_created=0,
        values_updated=0,
        indicators_updated=0,
        progress=_("Preparing the fetch from Kolada …"),
    )
    try:
        if not MUNICIPALITY_CODE.fullmatch(municipality_code or ""):
            raise KoladaError(str(MISSING_CODE))
        ids = _resolve_ids(kpi_ids)
        if not ids:
            return _finish(
                run,
                KoladaImport.State.DONE,
                _("Done: there are no Kolada indicators in the register to fetch."),
            )
        progress = _count(
            len(ids),
            _("Fetching metadata for %(count)s indicator …"),
            _("Fetching metadata for %(count)s indicators …"),
        )
        _record(run, progress=progress)
        metadata = client.kpi_metadata(ids)
        values: list[KpiValue] = []
        for code in (municipality_code, COUNTRY):
            progress = (
                _("Fetching values for the country (%(code)s) …")
                if code == COUNTRY
                else _("Fetching values for the municipality (%(code)s) …")
            )
            _record(run, progress=progress % {"code": code})
            values += client.kpi_values(ids, municipality=code, year_from=year_from)
        _record(
            run, progress=_count(len(values), _("Saving %(count)s value …"), _("Saving %(count)s values …"))
        )
        created, updated, indicators = _save(
            ids=ids,
            metadata=metadata,
            values=values,
            codes=[municipality_code, COUNTRY],
            year_from=year_from,
            fetched_at=timezone.now(),
            actor=run.requested_by,
        )
    except KoladaError as error:
        return _finish(run, KoladaImport.State.FAILED, _("%(error)s Nothing was changed.") % {"error": error})
    except Exception:
        logger.exception("Kolada import %s failed", run.pk)
        return _finish(
            run,
            KoladaImport.State.FAILED,
            _(
                "The import from Kolada failed with an unexpected error and nothing was changed. "
                "The error has been logged."
            ),
        )
    return _finish(
        run,
        KoladaImport.State.DONE,
        _summary(created=created, updated=updated, indicators=indicators, fetched=len(ids)),
        values_created=created,
        values_updated=updated,
        indicators_updated=indicators,
    )


def _resolve_ids(kpi_ids: Sequence[str] | None) -> list[str]:
    """The requested ids, cleaned and checked; none requested means every Kolada indicator in use."""
    if not kpi_ids:
        return list(
            Indicator.objects.filter(source=Indicator.Source.KOLADA)
            .order_by("kolada_id")
            .values_list("kolada_id", flat=True)
        )
    ids = sorted({kpi.strip().upper() for kpi in kpi_ids if kpi.strip()})
    invalid = [kpi for kpi in ids if not KPI_ID.fullmatch(kpi)]
    if invalid:
        message = (
            _("Invalid indicator id: %(ids)s. A Kolada id is a letter and five digits, e.g. N01951.")
            if len(invalid) == 1
            else _("Invalid indicator ids: %(ids)s. A Kolada id is a letter and five digits, e.g. N01951.")
        )
        raise KoladaError(message % {"ids": ", ".join(invalid)})
    return ids


@transaction.atomic
def _save(
    *,
    ids: list[str],
    metadata: dict[str, KpiMetadata],
    values: list[KpiValue],
    codes: list[str],
    year_from: int | None,
    fetched_at: datetime.datetime,
    actor: User | None,
) -> tuple[int, int, int]:
    """Update the indicators and upsert their values; returns (values created, values changed, indicators)."""
    indicators, indicators_changed = _save_indicators(
        ids=ids, metadata=metadata, fetched_at=fetched_at, actor=actor
    )
    by_id = {indicator.pk: indicator for indicator in indicators.values()}
    existing_rows = IndicatorValue.objects.filter(indicator__in=by_id, municipality__in=codes)
    if year_from is not None:
        existing_rows = existing_rows.filter(year__gte=year_from)
    existing = {
        (by_id[row.indicator_id].kolada_id, row.municipality, row.year, row.gender): row
        for row in existing_rows
    }
    to_create: list[IndicatorValue] = []
    to_update: list[IndicatorValue] = []
    unchanged: list[int] = []
    for value in values:
        row = existing.get(value.key)
        if row is None:
            to_create.append(
                IndicatorValue(
                    indicator=indicators[value.kpi],
                    municipality=value.municipality,
                    year=value.year,
                    gender=value.gender,
                    value=value.value,
                    kolada_status=value.status,
                    fetched_at=fetched_at,
                )
            )
        elif row.value != value.value or row.kolada_status != value.status:
            row.value, row.kolada_status, row.fetched_at = value.value, value.status, fetched_at
            to_update.append(row)
        else:
            unchanged.append(row.pk)
    bulk_create_with_history(to_create, IndicatorValue, batch_size=BATCH_SIZE, default_user=actor)
    bulk_update_with_history(
        to_update,
        IndicatorValue,
        fields=["value", "kolada_status", "fetched_at"],
        batch_size=BATCH_SIZE,
        default_user=actor,
    )
    # A confirmed value is not a change: only its fetch time moves, without a history row.
    for batch in _batches(unchanged):
        IndicatorValue.objects.filter(pk__in=batch).update(fetched_at=fetched_at)
    return len(to_create), len(to_update), indicators_changed


def _save_indicators(
    *, ids: list[str], metadata: dict[str, KpiMetadata], fetched_at: datetime.datetime, actor: User | None
) -> tuple[dict[str, Indicator], int]:
    """Create missing indicators and refresh the metadata of the others; returns them and how many changed."""
    indicators = {
        indicator.kolada_id: indicator
        for indicator in Indicator.objects.select_for_update().filter(kolada_id__in=ids)
    }
    changed = 0
    confirmed: list[int] = []
    for kpi in ids:
        meta = metadata[kpi]
        indicator = indicators.get(kpi)
        fields = {
            "title": meta.title,
            "description": meta.description,
            "is_divided_by_gender": meta.is_divided_by_gender,
        }
        if indicator is None:
            indicator = Indicator(source=Indicator.Source.KOLADA, kolada_id=kpi, **fields)
            indicators[kpi] = indicator
        elif all(getattr(indicator, name) == value for name, value in fields.items()):
            confirmed.append(indicator.pk)
            continue
        else:
            for name, value in fields.items():
                setattr(indicator, name, value)
            # A planner's edit form opened before the import is now stale (styrmodell.concurrency).
            bump(indicator)
        indicator.metadata_fetched_at = fetched_at
        indicator._history_user = actor
        indicator.save()
        changed += 1
    for batch in _batches(confirmed):
        Indicator.objects.filter(pk__in=batch).update(metadata_fetched_at=fetched_at)
    return indicators, changed


def _batches(pks: list[int]) -> Iterable[list[int]]:
    for start in range(0, len(pks), BATCH_SIZE):
        yield pks[start : start + BATCH_SIZE]


def _record(run: KoladaImport, **fields: object) -> None:
    """Save some fields of the run at once, so that the panel shows them while the import goes on."""
    for name, value in fields.items():
        setattr(run, name, value)
    run.save(update_fields=list(fields))


def _finish(run: KoladaImport, state: str, message: str, **counts: int) -> KoladaImport:
    _record(run, state=state, message=message, progress="", finished_at=timezone.now(), **counts)
    return run


def _count(number: int, one: str, many: str) -> str:
    """The translated text for one or for many with %(count)s filled in; only 1 is singular, as in Swedish."""
    return (one if number == 1 else many) % {"count": number}


def _summary(*, created: int, updated: int, indicators: int, fetched: int) -> str:
    if not (created or updated or indicators):
        return _count(
            fetched,
            _("Done: nothing new or changed in Kolada for %(count)s indicator."),
            _("Done: nothing new or changed in Kolada for %(count)s indicators."),
        )
    # Translators: each part is one of the counts below, such as "12 new values".
    return _("Done: %(created)s, %(updated)s, %(indicators)s.") % {
        "created": _count(created, _("%(count)s new value"), _("%(count)s new values")),
        "updated": _count(updated, _("%(count)s value changed"), _("%(count)s values changed")),
        "indicators": _count(indicators, _("%(count)s indicator updated"), _("%(count)s indicators updated")),
    }
