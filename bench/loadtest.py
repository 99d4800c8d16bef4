"""`make loadtest`: gunicorn with production settings on PostgreSQL and Redis, the demo at N=10, and wrk
signed in as a politician against the four most read pages, while handläggare write follow-up updates.

    .venv/bin/python bench/loadtest.py

1. A fresh database `loadtest_n10` on the PostgreSQL server of DATABASE_URL (default
   postgres://postgres@127.0.0.1:5432/postgres) gets the demo at N=10 (bench.scale), and the Redis
   database of LOADTEST_REDIS_URL (default redis://127.0.0.1:6379/15) is emptied for the app's cache
   and queue; the static files are collected.
2. gunicorn serves the app with DJANGO_ENV=production on a free port of 127.0.0.1: LOADTEST_WORKERS
   workers (default 3, as the Docker image), timeout 60 s. The one override: SECURE_SSL_REDIRECT=false,
   since there is no TLS proxy in front; the session is made in the database beforehand (as a sign-in
   would make it) and sent as a cookie, so the Secure flag does not matter.
3. Four wrk processes at once, one per page (`/mal/<year>/`, `/uppfoljning/<year>/`,
   `/verksamhetsplan/<year>/`, `/insyn/`), LOADTEST_CONNECTIONS / 4 connections each (default 32 in
   all), for LOADTEST_SECONDS (default 60), every request with the politician's session. Meanwhile
   LOADTEST_UPDATES (default 200) follow-up updates (`/aktiviteter/<pk>/uppfoljning/`: the form read,
   then saved with a new comment) are written by the handläggare of the activities' units, each
   activity by one of them, spread over the run. Then wrk against `/healthz/` alone, the same way.
4. Afterwards every update's comment must be in the database. The run fails on any socket error, any
   answer other than 200 (so any 5xx), any update refused (an edit conflict cannot be real: nobody
   else edits those activities) or missing, or an error in gunicorn's log. Figures go to stdout as
   `loadtest.<page>.<measure>: value unit` and to build/loadtest.md (and build/loadtest.txt).

Everything stops by itself: wrk has its duration, each request a timeout (LOADTEST_TIMEOUT, 30 s),
gunicorn is stopped in `finally`, and the database is dropped unless LOADTEST_KEEP=1 (a later run with
LOADTEST_REUSE=1 then skips the seeding: for working on the load test itself, not for figures).
"""

from __future__ import annotations

import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.environment import (  # noqa: E402
    BUILD,
    ROOT,
    YEAR,
    drop_database,
    fresh_database,
    machine,
    machine_markdown,
    work_dir,
    worker_env,
)

SECONDS = int(os.environ.get("LOADTEST_SECONDS", "60"))
CONNECTIONS = int(os.environ.get("LOADTEST_CONNECTIONS", "32"))
WORKERS = int(os.environ.get("LOADTEST_WORKERS", "3"))
UPDATES = int(os.environ.get("LOADTEST_UPDATES", "200"))
SCALE = int(os.environ.get("LOADTEST_SCALE", "10"))
# An answer slower than this counts as an error (a socket timeout in wrk's figures); gunicorn's own
# timeout is 60 s.
TIMEOUT = int(os.environ.get("LOADTEST_TIMEOUT", "30"))
PAGES = {
    "goals": f"/mal/{YEAR}/",
    "followup": f"/uppfoljning/{YEAR}/",
    "plan": f"/verksamhetsplan/{YEAR}/",
    "insyn": "/insyn/",
}
MARK = "Lasttest"
WRK_SCRIPT = """
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args)
  bad = 0
  server_errors = 0
  wrk.headers["Cookie"] = os.getenv("LOADTEST_COOKIE")
end
function response(status, headers, body)
  if status ~= 200 then bad = bad + 1 end
  if status >= 500 then server_errors = server_errors + 1 end
end
function done(summary, latency, requests)
  local b, s = 0, 0
  for _, t in ipairs(threads) do b = b + t:get("bad"); s = s + t:get("server_errors") end
  local e = summary.errors
  io.write(string.format(
    "RESULT {\\"requests\\": %d, \\"duration_us\\": %d, " ..
    "\\"p50_us\\": %d, \\"p99_us\\": %d, \\"max_us\\": %d, " ..
    "\\"not_200\\": %d, \\"status_5xx\\": %d, \\"socket_errors\\": %d}\\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99), latency.max,
    b, s, e.connect + e.read + e.write + e.timeout))
end
"""


