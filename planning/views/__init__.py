"""The planning app's views: the operational plan (plan) and the activity list and export (activities)."""
