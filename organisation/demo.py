"""Demo organisation modelled on Ånge kommun's governance model (KS 22/327).

Everything is found or created by its natural key, so running it again changes nothing.
People are fictional; the structure follows the seed: KF and KS with presidia, KS's committees,
the administration's departments and units, and two wholly-owned companies.

`dated` is shared by every app's demo: the history (django-simple-history) of what a block creates
is dated on the day the municipality did it (a decision's meeting, a plausible working day), by the
demo user who would have done it, instead of "today, by the system".
"""

from __future__ import annotations

import datetime
import functools
import random
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import holidays
from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Group
from django.db import connection, models
from django.utils import timezone

from goals.periods import Period
from organisation.models import (
    Assignment,
    Body,
    Decision,
    Meeting,
    OrgUnit,
    Party,
    Person,
    Placement,
    Role,
    User,
)

DEMO_PASSWORD = "styrmodell-demo"  # noqa: S105 - the documented demo password
MAIL_DOMAIN = "ange.example"

# (name, kind, cost centre, parent cost centre or None for the municipality, closed on)
UNITS: list[tuple[str, str, str, str | None, datetime.date | None]] = [
    ("Kommunförvaltningen", "forvaltning", "1000", None, None),
    ("Kommunledningsavdelningen", "avdelning", "1100", "1000", None),
    ("Kansliet", "enhet", "1110", "1100", None),
    ("Ekonomienheten", "enhet", "1120", "1100", None),
    ("HR-enheten", "enhet", "1130", "1100", None),
    ("Kommunikation och IT", "enhet", "1140", "1100", None),
    ("Näringsliv och utveckling", "enhet", "1150", "1100", None),
    ("Barn- och utbildningsavdelningen", "avdelning", "1200", "1000", None),
    ("Förskolan", "enhet", "1210", "1200", None),
    ("Ånge grundskola", "enhet", "1220", "1200", None),
    ("Fränsta grundskola", "enhet", "1230", "1200", None),
    ("Elevhälsan", "enhet", "1240", "1200", None),
    ("Vård- och omsorgsavdelningen", "avdelning", "1300", "1000", None),
    ("Hemtjänsten", "enhet", "1310", "1300", None),
    ("Särskilt boende", "enhet", "1320", "1300", None),
    ("LSS och socialpsykiatri", "enhet", "1330", "1300", None),
    ("Individ- och familjeomsorgen", "avdelning", "1400", "1000", None),
    ("Barn och familj", "enhet", "1410", "1400", None),
    ("Arbetsmarknad och integration", "enhet", "1420", "1400", None),
    ("Integrationsenheten", "enhet", "1430", "1400", datetime.date(2024, 12, 31)),
    ("Samhällsbyggnadsavdelningen", "avdelning", "1500", "1000", None),
    ("Teknik och fastighet", "enhet", "1510", "1500", None),
    ("Plan och bygg", "enhet", "1520", "1500", None),
    ("Kultur och fritid", "enhet", "1530", "1500", None),
    ("Kostenheten", "enhet", "1540", "1500", None),
    ("Ångebostäder AB", "bolag", "9100", None, None),
    ("Ånge Industrilokaler AB", "bolag", "9200", None, None),
]

PARTIES = [
    ("Socialdemokraterna", "S"),
    ("Centerpartiet", "C"),
    ("Sverigedemokraterna", "SD"),
    ("Moderaterna", "M"),
    ("Vänsterpartiet", "V"),
    ("Kristdemokraterna", "KD"),
    ("Liberalerna", "L"),
]
# Seats in KF (35) and KS (11) per party, both terms alike for the demo.
KF_SEATS = {"S": 13, "C": 7, "SD": 6, "M": 4, "V": 3, "KD": 1, "L": 1}
KS_SEATS = {"S": 4, "C": 2, "SD": 2, "M": 1, "V": 1, "KD": 1}

