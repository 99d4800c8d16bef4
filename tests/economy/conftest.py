"""The economy's tests: a module that names the moment its tests run at (NOW) is run with the clock
stopped there."""

import pytest
import time_machine


@pytest.fixture(autouse=True)
def _at_the_modules_now(request):
    """Every test of a module with a NOW runs at that moment, the clock stopped; other modules run today."""
    now = getattr(request.module, "NOW", None)
    if now is None:
        yield
        return
    with time_machine.travel(now, tick=False):
        yield
