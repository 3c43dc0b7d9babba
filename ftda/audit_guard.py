"""Audit immutability in PostgreSQL: the application's role may add audit and access-log
rows, never change or remove them.

Two roles (README, « Production ») :
- the owner (`DATABASE_URL` of migrations, `apply_retention` and this setup) owns the tables;
- the application role (`DATABASE_URL` of gunicorn and the worker) has SELECT/INSERT/UPDATE/
  DELETE on the tables, except UPDATE/DELETE/TRUNCATE on the audit tables (every pghistory
  event table and `ftda_accesslog`).

A trigger on those tables also refuses UPDATE and DELETE, for every role, unless the
transaction has set `ftda.retention_purge` (which only `ftda.retention` does), so that even
the owner does not change history by mistake. `manage.py secure_audit_tables` installs both
and is idempotent: run it after every `migrate` (new event tables are picked up).
"""

import pghistory.models
from django.apps import apps
from django.db import connection, transaction
from psycopg import sql

from ftda.models import AccessLog
from ftda.retention import PURGE_SETTING

GUARD_FUNCTION = f"""
CREATE OR REPLACE FUNCTION ftda_audit_guard() RETURNS trigger AS $$
BEGIN
    IF coalesce(current_setting('{PURGE_SETTING}', true), '') = 'on' THEN
        IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'La table d''audit % est en ajout seul (%).', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
"""


def audit_tables() -> list[str]:
    tables = [AccessLog._meta.db_table]
    for model in apps.get_models():
        if issubclass(model, pghistory.models.Event) and not model._meta.abstract:
            tables.append(model._meta.db_table)
    return sorted(set(tables))


@transaction.atomic
def install(*, app_role=None, create_role=False, password=None) -> list[str]:
    tables = audit_tables()
    with connection.cursor() as cursor:
        cursor.execute(GUARD_FUNCTION)
        for table in tables:
            name = sql.Identifier(table)
            cursor.execute(sql.SQL("DROP TRIGGER IF EXISTS ftda_audit_guard ON {}").format(name))
            cursor.execute(
                sql.SQL(
                    "CREATE TRIGGER ftda_audit_guard BEFORE UPDATE OR DELETE ON {} "
                    "FOR EACH ROW EXECUTE FUNCTION ftda_audit_guard()"
                ).format(name)
            )
        if app_role:
            role = sql.Identifier(app_role)
            if create_role:
                cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [app_role])
                if cursor.fetchone() is None:
                    statement = sql.SQL("CREATE ROLE {} LOGIN").format(role)
                    if password:
                        statement = sql.SQL("CREATE ROLE {} LOGIN PASSWORD {}").format(
                            role, sql.Literal(password)
                        )
                    cursor.execute(statement)
            database = sql.Identifier(connection.settings_dict["NAME"])
            for statement in [
                "GRANT CONNECT, TEMPORARY ON DATABASE {db} TO {role}",
                "GRANT USAGE ON SCHEMA public TO {role}",
                "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role}",
                "GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO {role}",
                "GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA public TO {role}",
            ]:
                cursor.execute(sql.SQL(statement).format(db=database, role=role))
            for table in tables:
                cursor.execute(
                    sql.SQL("REVOKE UPDATE, DELETE, TRUNCATE ON {} FROM {}").format(
                        sql.Identifier(table), role
                    )
                )
    return tables