FIRST_NAMES = [
    "Anna",
    "Erik",
    "Maria",
    "Lars",
    "Karin",
    "Per",
    "Eva",
    "Johan",
    "Sara",
    "Anders",
    "Lena",
    "Mikael",
    "Elin",
    "Nils",
    "Ingrid",
    "Jonas",
    "Åsa",
    "Olof",
    "Märta",
    "Göran",
    "Linnéa",
    "Björn",
    "Sofia",
    "Stefan",
    "Emma",
    "Håkan",
    "Kristina",
    "Magnus",
    "Ulla",
    "Peter",
    "Helena",
    "Torbjörn",
    "Frida",
    "Jörgen",
    "Lisa",
]
LAST_NAMES = [
    "Andersson",
    "Berglund",
    "Östlund",
    "Sjöberg",
    "Holm",
    "Lindqvist",
    "Åström",
    "Nordin",
    "Eriksson",
    "Hedlund",
    "Sundström",
    "Öberg",
    "Nyström",
    "Jonsson",
    "Lundgren",
    "Forsberg",
    "Ålund",
    "Persson",
    "Wikström",
    "Hägglund",
    "Edström",
    "Norberg",
    "Strand",
    "Bäckström",
    "Olsson",
]

# The head of each unit, who answers for its activities and so receives the follow-up's reminders
# (cost centre: name, and the demo user who is that person, if any). The handläggare heads Elevhälsan:
# a unit manager is a handläggare (R2), and her person carries her account and e-mail.
UNIT_HEADS: dict[str, tuple[str, str | None]] = {
    "1110": ("Birgitta Fahlén", None),
    "1120": ("Tomas Lidén", None),
    "1130": ("Camilla Rydén", None),
    "1140": ("Fredrik Nääs", None),
    "1150": ("Agneta Hellström", None),
    "1210": ("Marie Sundqvist", None),
    "1220": ("Henrik Modin", None),
    "1230": ("Annika Bodin", None),
    "1240": ("Helena Berg", Role.ADMINISTRATOR),
    "1310": ("Monica Granlund", None),
    "1320": ("Roger Ekman", None),
    "1330": ("Susanne Mattsson", None),
    "1410": ("Therese Lund", None),
    "1420": ("Kenneth Dahl", None),
    "1510": ("Leif Söderberg", None),
    "1520": ("Cecilia Bergman", None),
    "1530": ("Mattias Hedin", None),
    "1540": ("Gunilla Frisk", None),
}

TERMS = [
    (datetime.date(2022, 10, 15), datetime.date(2026, 10, 14)),
    (datetime.date(2026, 10, 15), datetime.date(2030, 10, 14)),
]

# Where the demo's staff work (username: person, unit's cost centre). Their units follow these
# placements (organisation.mandate), so each is placed in the units _seed_users gives the account.
PLACEMENTS: dict[str, tuple[str, str]] = {
    Role.ADMINISTRATOR: ("Helena Berg", "1200"),
    "bolag": ("Birgitta Holm", "9100"),
}
# The demo's elected members: their role follows their assignments (organisation.mandate).
ELECTED_USERS = ("politiker", "presidium")


@dataclass(frozen=True)
class DemoUser:
    username: str
    first_name: str
    last_name: str
    role: str
    staff: bool = False


DEMO_USERS = [
    DemoUser("politiker", "Petra", "Lindgren", Role.POLITICIAN),
    DemoUser("presidium", "Hans", "Wallin", Role.POLITICIAN),
    DemoUser(Role.ADMINISTRATOR, "Helena", "Berg", Role.ADMINISTRATOR),
    DemoUser(Role.PLANNER, "Pontus", "Sandberg", Role.PLANNER),
    DemoUser(Role.FINANCE, "Eva", "Kronberg", Role.FINANCE),
    DemoUser("admin", "Adam", "Sysander", Role.SYSADMIN, staff=True),
    DemoUser("bolag", "Birgitta", "Holm", Role.COMPANY_REPORTER),
]


def at(day: datetime.date, hour: int = 10, minute: int = 0) -> datetime.datetime:
    """A moment of a working day in the municipality's time zone."""
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=ZoneInfo(settings.TIME_ZONE))


