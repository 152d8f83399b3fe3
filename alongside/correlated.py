"""Correlated subqueries written as SQL text, for the hottest queries.

``Exists(queryset)`` and ``Subquery(queryset)`` build and compile a whole query object every
time. On the caseload and the case page that cost more than running the SQL: the access
policy's subqueries took 1.3 ms to build before the database saw anything, against 2 ms for the
query itself. These are fixed SQL with parameters instead. The outer column stays an ORM
expression, so Django still names it correctly when the query is nested in another.
"""

import datetime
import uuid

from django.db.models import BooleanField, Expression, F


def sql_parameter(value, connection):
    """``value`` as the database stores it, as a model field would send it (on SQLite a UUID is
    its hex text and a date its ISO text)."""
    if isinstance(value, uuid.UUID) and not connection.features.has_native_uuid_field:
        return value.hex
    if isinstance(value, datetime.datetime):
        return connection.ops.adapt_datetimefield_value(value)
    if isinstance(value, datetime.date):
        return connection.ops.adapt_datefield_value(value)
    return value


class CorrelatedSQL(Expression):
    """``sql`` about the outer row, which it names as ``{row}``; e.g.
    ``CorrelatedSQL("EXISTS (SELECT 1 FROM t WHERE t.case_id = {row} AND t.user_id = %s)",
    [user_id], output_field=BooleanField())``.

    Tables inside are given short aliases of their own, so they never capture the outer
    query's tables. ``outer`` names the outer field (the primary key unless told).
    """

    def __init__(self, sql: str, params=(), *, outer: str = "pk", output_field=None):
        super().__init__(output_field=output_field or BooleanField())
        self.sql = sql
        self.params = tuple(params)
        self.outer = F(outer)

    def get_source_expressions(self):
        return [self.outer]

    def set_source_expressions(self, expressions):
        (self.outer,) = expressions

    def as_sql(self, compiler, connection):
        outer_sql, outer_params = compiler.compile(self.outer)
        if outer_params:  # a column compiles to a name; anything else would misplace params
            raise ValueError("The outer expression of a CorrelatedSQL must be a plain column.")
        params = [sql_parameter(value, connection) for value in self.params]
        return f"({self.sql.format(row=outer_sql)})", params