def say(name: str, value: float | int, unit: str) -> str:
    text = f"{value:.1f}" if isinstance(value, float) else str(value)
    line = f"loadtest.{name}: {text} {unit}"
    print(line, flush=True)
    return line


# Steps run in a Django process of their own (development settings, the same SECRET_KEY)


def prepare() -> None:
    """Seed N times the demo and print the sessions and the activities to update, as JSON."""
    import django

    django.setup()
    from django.conf import settings
    from django.test import Client

    from bench.scale import seed
    from organisation.models import Role, User
    from planning.models import Activity

    if os.environ.get("LOADTEST_REUSE") != "1":
        seed(SCALE)

    def session(user: User) -> str:
        client = Client()
        client.force_login(user)
        return client.cookies[settings.SESSION_COOKIE_NAME].value

    writers, taken = [], set()
    administrators = [
        u for u in User.objects.filter(is_active=True).order_by("pk") if u.has_role(Role.ADMINISTRATOR)
    ]
    mine = {
        user.pk: list(
            Activity.objects.follow_up_editable_by(user).order_by("pk").values_list("pk", flat=True)
        )
        for user in administrators
    }
    # Each activity to one handläggare, round robin, until there are enough.
    queues = {pk: [a for a in ids] for pk, ids in mine.items() if ids}
    assigned: dict[int, list[int]] = {pk: [] for pk in queues}
    while sum(map(len, assigned.values())) < UPDATES and any(queues.values()):
        for pk, ids in queues.items():
            while ids and ids[0] in taken:
                ids.pop(0)
            if ids and sum(map(len, assigned.values())) < UPDATES:
                taken.add(ids[0])
                assigned[pk].append(ids.pop(0))
    users = {u.pk: u for u in administrators}
    for pk, activities in assigned.items():
        if activities:
            writers.append(
                {"user": users[pk].username, "cookie": session(users[pk]), "activities": activities}
            )
    politician = User.objects.get(username="politiker")
    print("PREPARED " + json.dumps({"politician": session(politician), "writers": writers}), flush=True)


def verify(expected: str) -> None:
    """Print how many of the expected comments are in the database."""
    import django

    django.setup()
    from planning.models import Activity

    wanted = json.loads(expected)
    found = dict(
        Activity.objects.filter(pk__in=[int(pk) for pk in wanted]).values_list("pk", "progress_comment")
    )
    stored = sum(1 for pk, comment in wanted.items() if found.get(int(pk)) == comment)
    print(f"VERIFIED {stored}", flush=True)


# The driver


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def run_django(mode: str, env: dict, *args: str, timeout: float) -> str:
    command = [sys.executable, str(Path(__file__).resolve()), mode, *args]
    done = subprocess.run(  # noqa: S603
        command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )
    if done.returncode:
        raise SystemExit(f"{mode} failed:\n{done.stdout[-2000:]}\n{done.stderr[-4000:]}")
    return done.stdout


def wait_until_up(base: str, process: subprocess.Popen, seconds: float = 60) -> None:
    import requests

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit("gunicorn stopped while starting (see its log above)")
        try:
            if requests.get(base + "/healthz/", timeout=2).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.5)
    raise SystemExit(f"gunicorn did not answer /healthz/ within {seconds:.0f} s")