@functools.cache
def _history_models() -> tuple[type[models.Model], ...]:
    """Every model's history table (the many-to-many histories have no date of their own)."""
    dated_models = []
    for model in apps.get_models():
        names = {field.name for field in model._meta.fields}
        if model.__name__.startswith("Historical") and "history_date" in names:
            dated_models.append(model)
    return tuple(dated_models)


def _latest_ids(history_models: Sequence[type[models.Model]]) -> list[int]:
    """The newest history id in each table, in one query (a block looks at every history twice)."""
    quote = connection.ops.quote_name
    sql = " UNION ALL ".join(
        f"SELECT {index}, MAX(history_id) FROM {quote(model._meta.db_table)}"  # noqa: S608 - model tables
        for index, model in enumerate(history_models)
    )
    with connection.cursor() as cursor:
        cursor.execute(sql)
        tops = dict(cursor.fetchall())
    return [tops[index] or 0 for index in range(len(history_models))]


@contextmanager
def dated(
    when: datetime.date | datetime.datetime, user: User | None, *tracked: type[models.Model]
) -> Iterator[None]:
    """Date the history records written inside the block at `when`, by `user`.

    The services stamp their records "now"; the demo tells a story from 2021 to November 2026, so the
    records a block writes are moved to the day it happened. `tracked` limits the work to those
    models' histories (the default looks at every history). Nothing written: nothing changes.
    """
    if not isinstance(when, datetime.datetime):
        when = at(when)
    history_models = tuple(model.history.model for model in tracked) if tracked else _history_models()
    before = _latest_ids(history_models)
    yield
    after = _latest_ids(history_models)
    for model, mark, top in zip(history_models, before, after, strict=True):
        if top > mark:
            model.objects.filter(history_id__gt=mark).update(history_date=when, history_user=user)


def working_day(day: datetime.date) -> datetime.date:
    """The day, or the next working day when it is a weekend or a Swedish public holiday."""
    return _working_day(day)


# The administration started keeping its organisation in the system when the governance model's work
# began; each term's elected members were entered on the first working days of the term.
ORGANISATION_ENTERED = datetime.date(2021, 1, 11)
TERM_ENTERED = [datetime.date(2022, 10, 17), datetime.date(2026, 10, 19)]
# KF adopts next year's meeting schedule at its October meeting; the kansli enters it the week after.
SCHEDULE_ENTERED = {2026: datetime.date(2025, 11, 3), 2027: datetime.date(2026, 11, 2)}


def seed(*, stdout=None) -> None:
    """Create the demo organisation; a second run finds everything and changes nothing."""
    with dated(at(ORGANISATION_ENTERED, 9, 30), None):
        municipality, _ = OrgUnit.objects.get_or_create(
            kind=OrgUnit.Kind.MUNICIPALITY,
            parent=None,
            defaults={"name": "Ånge kommun", "kolada_code": "2260", "valid_from": datetime.date(1974, 1, 1)},
        )
        units = _seed_units(municipality)
        parties = {
            abbr: Party.objects.get_or_create(abbreviation=abbr, defaults={"name": name})[0]
            for name, abbr in PARTIES
        }
        bodies = _seed_bodies(municipality, units)
        users = _seed_users(units)
    # The system administrator set the organisation up; dated separately so that the admin's own
    # creation is in the block too.
    admin = users["admin"]
    for model in (OrgUnit, Party, Body, User):
        model.history.filter(history_date=at(ORGANISATION_ENTERED, 9, 30), history_user=None).update(
            history_user=admin
        )
    with dated(at(ORGANISATION_ENTERED, 10), admin):
        _seed_unit_heads(users)
        _seed_placements(users, units)
    _seed_politicians(bodies, parties, users, admin)
    _seed_meetings(bodies, users[Role.PLANNER])
    _seed_decisions(bodies, users[Role.PLANNER])


