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
# An activity's free-text responsible person became one of the organisation's people (planning 0008):
# a name no Person had is added as a Person, so this table may gain rows, and only gain.
GROWS = {"organisation_person"}
# The roles' groups and their permissions are kept in step with organisation.roles after every migrate:
# a new role (the company reporter, issue 14) adds its group, and the economy's models add permissions
# to the roles that hold them. Both may gain rows, and only gain.
GROWS |= {"auth_group", "auth_group_permissions"}
# Models new since the previous release (the follow-up's reporting rounds) bring their content types and
# the four default permissions each; checked below to be theirs alone.
NEW_MODEL_TABLES = ("django_content_type", "auth_permission")


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


def _vary_responsible(scratch: ScratchDatabase) -> list[int]:
    """Four activities' responsible texts made awkward: a known name in odd case and spaces, none, and a
    new name twice in different case. The previous release's demo has only one spelling of each."""
    ids = [pk for (pk,) in scratch.rows("SELECT id FROM planning_activity ORDER BY id")[:4]]
    texts = ["  petra LINDGREN ", "", "Ny Ansvarig", " ny ansvarig"]
    for pk, text in zip(ids, texts, strict=True):
        updated = scratch.rows(
            f"UPDATE planning_activity SET responsible_person = '{text}' WHERE id = {pk} RETURNING id"  # noqa: S608 - literals above
        )
        assert updated == [(pk,)]
    return ids


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
        first, second, third, fourth = _vary_responsible(scratch)
        petra = scratch.rows("SELECT id FROM organisation_person WHERE name = 'Petra Lindgren'")[0][0]
        people_before = {name.casefold() for (name,) in scratch.rows("SELECT name FROM organisation_person")}
        before = scratch.counts()
        models_before = {model for (model,) in scratch.rows("SELECT model FROM django_content_type")}
        responsible_text = dict(scratch.rows("SELECT id, responsible_person FROM planning_activity"))
        plan_of_distribution = dict(
            scratch.rows(
                "SELECT d.id, p.body_id || '/' || p.year FROM planning_framedistribution d "
                "JOIN planning_operationalplan p ON p.id = d.plan_id"
            )
        )

        _run([sys.executable, "manage.py", "migrate", "--no-input"], ROOT, env)
        after = scratch.counts()

        models_after = {model for (model,) in scratch.rows("SELECT model FROM django_content_type")}
        new_models = models_after - models_before
        assert models_before <= models_after
        assert after["django_content_type"] - before["django_content_type"] == len(new_models)
        assert after["auth_permission"] - before["auth_permission"] == 4 * len(new_models)

        data_tables = {t for t in before if t not in {"django_migrations", *NEW_MODEL_TABLES}}
        lost = {
            t: (before[t], after.get(t))
            for t in data_tables
            if (after.get(t, 0) < before[t] if t in GROWS else after.get(t) != before[t])
        }
        assert not lost, f"tables whose rows changed (before, after): {lost}"
        assert any(text.strip() for text in responsible_text.values()), "the demo names no responsible"

        # Each activity's responsible is the person its text named (trimmed, any case); no text, no one.
        responsible = dict(
            scratch.rows(
                "SELECT a.id, p.name FROM planning_activity a "
                "LEFT JOIN organisation_person p ON p.id = a.responsible_id"
            )
        )
        assert {pk: (name or "").casefold() for pk, name in responsible.items()} == {
            pk: text.strip().casefold() for pk, text in responsible_text.items()
        }
        person_of = dict(scratch.rows("SELECT id, responsible_id FROM planning_activity"))
        assert person_of[first] == petra  # an existing person, matched whatever the case and spaces
        assert person_of[second] is None
        assert person_of[third] == person_of[fourth]  # one new person for one name, whatever its case
        assert person_of[third] not in {None, petra}
        new_names = {text.strip().casefold() for text in responsible_text.values() if text.strip()}
        assert after["organisation_person"] - before["organisation_person"] == len(new_names - people_before)
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
