"""Writing many new records at once with PostgreSQL's `COPY`, for imports of thousands of
rows: no SQL text to build and parse (an `INSERT` of 1,000 rows of 17 columns is a
17,000-parameter statement that psycopg splits client-side and PostgreSQL parses), the rows
streamed in PostgreSQL's text format.

What stays as with `bulk_create`: the database's constraints and foreign keys check every
row (a refusal raises Django's `IntegrityError` and writes nothing), triggers fire (the
audit trail's statement-level triggers see the rows in their transition table), the
records get their ids and are marked as saved.
"""

from django.db import connections


def copy_insert(model, objects, using="default"):
    """Inserts the unsaved `objects` of `model` with `COPY`; sets their ids, reserved from
    the table's sequence first so that records pointing at them can follow. Related
    records must have been saved already (as `bulk_create` requires)."""
    if not objects:
        return objects
    connection = connections[using]
    fields = [field for field in model._meta.concrete_fields if not field.generated]
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        ids = reserve_ids(cursor, model, len(objects))
        for obj, pk in zip(objects, ids, strict=True):
            obj._prepare_related_fields_for_save(operation_name="copy_insert")
            obj.pk = pk
        sql = f"COPY {table} ({columns}) FROM STDIN"
        with connection.wrap_database_errors, cursor.copy(sql) as copy:
            for obj in objects:
                copy.write_row(row_of(obj, fields, connection))
    for obj in objects:
        obj._state.adding = False
        obj._state.db = using
    return objects


def reserve_ids(cursor, model, count):
    """`count` ids from the sequence of `model`'s table (safe alongside other writers: each
    `nextval` is the caller's alone).

    The COPY that follows goes to psycopg directly, past Django's execute wrappers, where
    pghistory sets its context (user, URL) for the transaction before each statement but
    the plain `SELECT`s: this query is written as a `WITH` so that the context the audit
    triggers attach is the current one."""
    cursor.execute(
        "WITH reserved AS (SELECT nextval(pg_get_serial_sequence(%s, %s)) AS id"
        " FROM generate_series(1, %s)) SELECT id FROM reserved",
        [model._meta.db_table, model._meta.pk.column, count],
    )
    return [pk for (pk,) in cursor.fetchall()]


def row_of(obj, fields, connection):
    """The values `save()` would write (defaults of `auto_now_add` fields included)."""
    return [field.get_db_prep_save(field.pre_save(obj, True), connection) for field in fields]
