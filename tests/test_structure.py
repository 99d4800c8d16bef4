"""The shape the code keeps (docs/conventions.md): one lifecycle, one home for roles, no write in a
view, the budget below the plan, view modules named one way and none importing another.

Read from the source, like a reviewer's grep; migrations are history and are left out.
"""

import ast
import re
from pathlib import Path

import pytest

from organisation.roles import Role

ROOT = Path(__file__).resolve().parent.parent
APPS = (
    "organisation",
    "documents",
    "goals",
    "budget",
    "planning",
    "followup",
    "calendar_wheel",
    "styrmodell",
)


def app_sources() -> list[Path]:
    return [
        path for app in APPS for path in sorted((ROOT / app).rglob("*.py")) if "migrations" not in path.parts
    ]


def view_modules() -> list[Path]:
    return [p for p in app_sources() if p.name == "views.py" or p.parent.name == "views"]


def relative(path: Path) -> str:
    return str(path.relative_to(ROOT))


def test_the_adoption_constraint_is_written_once():
    places = [relative(p) for p in app_sources() if "adopted_has_decision" in p.read_text()]
    assert places == ["organisation/lifecycle.py"]


def test_no_role_is_named_outside_the_roles_module():
    names = "|".join(re.escape(role.value) for role in Role)
    literal = re.compile(rf"""["']({names})["']""")
    places = [
        f"{relative(p)}: {m.group(0)}"
        for p in app_sources()
        if relative(p) != "organisation/roles.py"
        for m in literal.finditer(p.read_text())
    ]
    assert places == []


def test_the_budget_does_not_import_the_plan():
    imports = [
        relative(p)
        for p in (ROOT / "budget").rglob("*.py")
        if "migrations" not in p.parts and re.search(r"^\s*(from|import) planning\b", p.read_text(), re.M)
    ]
    assert imports == []


@pytest.mark.parametrize("path", view_modules(), ids=relative)
def test_a_view_module_does_not_write_or_import_another_view_module(path):
    tree = ast.parse(path.read_text())
    saves = [
        node.lineno for node in ast.walk(tree) if isinstance(node, ast.Attribute) and node.attr == "save"
    ]
    assert saves == [], f"{relative(path)} calls .save() on lines {saves}: write through a service"
    imported = [
        node.module
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom)
        and node.module
        and node.module.split(".")[0] in APPS
        and (node.module.endswith(".views") or ".views." in node.module)
    ]
    assert imported == [], f"{relative(path)} imports the view modules {imported}"


def test_view_modules_are_named_one_way_and_stay_readable():
    for path in app_sources():
        assert not re.fullmatch(r"(views_.+|.+_views)\.py", path.name), (
            f"{relative(path)}: use a views/ package"
        )
    for path in view_modules():
        assert len(path.read_text().splitlines()) <= 520, f"{relative(path)} is over ~500 lines: split it"