def wrk(base: str, path: str, connections: int, cookie: str, work: Path) -> subprocess.Popen:
    script = work / "count.lua"
    if not script.exists():  # written once: the wrk processes of a run start together and read it
        script.write_text(WRK_SCRIPT)
    command = [
        "wrk",
        f"-t{min(connections, 2)}",
        f"-c{connections}",
        f"-d{SECONDS}s",
        "--timeout",
        f"{TIMEOUT}s",
    ]
    command += ["-s", str(script), base + path]
    return subprocess.Popen(  # noqa: S603
        command,
        env={**os.environ, "LOADTEST_COOKIE": cookie},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def wrk_result(process: subprocess.Popen) -> dict:
    output, _ = process.communicate(timeout=SECONDS + 60)
    found = re.search(r"^RESULT (\{.*\})$", output, re.MULTILINE)
    if process.returncode or not found:
        raise SystemExit(f"wrk failed ({process.returncode}):\n{output}")
    return json.loads(found.group(1))


class Writers:
    """Handläggare saving follow-up updates through the forms, paced over the run, in threads."""

    FIELD = re.compile(r'name="(?P<name>csrfmiddlewaretoken|version)" value="(?P<value>[^"]*)"')
    STATUS = re.compile(
        r'<select name="status"[^>]*>.*?<option value="(?P<value>[^"]*)"[^>]*selected', re.DOTALL
    )
    DONE_ON = re.compile(r'name="completed_on" value="(?P<value>[^"]*)"')

    def __init__(self, base: str, writers: list[dict], seconds: float) -> None:
        self.base, self.writers, self.seconds = base, writers, seconds
        self.total = sum(len(w["activities"]) for w in writers)
        self.saved: dict[str, str] = {}
        self.conflicts: list[int] = []
        self.refused: list[str] = []
        self.lock = threading.Lock()
        self.threads = [threading.Thread(target=self.write, args=(w,), daemon=True) for w in writers]

    def start(self) -> None:
        for thread in self.threads:
            thread.start()

    def join(self) -> None:
        for thread in self.threads:
            thread.join(timeout=self.seconds + 120)

    def write(self, writer: dict) -> None:
        import requests

        http = requests.Session()
        http.headers["Cookie"] = f"sessionid={writer['cookie']}"
        interval = self.seconds * 0.9 / max(len(writer["activities"]), 1)
        began = time.monotonic()
        for index, pk in enumerate(writer["activities"]):
            time.sleep(max(0.0, began + index * interval - time.monotonic()))
            try:
                self.update(http, writer, pk)
            except Exception as error:  # noqa: BLE001 - every failure is reported, none stops the run
                with self.lock:
                    self.refused.append(f"{pk}: {type(error).__name__}: {error}")

    def update(self, http, writer: dict, pk: int) -> None:
        address = f"{self.base}/aktiviteter/{pk}/uppfoljning/"
        form = http.get(address, timeout=30)
        if form.status_code != 200:
            raise RuntimeError(f"the form answered {form.status_code}")
        fields = dict(self.FIELD.findall(form.text))
        status = self.STATUS.search(form.text)
        done_on = self.DONE_ON.search(form.text)
        csrf = form.cookies.get("csrftoken") or http.cookies.get("csrftoken")
        comment = f"{MARK} {pk} av {writer['user']}"
        data = {
            "csrfmiddlewaretoken": fields.get("csrfmiddlewaretoken", ""),
            "version": fields.get("version", ""),
            "status": status.group("value") if status else "",
            "completed_on": done_on.group("value") if done_on else "",
            "progress_comment": comment,
        }
        cookie = f"sessionid={writer['cookie']}" + (f"; csrftoken={csrf}" if csrf else "")
        answer = http.post(address, data=data, headers={"Cookie": cookie}, allow_redirects=False, timeout=30)
        with self.lock:
            if answer.status_code == 302:
                self.saved[str(pk)] = comment
            elif answer.status_code == 200 and "edit-conflict" in answer.text:
                self.conflicts.append(pk)
            else:
                errors = re.findall(r'class="[^"]*error[^"]*"[^>]*>(.*?)<', answer.text)[:3]
                self.refused.append(f"{pk}: {answer.status_code} {errors}")


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)


