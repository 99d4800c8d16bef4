"""The people the reminder, feed and start-page tests share: KS's presidium before and after the term
change of 15 October 2026, a party group leader in KF, a committee chair, and the test mail backend that
fails once."""

from __future__ import annotations

import datetime
import threading
from dataclasses import dataclass

from django.core.mail.backends.locmem import EmailBackend as LocmemBackend

from organisation.models import Assignment, Body, Person
from tests.factories import AssignmentFactory, PartyFactory, PersonFactory, UserFactory, body_named

OLD_TERM = (datetime.date(2022, 10, 15), datetime.date(2026, 10, 14))
NEW_TERM = (datetime.date(2026, 10, 15), None)


@dataclass
class People:
    old_chair: Person
    old_vice: Person
    new_chair: Person
    group_leader: Person
    committee_chair: Person
    member: Person


def ks_people() -> People:
    """KS's presidium in the old and the new term, KF's S group leader, the chair of KS's utskott."""
    ks, kf = body_named("KS"), body_named("KF")
    committee = Body.objects.create(
        name="Arbetsutskottet", short_name="AU", kind=Body.Kind.COMMITTEE, parent=ks
    )
    people = People(
        old_chair=PersonFactory(name="Olle Gammal", email="olle@example.org"),
        old_vice=PersonFactory(name="Vera Vice", email="vera@example.org"),
        new_chair=PersonFactory(name="Nina Ny", email="nina@example.org"),
        group_leader=PersonFactory(name="Gustav Grupp", email="gustav@example.org"),
        committee_chair=PersonFactory(name="Ulla Utskott", email="ulla@example.org"),
        member=PersonFactory(name="Lena Ledamot", email="lena@example.org"),
    )
    role = Assignment.Role
    AssignmentFactory(person=people.old_chair, body=ks, role=role.CHAIR, start=OLD_TERM[0], end=OLD_TERM[1])
    AssignmentFactory(
        person=people.old_vice, body=ks, role=role.FIRST_VICE_CHAIR, start=OLD_TERM[0], end=OLD_TERM[1]
    )
    AssignmentFactory(person=people.new_chair, body=ks, role=role.CHAIR, start=NEW_TERM[0], end=None)
    AssignmentFactory(
        person=people.group_leader,
        body=kf,
        role=role.GROUP_LEADER,
        party=PartyFactory(abbreviation="S", name="Socialdemokraterna"),
        start=OLD_TERM[0],
        end=None,
    )
    AssignmentFactory(
        person=people.committee_chair, body=committee, role=role.CHAIR, start=OLD_TERM[0], end=None
    )
    AssignmentFactory(person=people.member, body=ks, role=role.MEMBER, start=OLD_TERM[0], end=None)
    return people


def signed_in_person(person: Person, **user_fields):
    """Give a person a user account (no role unless given) and return the user."""
    user = UserFactory(**user_fields)
    person.user = user
    person.save(update_fields=["user"])
    return user


class FailingOnceBackend(LocmemBackend):
    """The first send raises (the mail server is down); every later send is delivered to mail.outbox."""

    failures_left = 1
    lock = threading.Lock()

    @classmethod
    def reset(cls, failures: int = 1) -> None:
        with cls.lock:
            cls.failures_left = failures

    def send_messages(self, messages):
        with self.lock:
            fail, type(self).failures_left = self.failures_left > 0, max(self.failures_left - 1, 0)
        if fail:
            raise ConnectionRefusedError("the mail server does not answer (test)")
        return super().send_messages(messages)


FAILING_ONCE = "tests.calendar_wheel.reminder_people.FailingOnceBackend"
