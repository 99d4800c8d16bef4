"""An existing database migrates to the restructured schema without losing a row.

The budget left `planning` and the register of governing documents left `organisation` as apps of
their own (state-only moves that keep the table names, then migrations that rename constraints and
re-key the frame distribution by body and year), and everything a body adopts took one lifecycle.
This test builds the demo the way a municipality running the previous release has it: the previous
release's own code (`git archive` of BEFORE) migrates an empty database and seeds the demo. Then
today's `migrate` runs on that database, and every table keeps its rows.

It runs on the database the suite runs on: a scratch SQLite file, or under DATABASE_URL a scratch
PostgreSQL database beside the test database, dropped afterwards.
"""

from __future__ import annotations

import io
import os
import shutil
import sqlite3
import subprocess
import sys
import tarfile
import uuid
from pathlib import Path

import pytest
from django.conf import settings

from tests.conftest import missing_service

ROOT = Path(__file__).resolve().parent.parent
BEFORE = "d34289f"  # main before the restructuring (issue 12)
MOVED = {
    "budget": ("budget", "budgetversion", "framedistribution", "historicalframedistribution"),
    "documents": ("governingdocument", "documentkind", "historicalgoverningdocument"),
}


def _run(args: list[str], cwd: Path, env: dict) -> None:
    done = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=900)  # noqa: S603 - our manage.py
    assert done.returncode == 0, (
        f"{' '.join(args)} failed in {cwd}:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    )


class ScratchDatabase:
    """An empty database of the suite's engine, its URL, and plain SQL on it."""

    def __init__(self, tmp: Path):
        engine = settings.DATABASES["default"]["ENGINE"]
        self.postgres = "postgresql" in engine
        if self.postgres:
            import psycopg

            self.psycopg = psycopg
            self.server = {k: v for k, v in _pg_params().items() if v}
            self.name = f"styrmodell_migration_{uuid.uuid4().hex[:8]}"
            with psycopg.connect(dbname="postgres", autocommit=True, **self.server) as conn:
                conn.execute(f'CREATE DATABASE "{self.name}"')
            db = settings.DATABASES["default"]
            self.url = (
                f"postgres://{db['USER'] or 'postgres'}{':' + db['PASSWORD'] if db['PASSWORD'] else ''}"
                f"@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{self.name}"
            )
        else:
            self.path = tmp / "previous-release.sqlite3"
            self.url = f"sqlite:///{self.path}"

    def counts(self) -> dict[str, int]:
        """Rows per table."""
        if self.postgres:
            with self.psycopg.connect(dbname=self.name, **self.server) as conn:
                tables = [
                    row[0]
                    for row in conn.execute(
                        "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
                    )
                ]
                return {t: conn.execute(_count(t)).fetchone()[0] for t in tables}
        with sqlite3.connect(self.path) as conn:
            tables = [
                row[0]
                for row in conn.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
                    "ORDER BY name"
                )
            ]
            return {t: conn.execute(_count(t)).fetchone()[0] for t in tables}

    def rows(self, sql: str) -> list[tuple]:
        if self.postgres:
            with self.psycopg.connect(dbname=self.name, **self.server) as conn:
                return list(conn.execute(sql))
        with sqlite3.connect(self.path) as conn:
            return list(conn.execute(sql))

    def drop(self) -> None:
        if self.postgres:
            with self.psycopg.connect(dbname="postgres", autocommit=True, **self.server) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


def _count(table: str) -> str:
    return f'SELECT count(*) FROM "{table}"'  # noqa: S608 - a name from the database's own catalogue


def _pg_params() -> dict:
    db = settings.DATABASES["default"]
    return {"host": db["HOST"], "port": db["PORT"], "user": db["USER"], "password": db["PASSWORD"]}


@pytest.fixture
def previous_release(tmp_path: Path) -> Path:
    """The code of main before the restructuring, unpacked from git."""
    git = shutil.which("git")
    if git is None or not (ROOT / ".git").exists():
        missing_service("git and the repository's history are needed to unpack the previous release")
    known = subprocess.run([git, "cat-file", "-e", f"{BEFORE}^{{commit}}"], cwd=ROOT, capture_output=True)  # noqa: S603
    if known.returncode != 0:
        missing_service(f"commit {BEFORE} is not in this clone's history (a shallow clone?)")
    code = tmp_path / "previous"
    archive = subprocess.run([git, "archive", BEFORE], cwd=ROOT, capture_output=True, check=True)  # noqa: S603
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        tar.extractall(code, filter="data")
    return code


def test_migrate_from_the_previous_release_keeps_every_row(previous_release: Path, tmp_path: Path):
    scratch = ScratchDatabase(tmp_path)
    env = {
        **os.environ,
        "DATABASE_URL": scratch.url,
        "PRIVATE_MEDIA_ROOT": str(tmp_path / "private_media"),
        "DJANGO_SETTINGS_MODULE": "styrmodell.settings",
        "PYTHONPATH": "",
    }
    try:
        _run([sys.executable, "manage.py", "migrate", "--no-input"], previous_release, env)
        _run([sys.executable, "manage.py", "seed_demo", "--quiet-logins"], previous_release, env)
        before = scratch.counts()
        plan_of_distribution = dict(
            scratch.rows(
                "SELECT d.id, p.body_id || '/' || p.year FROM planning_framedistribution d "
                "JOIN planning_operationalplan p ON p.id = d.plan_id"
            )
        )

        _run([sys.executable, "manage.py", "migrate", "--no-input"], ROOT, env)
        after = scratch.counts()

        data_tables = {t for t in before if t != "django_migrations"}
        lost = {t: (before[t], after.get(t)) for t in data_tables if after.get(t) != before[t]}
        assert not lost, f"tables whose rows changed (before, after): {lost}"
        assert sum(before[t] for t in data_tables) > 1000, "the demo was not seeded"
        for table in (
            "planning_budgetversion",
            "planning_framedistribution",
            "organisation_governingdocument",
        ):
            assert before[table] > 0, f"the demo has no rows in {table}: nothing was moved"

        # The frame distribution, re-keyed by body and year, keeps the plan's body and year.
        rekeyed = dict(scratch.rows("SELECT id, body_id || '/' || year FROM planning_framedistribution"))
        assert rekeyed == plan_of_distribution

        # Permissions follow the models to their new apps: their content types moved, none was added.
        labels = {
            model: app
            for app, model in scratch.rows("SELECT app_label, model FROM django_content_type")
            if model in {m for models in MOVED.values() for m in models}
        }
        for app, models in MOVED.items():
            for model in models:
                assert labels.get(model) == app, f"{model} belongs to {labels.get(model)}, not {app}"
    finally:
        scratch.drop()
