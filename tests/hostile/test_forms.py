"""Every form class of the app, bound to hostile data: it cleans without raising, refuses in Swedish, and
never hands NUL or a value beyond its column to a service.

The classes are found by walking `BaseForm`'s subclasses after importing every module of the apps that
defines forms, so a form added tomorrow is swept without anyone listing it. Each field gets a value
drawn from the hostile strategies (or nothing, or several values at once). The views' side, the same
values posted through every form the demo shows, is tests/hardening/test_hostile_input.py.
"""

from __future__ import annotations

import datetime
import importlib
import inspect
import pkgutil
import re
from decimal import Decimal

import pytest
from django import forms
from django.apps import apps
from django.conf import settings as django_settings
from django.http import QueryDict
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from budget.models import BudgetVersion
from documents.models import GoverningDocument
from goals.models import AnnualGoal, FocusArea, MandateGoal
from organisation.models import Body, Decision, OrgUnit, Role
from tests import factories
from tests.hostile.strategies import CONTROL, FORMULAS, LONG, MARKUP, UNICODE, hostile_value, sweep

pytestmark = pytest.mark.django_db

PROJECT = {
    config.name for config in apps.get_app_configs() if config.path.startswith(str(django_settings.BASE_DIR))
}
# The bases every form derives from, and abstract shared parents (a leading underscore).
ABSTRACT = {"styrmodell.forms.Form", "styrmodell.forms.ModelForm"}
# An error message in English: one of Django's own or one of ours that escaped translation.
# A value of each kind of trouble, every field at once: all of NASTY is drawn from by the second test.
FORM_NASTY = [
    *MARKUP[:2],
    FORMULAS[1],
    *CONTROL[:4],
    UNICODE[0],
    LONG[0],
    "1 234,50",
    "1,234.50",
    "1" * 26,
    "1e30",
    "-1E+30",
    "NaN",
    "-inf",
    "9223372036854775808",
    "١٢٣",
    "²",
    "--5",
    "2026-02-30",
    "10000-01-01",
    "",
]
ENGLISH = re.compile(r"\b(the|Enter|Ensure|This field|Select a|must|should|is not|valid)\b")


def _import_form_modules() -> None:
    for config in apps.get_app_configs():
        if config.name not in PROJECT:
            continue
        for module in pkgutil.walk_packages([config.path], f"{config.name}."):
            if re.search(r"forms|filters|views|accounts", module.name) and ".tests" not in module.name:
                importlib.import_module(module.name)


def _subclasses(cls: type) -> list[type]:
    found = []
    for sub in cls.__subclasses__():
        found += [sub, *_subclasses(sub)]
    return found


def project_forms() -> list[type[forms.BaseForm]]:
    _import_form_modules()
    chosen = {}
    for cls in _subclasses(forms.BaseForm):
        path = f"{cls.__module__}.{cls.__qualname__}"
        if (
            cls.__module__.split(".")[0] in PROJECT
            and path not in ABSTRACT
            and not cls.__name__.startswith("_")
        ):
            chosen[path] = cls
    return [chosen[path] for path in sorted(chosen)]


FORMS = project_forms()


@pytest.fixture
def world():
    """One of everything a form's choices are drawn from."""
    version = factories.BudgetVersionFactory()
    factories.ActivityFactory()
    factories.AnnualGoalFactory()
    factories.GoverningDocumentFactory()
    user = factories.UserFactory(role=Role.PLANNER)
    return {
        "version": version,
        "user": user,
        "flag": factories.DeviationFlagFactory(),
    }


