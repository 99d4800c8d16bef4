"""The score of the last `mutmut run`: killed / total, and exit 1 below the bar (`make mutation`).

A mutant counts as killed when a test failed on it, or when the tests ran past mutmut's timeout on it
(it hung them: the suite noticed). Survivors, mutants no test reaches, suspicious ones and segfaults
count against the score. Survivors that docs/mutation.md does not list as equivalent are named.

Run from the project's root after `mutmut run`: python scripts/mutation_score.py [--min 95]
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STATS = ROOT / "mutants" / "mutmut-cicd-stats.json"
EQUIVALENT_LIST = ROOT / "docs" / "mutation.md"


def mutmut(*args: str) -> str:
    command = [str(Path(sys.executable).with_name("mutmut")), *args]
    # A fixed command: mutmut of this interpreter's environment.
    return subprocess.run(command, cwd=ROOT, check=True, capture_output=True, text=True).stdout  # noqa: S603


def survivors() -> list[str]:
    """The surviving mutants' names, from `mutmut results` (lines "name: survived")."""
    names = []
    for line in mutmut("results").splitlines():
        name, _, result = line.strip().rpartition(": ")
        if result == "survived":
            names.append(name)
    return names


def listed_as_equivalent() -> set[str]:
    """The mutant names in the rows of docs/mutation.md's table of equivalent survivors (in backticks)."""
    if not EQUIVALENT_LIST.exists():
        return set()
    rows = [line for line in EQUIVALENT_LIST.read_text(encoding="utf-8").splitlines() if line.startswith("|")]
    return set(re.findall(r"`([\w.]+__mutmut_\d+)`", "\n".join(rows)))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--min", type=float, default=95.0, help="the lowest passing score, in percent")
    options = parser.parse_args()

    mutmut("export-cicd-stats")
    stats = json.loads(STATS.read_text(encoding="utf-8"))
    total = stats["total"]
    if not total:
        print("mutation: no mutants were tested; run `mutmut run` first", file=sys.stderr)
        return 1
    killed = stats["killed"] + stats["timeout"]
    score = 100 * killed / total
    counted = ("killed", "survived", "no_tests", "skipped", "suspicious", "timeout", "segfault")
    not_checked = total - sum(stats[key] for key in counted) - stats["check_was_interrupted_by_user"]
    print(
        f"mutation: {killed} / {total} killed = {score:.1f} % "
        f"(survived {stats['survived']}, no tests {stats['no_tests']}, timeout {stats['timeout']}, "
        f"suspicious {stats['suspicious']}, skipped {stats['skipped']}, segfault {stats['segfault']}, "
        f"not checked {not_checked})"
    )
    unlisted = sorted(set(survivors()) - listed_as_equivalent())
    if unlisted:
        print(f"mutation: {len(unlisted)} survivors not listed as equivalent in docs/mutation.md:")
        for name in unlisted:
            print(f"  {name}    (mutmut show {name})")
    if score < options.min:
        print(f"mutation: below {options.min:g} %", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
