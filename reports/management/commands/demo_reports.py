"""Write every report the data has, around this year, as PDF and as PNG pages, so a person can look."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from reports import rendering
from reports.kinds import report_type
from reports.models import Kind


class Command(BaseCommand):
    help = "Build every report of last year, this year and the next two as PDF and PNG pages (pdftoppm)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--output", type=Path, default=Path("build/reports"))
        parser.add_argument("--resolution", type=int, default=70, help="PNG resolution in dpi.")

    def handle(self, *args, output: Path, resolution: int, **options) -> None:
        pdftoppm = shutil.which("pdftoppm")
        if pdftoppm is None:
            raise CommandError("pdftoppm is missing: install poppler-utils (apt-get install poppler-utils).")
        output.mkdir(parents=True, exist_ok=True)
        this_year = timezone.localdate().year
        built = 0
        for kind in Kind:
            report = report_type(kind)
            for year in range(this_year - 1, this_year + 3):
                for subject in report.subjects(year):
                    slug = subject.slug if subject.slug != str(year) else ""
                    name = "-".join(part for part in (kind.value, str(year), slug) if part)
                    rendered = rendering.render(report.compose(subject))
                    pdf = output / f"{name}.pdf"
                    pdf.write_bytes(rendered.pdf)
                    pages = output / name
                    shutil.rmtree(pages, ignore_errors=True)
                    pages.mkdir()
                    subprocess.run(  # noqa: S603 - our own file names
                        [pdftoppm, "-r", str(resolution), "-png", str(pdf), str(pages / "sida")], check=True
                    )
                    self.stdout.write(f"{pdf} ({rendered.pages} sidor) och {pages}/sida-*.png")
                    built += 1
        self.stdout.write(self.style.SUCCESS(f"{built} rapporter i {output}/"))