def constructor_kwargs(cls: type, world: dict) -> dict:
    """What each form's constructor asks for besides its data, by the parameter's name."""
    units = OrgUnit.objects.all()
    by_name = {
        "version": world["version"],
        "versions": list(BudgetVersion.objects.all()),
        "units": units if "Distribution" not in cls.__name__ else list(units),
        "current": {unit.pk: Decimal(0) for unit in units},
        "revenue": None,
        "amounts": {},
        "bodies": list(Body.objects.all()),
        "frames": {},
        "financial": [],
        "geh": [],
        "projects": [],
        "decisions": Decision.objects.all(),
        "key_figures": [],
        "goals": [] if "Company" in cls.__name__ else AnnualGoal.objects.all(),
        "companies": OrgUnit.objects.all(),
        "directives": GoverningDocument.objects.all(),
        "flag": world["flag"],
        "documents": GoverningDocument.objects.all(),
        "mandate_goals": MandateGoal.objects.all(),
        "departments": units,
        "focus_areas": FocusArea.objects.all(),
        "years": [2026, 2027],
        "year": 2026,
        "body": None,
        "user": world["user"],
        "today": datetime.date(2026, 6, 15),
    }
    kwargs = {}
    for klass in cls.__mro__:
        if "__init__" not in vars(klass):
            continue
        for name, parameter in inspect.signature(klass.__init__).parameters.items():
            wanted = parameter.kind == parameter.KEYWORD_ONLY and parameter.default is parameter.empty
            if (
                wanted or (name in by_name and parameter.kind == parameter.KEYWORD_ONLY)
            ) and name not in kwargs:
                kwargs[name] = by_name[name]
    return kwargs


def build(cls: type, world: dict, data: QueryDict) -> forms.BaseForm:
    return cls(data, **constructor_kwargs(cls, world))


def field_names(cls: type, world: dict) -> list[str]:
    form = build(cls, world, QueryDict(mutable=True))
    return [form.add_prefix(name) for name in form.fields]


def check(form: forms.BaseForm) -> None:
    with translation.override("sv"):
        valid = form.is_valid()
        errors = {name: [str(message) for message in messages] for name, messages in form.errors.items()}
    if not valid:
        for name, messages in errors.items():
            for message in messages:
                assert not ENGLISH.search(message), (type(form).__name__, name, message)
        return
    for name, value in form.cleaned_data.items():
        for item in value if isinstance(value, list | tuple) else [value]:
            if isinstance(item, str):
                assert "\x00" not in item, (type(form).__name__, name)
            if isinstance(item, Decimal):
                assert item.is_finite(), (type(form).__name__, name, item)
                assert abs(item) < Decimal(10) ** 20, (type(form).__name__, name, item)
            if isinstance(item, int) and not isinstance(item, bool):
                assert abs(item) <= 2**63 - 1, (type(form).__name__, name, item)


def bind(names: list[str], values: dict[str, object]) -> QueryDict:
    data = QueryDict(mutable=True)
    for name, value in values.items():
        if value is None:
            continue
        data.setlist(name, value if isinstance(value, list) else [value])
    return data


def test_the_sweep_finds_the_apps_forms():
    names = {cls.__name__ for cls in FORMS}
    assert len(FORMS) > 40
    assert {"PlanActivityForm", "ActivityFilterForm", "WheelEventForm", "UploadForm", "FramesForm"} <= names


def test_each_nasty_value_in_every_field_at_once(world):
    failures = []
    for cls in FORMS:
        names = field_names(cls, world)
        for value in FORM_NASTY:
            try:
                check(build(cls, world, bind(names, dict.fromkeys(names, value))))
            except Exception as error:  # noqa: BLE001 - every kind of failure is listed, not only the first
                failures.append(f"{cls.__name__} {value[:30]!r}: {error.__class__.__name__}: {error}")
    assert failures == [], "\n".join(failures)


# One test drawing the form too: the fixture's rows are made once, not once per form.
@settings(sweep, max_examples=3 * len(FORMS))
@given(data=st.data())
def test_drawn_hostile_values(world, data):
    cls = data.draw(st.sampled_from(FORMS), label="form")
    names = field_names(cls, world)
    values = {name: data.draw(hostile_value(), label=name) for name in names}
    check(build(cls, world, bind(names, values)))
