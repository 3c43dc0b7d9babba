"""The audit trail's tracking: every tracked model records its inserts, updates and deletes
in its event table (pghistory), with the context of the request (user, URL).

The triggers are **statement-level**: one trigger call per statement copies the statement's
rows (its transition table) into the event table, attaching the context once. Row-level
triggers ran per row: a PL/pgSQL call, pgtrigger's check of `pgtrigger.ignore` (a
subtransaction each, for its `EXCEPTION` block), the context upsert and the event's insert,
about 0.2 ms a row, which made bulk writes (an import of thousands of rows) pay mostly for
the audit. The events are the same: one per row written; an update records the rows it
changed.
"""

import pghistory


def track(**options):
    """`pghistory.track` with statement-level insert, update and delete events.

    The trackers are built here for each model rather than taken from
    `PGHISTORY_DEFAULT_TRACKERS`: pghistory deep-copies those, and the copies of pgtrigger's
    operation markers no longer compare equal to the originals, so statement-level triggers
    would be compiled without their transition tables."""
    return pghistory.track(
        pghistory.InsertEvent(),
        pghistory.UpdateEvent(),
        pghistory.DeleteEvent(),
        level=pghistory.Statement,
        **options,
    )
