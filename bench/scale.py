"""The demo at N times its size, for the benchmarks and the load test: `seed_demo --scale N`."""

from __future__ import annotations

from io import StringIO

from django.core.management import call_command


def seed(n: int) -> str:
    """Migrate and fill the (empty) database with N times the demo; says how it was scaled."""
    call_command("migrate", verbosity=0)
    call_command("seed_demo", "--quiet-logins", "--scale", str(n), verbosity=0, stdout=StringIO())
    return "seed_demo --scale"
