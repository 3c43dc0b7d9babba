"""The audit trail's tracking: every tracked model records its inserts, updates and deletes
in its event table (pghistory), with the context of the request (user, URL).

The triggers are **statement-level**: one trigger call per statement copies the statement's
rows (its transition table) into the event table, attaching the context once. Row-level
triggers called two PL/pgSQL functions per row, each opening a subtransaction (their
`EXCEPTION` blocks), which made every bulk write (an import of thousands of rows) pay about
0.2 ms a row for the audit alone. The events are the same: one per row written.
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
