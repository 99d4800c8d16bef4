"""python manage.py import_kolada: fetch KPI metadata and values from Kolada, synchronously."""

from __future__ import annotations

import argparse

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, DjangoHelpFormatter
from django.utils.translation import gettext as _

from goals.kolada import (
    DEFAULT_BASE_URL,
    RECORDING_FORMAT,
    KoladaClient,
    KoladaError,
    load_recording,
    recorded_transport,
)
from goals.kolada_import import kolada_import, municipality_kolada_code
from goals.models import KoladaImport


class HelpFormatter(DjangoHelpFormatter, argparse.RawDescriptionHelpFormatter):
    """Keep the line breaks of the description, which documents the --file format."""


class Command(BaseCommand):
    help = f"""Fetch KPI metadata and values from Kolada (API v3) for the municipality (its Kolada code
is on the top organisational unit of kind kommun) and for the whole country (0000), and save them
in one transaction: indicators' titles and descriptions, and every value by year and gender.
Without KPI ids, every Kolada indicator in the register is fetched. Runs here, not via Celery.
On any error (timeouts, 5xx after retries, HTML pages, missing fields, unknown KPIs) nothing is
changed and the command exits with status 1.

--file FILE answers every request from recorded responses instead of the network:
{RECORDING_FORMAT}
Example:
  {{"_comment": "illustrative numbers",
   "/kpi/N01951?per_page=5000": {{"values": [{{"id": "N01951", "title": "Invånare totalt, antal"}}]}},
   "/data/kpi/N01951/municipality/2260?per_page=5000": {{"values": [...], "next_url": null}},
   "/data/kpi/N01951/municipality/0000?per_page=5000": {{"values": [...]}}}}"""

    def create_parser(self, prog_name: str, subcommand: str, **kwargs) -> argparse.ArgumentParser:
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.formatter_class = HelpFormatter
        return parser

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("kpi_ids", nargs="*", metavar="KPI", help="Kolada KPI ids, e.g. N01951 N00097.")
        parser.add_argument("--year-from", type=int, metavar="YEAR", help="Only values from this year on.")
        parser.add_argument(
            "--base-url",
            metavar="URL",
            help=f"The API's address (default: the setting KOLADA_BASE_URL, {DEFAULT_BASE_URL}).",
        )
        parser.add_argument(
            "--file", metavar="FILE", help="Answer from a JSON file of recorded responses (see above)."
        )
        parser.add_argument(
            "--timeout",
            type=float,
            metavar="SECONDS",
            help="Seconds to wait for Kolada (default: KOLADA_TIMEOUT).",
        )

    def handle(
        self,
        *args,
        kpi_ids: list[str],
        year_from: int | None = None,
        base_url: str | None = None,
        file: str | None = None,
        timeout: float | None = None,
        **options,
    ) -> None:
        base_url = base_url or (DEFAULT_BASE_URL if file else settings.KOLADA_BASE_URL)
        timeout = timeout or settings.KOLADA_TIMEOUT
        transport = recorded_transport(self._recording(file), base_url=base_url) if file else None
        run = KoladaImport.objects.create(kpi_ids=kpi_ids, year_from=year_from)
        if file:
            self.stdout.write(_("Fetching from Kolada (the file %(file)s) …") % {"file": file})
        else:
            self.stdout.write(_("Fetching from Kolada (%(url)s) …") % {"url": base_url})
        with KoladaClient(base_url, timeout=timeout, transport=transport) as client:
            kolada_import(
                run=run,
                client=client,
                kpi_ids=kpi_ids or None,
                year_from=year_from,
                municipality_code=municipality_kolada_code(),
            )
        if run.state != KoladaImport.State.DONE:
            raise CommandError(run.message)
        self.stdout.write(self.style.SUCCESS(run.message))

    def _recording(self, file: str) -> dict:
        try:
            return load_recording(file)
        except KoladaError as error:
            raise CommandError(str(error)) from error
