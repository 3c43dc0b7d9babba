"""Helpers for the apps' volume hooks (`<app>/bench_seed.py`): COPY rows into a table, and
reserve a block of ids for rows that others point at."""


def reserve_ids(cursor, table, count):
    """First id of `count` consecutive ids of `table`, past its sequence and its rows (the
    core seed writes explicit ids and moves the sequences on at the end); the sequence is
    moved past them."""
    cursor.execute(
        f"SELECT greatest(nextval(pg_get_serial_sequence(%s, 'id')),"
        f" (SELECT coalesce(max(id), 0) + 1 FROM {table}))",
        [table],
    )
    first = cursor.fetchone()[0]
    if count > 1:
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence(%s, 'id'), %s)", [table, first + count - 1]
        )
    return first


def copy_rows(cursor, table, columns, rows):
    """COPY `rows` (tuples in the order of `columns`, a comma-separated string) into
    `table`; returns how many."""
    written = 0
    with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)
            written += 1
    return written
