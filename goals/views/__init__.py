"""The goals app's views, a module per kind of page: chain, vision, periods, KS goals, indicators, Kolada."""
