import pytest

from organisation.models import Role
from tests.factories import UserFactory


@pytest.fixture
def roleless(db):
    """A signed-in account that holds no role yet: it may read nothing in the register."""
    return UserFactory(username="utan-roll")


@pytest.fixture
def writers_denied(politician, administrator, finance, sysadmin):
    """Every role but the planner's: they read the register and write nothing in it."""
    return {
        Role.POLITICIAN: politician,
        Role.ADMINISTRATOR: administrator,
        Role.FINANCE: finance,
        Role.SYSADMIN: sysadmin,
    }
