"""One module per kind of report (see reports.kinds): `subjects(kind, year)` and `compose(kind, subject)`."""
