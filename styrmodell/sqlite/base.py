"""Django's SQLite backend with the Swedish collation and lower-casing of styrmodell.db."""

from django.db.backends.sqlite3 import base

from styrmodell.db import COLLATION, sqlite_collate, sqlite_lower


class DatabaseWrapper(base.DatabaseWrapper):
    def get_new_connection(self, conn_params):
        connection = super().get_new_connection(conn_params)
        connection.create_collation(COLLATION, sqlite_collate)
        connection.create_function("sv_lower", 1, sqlite_lower, deterministic=True)
        return connection
