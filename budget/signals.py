"""What the budget tells the apps built on it without knowing them: they import it, never the reverse."""

from django.dispatch import Signal

# KS's distribution of its frame for a year changed (R5, R11 section 5); sent inside the saving
# transaction with body, year and actor, so that the plan the distribution belongs to can record a
# new version of itself in the same transaction.
distribution_changed = Signal()