def _seed_units(municipality: OrgUnit) -> dict[str, OrgUnit]:
    units: dict[str, OrgUnit] = {}
    for name, kind, code, parent_code, closed in UNITS:
        parent = units[parent_code] if parent_code else municipality
        units[code], _ = OrgUnit.objects.get_or_create(
            cost_centre=code,
            defaults={
                "name": name,
                "kind": kind,
                "parent": parent,
                "valid_from": datetime.date(2019, 1, 1),
                "valid_to": closed,
            },
        )
    return units


def _seed_bodies(municipality: OrgUnit, units: dict[str, OrgUnit]) -> dict[str, Body]:
    specs = [
        ("KF", "Kommunfullmäktige", Body.Kind.ASSEMBLY, None, []),
        ("KS", "Kommunstyrelsen", Body.Kind.EXECUTIVE_BOARD, None, ["1000"]),
        ("KSAU", "Kommunstyrelsens arbetsutskott", Body.Kind.COMMITTEE, "KS", ["1100"]),
        ("BUU", "Barn- och utbildningsutskottet", Body.Kind.COMMITTEE, "KS", ["1200"]),
        ("SOU", "Socialutskottet", Body.Kind.COMMITTEE, "KS", ["1300", "1400"]),
        ("SBU", "Samhällsbyggnadsutskottet", Body.Kind.COMMITTEE, "KS", ["1500"]),
        ("ÅBAB", "Styrelsen för Ångebostäder AB", Body.Kind.COMPANY_BOARD, None, ["9100"]),
        ("ÅILAB", "Styrelsen för Ånge Industrilokaler AB", Body.Kind.COMPANY_BOARD, None, ["9200"]),
    ]
    bodies: dict[str, Body] = {}
    for short, name, kind, parent, unit_codes in specs:
        body, created = Body.objects.get_or_create(
            short_name=short, defaults={"name": name, "kind": kind, "parent": bodies.get(parent)}
        )
        if created:
            body.units.set([municipality] if short == "KF" else [units[code] for code in unit_codes])
        bodies[short] = body
    return bodies


