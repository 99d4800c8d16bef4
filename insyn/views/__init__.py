"""Insyn's public pages: what is adopted, for everyone, without signing in (pages, files)."""
