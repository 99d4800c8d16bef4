"""Build a report's PDF here and now, without Celery: for scripts and benchmarks."""

from __future__ import annotations

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from reports import rendering
from reports.kinds import report_type
from reports.models import Kind


class Command(BaseCommand):
    help = "Build a report as PDF without the background worker: `generate_report delar 2026 --output d.pdf`."

    def add_arguments(self, parser) -> None:
        parser.add_argument("kind", choices=Kind.values)
        parser.add_argument("year", type=int)
        parser.add_argument(
            "--round",
            default="",
            help="Which one, where the year has several: the KS meeting's date of an economy follow-up "
            "(2026-05-12), the budget version's number (2).",
        )
        parser.add_argument("--output", required=True, type=Path, help="The PDF file to write.")

    def handle(self, *args, kind: str, year: int, round: str, output: Path, **options) -> None:
        report = report_type(kind)
        subjects = report.subjects(year)
        if round:
            subjects = [subject for subject in subjects if round in (subject.slug, subject.key)]
        if not subjects:
            raise CommandError(
                f"Nothing to report: no {kind} for {year}" + (f" and {round}" if round else "")
            )
        if len(subjects) > 1:
            choices = ", ".join(subject.slug or subject.key for subject in subjects)
            raise CommandError(f"{year} has several; choose one with --round: {choices}")
        started = time.perf_counter()
        document = report.compose(subjects[0])
        composed = time.perf_counter() - started
        rendered = rendering.render(document)
        output.write_bytes(rendered.pdf)
        self.stdout.write(
            f"{output}: {rendered.pages} pages, {len(rendered.pdf) // 1024} kB "
            f"(data {composed:.2f} s, templates {rendered.template_seconds:.2f} s, "
            f"layout {rendered.layout_seconds:.2f} s, writing {rendered.write_seconds:.2f} s)"
        )