def _seed_users(units: dict[str, OrgUnit]) -> dict[str, User]:
    users: dict[str, User] = {}
    for spec in DEMO_USERS:
        user, created = User.objects.get_or_create(
            username=spec.username,
            defaults={
                "first_name": spec.first_name,
                "last_name": spec.last_name,
                "email": f"{spec.username}@{MAIL_DOMAIN}",
                "is_staff": spec.staff,
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
            user.groups.add(Group.objects.get(name=spec.role))
            if spec.role == Role.ADMINISTRATOR:
                user.units.add(units["1200"])
            if spec.role == Role.COMPANY_REPORTER:
                # She reports for Ångebostäder AB.
                user.units.add(units["9100"])
        users[spec.username] = user
    return users


def _seed_unit_heads(users: dict[str, User]) -> None:
    for name, username in UNIT_HEADS.values():
        user = users[username] if username else None
        # A person who is a user is reached at the account's address; the others at a made-up one.
        email = user.email if user else _email(name)
        Person.objects.get_or_create(name=name, defaults={"email": email, "user": user})


def _seed_placements(users: dict[str, User], units: dict[str, OrgUnit]) -> None:
    for username, (name, code) in PLACEMENTS.items():
        user = users[username]
        person, _ = Person.objects.get_or_create(name=name, defaults={"email": user.email, "user": user})
        unit = units[code]
        Placement.objects.get_or_create(person=person, unit=unit, defaults={"start": unit.valid_from})


def unit_heads() -> dict[str, Person]:
    """The demo's unit heads by their unit's cost centre, in one query."""
    names = [name for name, _user in UNIT_HEADS.values()]
    people = {person.name: person for person in Person.objects.filter(name__in=names).order_by("-pk")}
    return {code: people[name] for code, (name, _user) in UNIT_HEADS.items()}


def _email(name: str) -> str:
    return f"{name.lower().replace(' ', '.')}@{MAIL_DOMAIN}".translate(str.maketrans("åäöé", "aaoe"))


def _person(name: str, user: User | None = None) -> Person:
    person, _ = Person.objects.get_or_create(name=name, defaults={"email": _email(name), "user": user})
    return person


def _assign(person: Person, body: Body, role: str, party: Party | None, term: tuple) -> None:
    Assignment.objects.get_or_create(
        person=person, body=body, role=role, start=term[0], defaults={"end": term[1], "party": party}
    )


def _seed_politicians(
    bodies: dict[str, Body], parties: dict[str, Party], users: dict[str, User], admin: User
) -> None:
    for number, term in enumerate(TERMS):
        with dated(at(TERM_ENTERED[number], 13), admin):
            _seed_term(number, term, bodies, parties, users)
    # Seeded on a day outside the story's terms, the demo's elected members are re-elected to KF for
    # every term between: they sign in as elected representatives whatever day the demo is seeded.
    for term in _terms_outside_the_story(timezone.localdate()):
        with dated(at(_working_day(term[0]), 13), admin):
            for username in ELECTED_USERS:
                person = Person.objects.get(user=users[username])
                _assign(person, bodies["KF"], Assignment.Role.MEMBER, parties["S"], term)


def _terms_outside_the_story(day: datetime.date) -> list[tuple[datetime.date, datetime.date]]:
    """The assembly's terms from the demo's own (TERMS) to the one sitting on the day; none within TERMS."""
    first, last = (Period.of_term_on(TERMS[index][0]).election_year for index in (0, -1))
    now = Period.of_term_on(day).election_year
    years = range(now, first, 4) if now < first else range(last + 4, now + 1, 4)
    return [(Period(year).term_start, Period(year).term_end) for year in years]


def _seed_term(
    number: int, term: tuple, bodies: dict[str, Body], parties: dict[str, Party], users: dict[str, User]
) -> None:
    rng = random.Random(2260)  # noqa: S311 - fictional names, not secrets
    names = [f"{first} {last}" for first in FIRST_NAMES for last in LAST_NAMES]
    rng.shuffle(names)
    politiker = _person("Petra Lindgren", users["politiker"])
    chair_now = _person("Hans Wallin", users["presidium"])
    chair_before = _person("Gunnel Åkerlund")
    # Most representatives are re-elected: each term draws from the same list of names.
    pool = iter(names)
    kf_members: list[tuple[Person, Party]] = [(politiker, parties["S"]), (chair_now, parties["S"])]
    if number == 0:
        kf_members.append((chair_before, parties["S"]))
    for abbr, seats in KF_SEATS.items():
        taken = sum(1 for _, p in kf_members if p.abbreviation == abbr)
        kf_members += [(_person(next(pool)), parties[abbr]) for _ in range(seats - taken)]
    for person, party in kf_members:
        _assign(person, bodies["KF"], Assignment.Role.MEMBER, party, term)
    for abbr in KF_SEATS:
        _assign(_person(next(pool)), bodies["KF"], Assignment.Role.SUBSTITUTE, parties[abbr], term)

    by_party: dict[str, list[Person]] = {}
    for person, party in kf_members:
        by_party.setdefault(party.abbreviation, []).append(person)
    kf_presidium = [by_party["C"][0], by_party["S"][2], by_party["SD"][0]]
    for role, person in zip(Assignment.PRESIDIUM_ROLES, kf_presidium, strict=True):
        _assign(person, bodies["KF"], role, None, term)
    for abbr, members in by_party.items():
        _assign(
            members[1 if abbr in {"S", "C"} else 0],
            bodies["KF"],
            Assignment.Role.GROUP_LEADER,
            parties[abbr],
            term,
        )

    ks_chair = chair_before if number == 0 else chair_now
    ks_members = [(ks_chair, parties["S"])]
    for abbr, seats in KS_SEATS.items():
        candidates = [p for p in by_party[abbr] if p not in {ks_chair, politiker}]
        ks_members += [(p, parties[abbr]) for p in candidates[: seats - (1 if abbr == "S" else 0)]]
    for person, party in ks_members:
        _assign(person, bodies["KS"], Assignment.Role.MEMBER, party, term)
    ks_presidium = [ks_chair, ks_members[5][0], ks_members[7][0]]
    for role, person in zip(Assignment.PRESIDIUM_ROLES, ks_presidium, strict=True):
        _assign(person, bodies["KS"], role, None, term)

    for index, short in enumerate(["KSAU", "BUU", "SOU", "SBU"]):
        members = ks_members[index : index + 5]
        for person, party in members:
            _assign(person, bodies[short], Assignment.Role.MEMBER, party, term)
        _assign(members[0][0], bodies[short], Assignment.Role.CHAIR, None, term)
        _assign(members[-1][0], bodies[short], Assignment.Role.FIRST_VICE_CHAIR, None, term)


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> datetime.date:
    """The n:th (1-based; -1 for the last) given weekday (0 = Monday) of a month."""
    if n > 0:
        first = datetime.date(year, month, 1)
        return first + datetime.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))
    last = (datetime.date(year + month // 12, month % 12 + 1, 1)) - datetime.timedelta(days=1)
    return last - datetime.timedelta(days=(last.weekday() - weekday) % 7)


def _working_day(day: datetime.date) -> datetime.date:
    """The day, or the next working day when it is a weekend or a Swedish public holiday."""
    public_holidays = holidays.country_holidays("SE", years=[day.year, day.year + 1])
    while day.weekday() >= 5 or day in public_holidays:
        day += datetime.timedelta(days=1)
    return day


def _seed_meetings(bodies: dict[str, Body], clerk: User) -> None:
    for year in (2026, 2027):
        with dated(at(SCHEDULE_ENTERED[year], 9), clerk):
            for month in (2, 4, 6, 9, 10, 11):
                last_monday = _nth_weekday(year, month, 0, -1)
                Meeting.objects.get_or_create(body=bodies["KF"], date=_working_day(last_monday))
            Meeting.objects.get_or_create(body=bodies["KF"], date=_working_day(_nth_weekday(year, 12, 0, 2)))
            for month in (1, 2, 3, 4, 5, 6, 8, 9, 10, 11, 12):
                first_tuesday = _nth_weekday(year, month, 1, 1)
                Meeting.objects.get_or_create(body=bodies["KS"], date=_working_day(first_tuesday))
            for month in (2, 4, 5, 9, 10, 11):
                Meeting.objects.get_or_create(
                    body=bodies["KSAU"], date=_working_day(_nth_weekday(year, month, 1, 3))
                )
            if year == 2027:
                # The year after an election, KF adopts its mandate goals at a special meeting in
                # January (R20).
                Meeting.objects.get_or_create(
                    body=bodies["KF"],
                    date=datetime.date(2027, 1, 25),
                    defaults={"extraordinary": True, "note": "Antagande av mål för mandatperioden"},
                )


# (body, meeting date, §, case number, title): the decisions the governance model rests on.
DECISIONS = [
    ("KF", datetime.date(2021, 9, 29), 112, "KS 19/211", "Vision för Ånge kommun"),
    ("KF", datetime.date(2022, 11, 28), 141, "KS 22/327", "Styrmodell – styrning, planering och uppföljning"),
    ("KS", datetime.date(2021, 3, 2), 38, "KS 21/57", "Gemensamt ägardirektiv för helägda bolag"),
    ("KS", datetime.date(2026, 5, 5), 71, "KS 26/88", "Kommunstyrelsens mål för 2027"),
    ("KF", datetime.date(2026, 6, 29), 64, "KS 26/102", "Budget 2027 med plan för 2028–2029"),
]


def _seed_decisions(bodies: dict[str, Body], clerk: User) -> None:
    """Each decision entered by the kansli on the afternoon of its meeting."""
    for short, day, paragraph, case_number, title in DECISIONS:
        with dated(at(day, 15, 30), clerk, Meeting, Decision):
            meeting, _ = Meeting.objects.get_or_create(body=bodies[short], date=day)
            Decision.objects.get_or_create(
                meeting=meeting, paragraph=paragraph, defaults={"case_number": case_number, "title": title}
            )
