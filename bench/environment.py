"""What the benchmarks and the load test share: a fresh database per run, and the machine they ran on.

No Django here: the drivers run before Django is set up and hand each worker process its environment.
"""

from __future__ import annotations

import datetime
import os
import platform
import re
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
BUILD = ROOT / "build"
# The year the demo's plan, budget and follow-up are for.
YEAR = int(os.environ.get("BENCH_YEAR", "2026"))


def fresh_database(name: str, work: Path) -> str:
    """A DATABASE_URL for an empty database: on the PostgreSQL server of DATABASE_URL, when set,
    database `name` dropped and created again; otherwise a new SQLite file in `work`."""
    base = os.environ.get("DATABASE_URL", "")
    if not base.startswith(("postgres://", "postgresql://")):
        return f"sqlite:///{work / (name + '.sqlite3')}"
    import psycopg

    parts = urlsplit(base)
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
    return urlunsplit(parts._replace(path="/" + name))


def drop_database(url: str) -> None:
    """Drop a PostgreSQL database that fresh_database made (a SQLite file goes with its directory)."""
    if not url.startswith(("postgres://", "postgresql://")):
        return
    import psycopg

    parts = urlsplit(url)
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{parts.path.lstrip("/")}" WITH (FORCE)')


def work_dir(prefix: str) -> Path:
    return Path(tempfile.mkdtemp(prefix=prefix))


def worker_env(database_url: str, work: Path, **extra: str) -> dict[str, str]:
    """The environment of a process that runs Django against `database_url`."""
    env = dict(os.environ)
    env.update(
        DATABASE_URL=database_url,
        PRIVATE_MEDIA_ROOT=str(work / "private_media"),
        MEDIA_ROOT=str(work / "media"),
        DJANGO_SETTINGS_MODULE="styrmodell.settings",
        PYTHONPATH=str(ROOT),
        **extra,
    )
    return env


def _command(*args: str) -> str:
    try:
        return subprocess.run(args, capture_output=True, text=True, timeout=10, check=False).stdout.strip()  # noqa: S603
    except (OSError, subprocess.TimeoutExpired):
        return ""


def machine(database_url: str) -> dict[str, str]:
    """The machine, software and code a run measured, for the record beside its figures."""
    cpuinfo = Path("/proc/cpuinfo").read_text() if Path("/proc/cpuinfo").exists() else ""
    model = re.search(r"^model name\s*:\s*(.+)$", cpuinfo, re.MULTILINE)
    meminfo = Path("/proc/meminfo").read_text() if Path("/proc/meminfo").exists() else ""
    memory = re.search(r"^MemTotal:\s*(\d+) kB", meminfo, re.MULTILINE)
    database = "SQLite"
    if database_url.startswith(("postgres://", "postgresql://")):
        import psycopg

        with psycopg.connect(database_url) as connection:
            database = "PostgreSQL " + connection.execute("SHOW server_version").fetchone()[0]
    commit = _command("git", "-C", str(ROOT), "rev-parse", "--short", "HEAD")
    dirty = _command("git", "-C", str(ROOT), "status", "--porcelain", "--untracked-files=no")
    return {
        "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "commit": commit + (" (with uncommitted changes)" if dirty else ""),
        "cpu": model.group(1).strip() if model else platform.processor() or "unknown",
        "cores": str(os.cpu_count()),
        "memory": f"{int(memory.group(1)) / 1024 / 1024:.1f} GB" if memory else "unknown",
        "os": platform.platform(terse=True),
        "python": platform.python_version(),
        "database": database,
    }


def machine_markdown(facts: dict[str, str]) -> str:
    rows = [
        ("Date", facts["date"]),
        ("Commit", facts["commit"]),
        ("CPU", f"{facts['cpu']}, {facts['cores']} cores (`nproc`)"),
        ("Memory", facts["memory"]),
        ("OS", facts["os"]),
        ("Python", facts["python"]),
        ("Database", facts["database"]),
    ]
    return "| | |\n| --- | --- |\n" + "".join(f"| {name} | {value} |\n" for name, value in rows)


def python() -> str:
    return sys.executable