def markdown(
    results: dict[str, dict], writers: Writers, stored: int, facts: dict, gunicorn_errors: int
) -> str:
    out = ["### Machine\n", machine_markdown(facts)]
    out.append(
        f"\n### Load: N={SCALE}, gunicorn {WORKERS} workers, {SECONDS} s, {CONNECTIONS} connections "
        "(the four pages at once, then `/healthz/` alone)\n"
    )
    out.append("| page | requests/s | p50 | p99 | max | requests | not 200 | 5xx | socket errors |")
    out.append("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    pages = [r for name, r in results.items() if name in PAGES]
    rows = [*results.items()]
    rows.insert(
        len(pages),
        (
            "the four pages",
            {
                "rps": sum(r["rps"] for r in pages),
                **{key: max(r[key] for r in pages) for key in ("p50_us", "p99_us", "max_us")},
                **{
                    key: sum(r[key] for r in pages)
                    for key in ("requests", "not_200", "status_5xx", "socket_errors")
                },
            },
        ),
    )
    for name, r in rows:
        path = PAGES.get(name, "/healthz/" if name == "healthz" else None)
        path = f"`{path}`" if path else f"{name} (p50, p99: the slowest page's)"
        out.append(
            f"| {path} | {r['rps']:.1f} | {r['p50_us'] / 1000:.0f} ms | {r['p99_us'] / 1000:.0f} ms | "
            f"{r['max_us'] / 1000:.0f} ms | {r['requests']} | {r['not_200']} | {r['status_5xx']} | "
            f"{r['socket_errors']} |"
        )
    out.append(
        f"\nFollow-up updates by handläggare during the run: {len(writers.saved)} of {writers.total} saved, "
        f"{stored} found in the database afterwards, {len(writers.conflicts)} edit conflicts, "
        f"{len(writers.refused)} refused otherwise; {gunicorn_errors} errors in gunicorn's log.\n"
    )
    return "\n".join(out)


def main() -> int:
    if len(sys.argv) >= 2 and sys.argv[1] == "--prepare":
        prepare()
        return 0
    if len(sys.argv) >= 2 and sys.argv[1] == "--verify":
        verify(sys.stdin.read())
        return 0
    os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    # Its own variable, not REDIS_URL: the run empties this Redis database first.
    redis_url = os.environ.get("LOADTEST_REDIS_URL", "redis://127.0.0.1:6379/15")
    if not os.environ["DATABASE_URL"].startswith(("postgres://", "postgresql://")):
        raise SystemExit("the load test runs on PostgreSQL: set DATABASE_URL to a PostgreSQL server")
    work = work_dir("styrmodell-loadtest-")
    if os.environ.get("LOADTEST_REUSE") == "1":  # a database kept by LOADTEST_KEEP=1, seeded already
        parts = urlsplit(os.environ["DATABASE_URL"])
        url = urlunsplit(parts._replace(path=f"/loadtest_n{SCALE}"))
    else:
        url = fresh_database(f"loadtest_n{SCALE}", work)
    secret = secrets.token_urlsafe(50)
    common = {"SECRET_KEY": secret, "REDIS_URL": redis_url, "LOG_LEVEL": "WARNING"}
    dev = worker_env(url, work, **common)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    production = worker_env(
        url,
        work,
        **common,
        DJANGO_ENV="production",
        DEBUG="false",
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="false",
        SITE_URL=base,
    )
    import redis

    redis.Redis.from_url(redis_url).flushdb()
    gunicorn = None
    lines: list[str] = []
    try:
        started = time.perf_counter()
        prepared = run_django("--prepare", dev, timeout=1800)
        plan = json.loads(re.search(r"^PREPARED (.*)$", prepared, re.MULTILINE).group(1))
        lines.append(say("seed.seconds", time.perf_counter() - started, "s"))
        subprocess.run(  # noqa: S603
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
            cwd=ROOT,
            env=production,
            check=True,
        )
        log = (work / "gunicorn.log").open("w+")
        gunicorn = subprocess.Popen(  # noqa: S603
            [str(Path(sys.executable).parent / "gunicorn"), "styrmodell.wsgi", "--bind", f"127.0.0.1:{port}"]
            + ["--workers", str(WORKERS), "--timeout", "60", "--graceful-timeout", "10"],
            cwd=ROOT,
            env=production,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        wait_until_up(base, gunicorn)
        cookie = f"sessionid={plan['politician']}"
        for path in PAGES.values():  # one request each first: the workers' caches warm, the session works
            import requests

            answer = requests.get(base + path, headers={"Cookie": cookie}, timeout=60, allow_redirects=False)
            if answer.status_code != 200:
                raise SystemExit(f"{path} answered {answer.status_code} before the load")
        writers = Writers(base, plan["writers"], SECONDS)
        per_page = max(1, CONNECTIONS // len(PAGES))
        processes = {name: wrk(base, path, per_page, cookie, work) for name, path in PAGES.items()}
        writers.start()
        results = {name: wrk_result(process) for name, process in processes.items()}
        writers.join()
        results["healthz"] = wrk_result(wrk(base, "/healthz/", CONNECTIONS, cookie, work))
        for result in results.values():
            result["rps"] = result["requests"] / (result["duration_us"] / 1e6)
        stored = int(
            re.search(
                r"VERIFIED (\d+)",
                subprocess.run(  # noqa: S603
                    [sys.executable, str(Path(__file__).resolve()), "--verify"],
                    input=json.dumps(writers.saved),
                    cwd=ROOT,
                    env=dev,
                    capture_output=True,
                    text=True,
                    timeout=300,
                    check=True,
                ).stdout,
            ).group(1)
        )
    finally:
        if gunicorn is not None:
            stop(gunicorn)
        if os.environ.get("LOADTEST_KEEP") != "1" and os.environ.get("LOADTEST_REUSE") != "1":
            drop_database(url)
    log.seek(0)
    gunicorn_log = log.read()
    gunicorn_errors = len(re.findall(r"\[(?:ERROR|CRITICAL)\]|Traceback", gunicorn_log))
    for name, r in results.items():
        lines.append(say(f"{name}.rps", r["rps"], "req/s"))
        lines.append(say(f"{name}.p50", r["p50_us"] / 1000, "ms"))
        lines.append(say(f"{name}.p99", r["p99_us"] / 1000, "ms"))
        lines.append(say(f"{name}.not_200", r["not_200"], "responses"))
        lines.append(say(f"{name}.status_5xx", r["status_5xx"], "responses"))
        lines.append(say(f"{name}.socket_errors", r["socket_errors"], "errors"))
    lines.append(say("updates.planned", writers.total, "updates"))
    lines.append(say("updates.saved", len(writers.saved), "updates"))
    lines.append(say("updates.stored", stored, "updates"))
    lines.append(say("updates.conflicts", len(writers.conflicts), "updates"))
    lines.append(say("updates.refused", len(writers.refused), "updates"))
    lines.append(say("gunicorn.errors", gunicorn_errors, "errors"))
    BUILD.mkdir(exist_ok=True)
    (BUILD / "loadtest.txt").write_text("\n".join(lines) + "\n")
    (BUILD / "loadtest.md").write_text(
        markdown(results, writers, stored, machine(os.environ["DATABASE_URL"]), gunicorn_errors)
    )
    print(f"# written: {BUILD / 'loadtest.txt'}, {BUILD / 'loadtest.md'}")
    problems = [
        f"{name}: {r['not_200']} not 200, {r['socket_errors']} socket errors"
        for name, r in results.items()
        if r["not_200"] or r["socket_errors"]
    ]
    if writers.total < UPDATES:
        problems.append(f"only {writers.total} activities to update, not {UPDATES}")
    if stored != UPDATES or writers.conflicts or writers.refused:
        problems.append(
            f"updates: {stored} of {UPDATES} stored; refused: {writers.refused[:5]}; "
            f"conflicts: {writers.conflicts[:5]}"
        )
    if gunicorn_errors:
        problems.append("gunicorn logged errors:\n" + gunicorn_log[-3000:])
    for problem in problems:
        print(f"# FAILED {problem}", flush=True)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
