"""The project documents itself: docs/ holds the domain, the glossary and the conventions, and nothing
points outside the repository to find them (a clone has no sibling `shared` directory)."""

import os
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = ("docs/governance-model.md", "docs/glossary.md", "docs/conventions.md")
RULES = range(1, 32)  # R1 … R31

# Built, not written out, so that this file does not match itself.
OUTSIDE = "../" + "shared/"
SKIPPED_DIRS = {".git", ".venv", "node_modules", "locale", "staticfiles", "media", "private_media", "mutants"}
TEXT_SUFFIXES = {".md", ".py", ".html", ".txt", ".toml", ".yml", ".yaml", ".cfg", ".ini", ".sh"}
TEXT_NAMES = {"Makefile", "Dockerfile", "README", ".dockerignore", ".gitignore", "run"}

# A rule is defined by a heading or a list item that starts with its number, e.g. "- **R13 — ...".
RULE_ENTRY = re.compile(r"^(?:#{1,6}|[-*]|\d+\.)\s+(?:\*\*)?R(\d+)\b", re.MULTILINE)
# A relative Markdown link: [text](target), not an address on the web or an anchor.
LINK = re.compile(r"\]\((?!https?:|mailto:|#)([^)\s#]+)")


def repository_text_files() -> list[Path]:
    """The repository's own text files: code, templates, docs and build files."""
    files = []
    for directory, subdirectories, names in os.walk(ROOT):
        subdirectories[:] = [
            name for name in subdirectories if name not in SKIPPED_DIRS and (name == ".ci" or name[0] != ".")
        ]
        files += [
            Path(directory, name)
            for name in names
            if Path(name).suffix in TEXT_SUFFIXES or name in TEXT_NAMES
        ]
    return files


def test_no_file_points_outside_the_repository():
    files = repository_text_files()
    assert ROOT / "README.md" in files
    offenders = [
        str(path.relative_to(ROOT))
        for path in files
        if OUTSIDE in path.read_text(encoding="utf-8", errors="replace")
    ]
    assert offenders == []


@pytest.mark.parametrize("doc", DOCS)
def test_the_readme_links_to_each_doc_and_it_exists(doc):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"]({doc})" in readme
    assert (ROOT / doc).is_file()
    assert (ROOT / doc).read_text(encoding="utf-8").startswith("# ")


def test_every_rule_is_defined_exactly_once_in_the_governance_model():
    text = (ROOT / "docs" / "governance-model.md").read_text(encoding="utf-8")
    defined = [int(number) for number in RULE_ENTRY.findall(text)]
    missing = [n for n in RULES if n not in defined]
    repeated = sorted({n for n in defined if defined.count(n) > 1})
    unknown = sorted(set(defined) - set(RULES))
    assert (missing, repeated, unknown) == ([], [], [])


@pytest.mark.parametrize("doc", ["README.md", *DOCS])
def test_relative_links_resolve(doc):
    path = ROOT / doc
    targets = LINK.findall(path.read_text(encoding="utf-8"))
    broken = [target for target in targets if not (path.parent / target).exists()]
    assert broken == []
