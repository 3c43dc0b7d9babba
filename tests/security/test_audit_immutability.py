"""The application's database role cannot update or delete audit and access-log rows.

The role is created inside the test's transaction (rolled back at the end), and the test
acts as that role with SET ROLE: PostgreSQL checks that role's privileges."""

import datetime
import uuid

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from ftda import retention
from ftda.enums import AccessAction
from ftda.models import AccessLog
from tests.ftda.factories import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def app_role():
    role = f"ftda_app_{uuid.uuid4().hex[:8]}"
    call_command("secure_audit_tables", "--app-role", role, "--create-role")
    return role


def run(statement, params=None, *, role=None):
    """Run `statement` (as `role` if given) in a savepoint; the database error, if any."""
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            if role:
                cursor.execute(f'SET LOCAL ROLE "{role}"')
            cursor.execute(statement, params)
    except DatabaseError as error:
        return str(error)
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET ROLE")
    return None


@pytest.fixture
def rows():
    person = PersonFactory(last_name="Haidari")
    log = AccessLog.objects.create(person=person, action=AccessAction.VIEW_PERSON, path="/p/")
    return person, log


def test_the_app_role_adds_rows_but_cannot_change_or_remove_them(app_role, rows):
    person, log = rows
    # Casework goes on: the role writes persons, which writes history through the triggers.
    assert (
        run(
            "UPDATE ftda_person SET first_names = 'Mohammed' WHERE id = %s",
            [person.pk],
            role=app_role,
        )
        is None
    )
    assert (
        run(
            "INSERT INTO ftda_accesslog (at, person_id, action, path) "
            "VALUES (now(), %s, 'pdf', '/')",
            [person.pk],
            role=app_role,
        )
        is None
    )
    for statement in [
        "UPDATE ftda_accesslog SET path = '/falsifie/'",
        "DELETE FROM ftda_accesslog",
        "TRUNCATE ftda_accesslog CASCADE",
        "UPDATE ftda_personevent SET last_name = 'X'",
        "DELETE FROM ftda_personevent",
        "DELETE FROM ftda_followupevent",
        "ALTER TABLE ftda_accesslog DISABLE TRIGGER ftda_audit_guard",
    ]:
        error = run(statement, role=app_role)
        assert error and ("permission denied" in error or "must be owner" in error), statement
    # Setting the purge flag does not give the role a privilege it lacks.
    error = run(
        "SELECT set_config(%s, 'on', true); DELETE FROM ftda_accesslog",
        [retention.PURGE_SETTING],
        role=app_role,
    )
    assert error and "permission denied" in error
    assert AccessLog.objects.filter(pk=log.pk, path="/p/").exists()


def test_even_the_owner_changes_history_only_through_the_retention_purge(rows):
    _, log = rows
    old = AccessLog.objects.create(action=AccessAction.REPORT, path="/rapport/")
    AccessLog.objects.filter(pk=old.pk).update(at=timezone.now() - datetime.timedelta(days=400))
    call_command("secure_audit_tables")
    error = run("UPDATE ftda_accesslog SET path = '/falsifie/'")
    assert error and "en ajout seul" in error
    error = run("DELETE FROM ftda_personevent")
    assert error and "en ajout seul" in error
    # The retention purge, run with the owner's role, still deletes what it must.
    outcome = retention.apply()
    assert outcome.old_access_logs == 1
    assert not AccessLog.objects.filter(pk=old.pk).exists()
    assert AccessLog.objects.filter(pk=log.pk).exists()


def test_the_command_is_idempotent_and_covers_every_event_table(app_role):
    from ftda.audit_guard import audit_tables

    call_command("secure_audit_tables", "--app-role", app_role, "--create-role")
    tables = audit_tables()
    assert "ftda_accesslog" in tables and "ftda_personevent" in tables
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(DISTINCT event_object_table) FROM information_schema.triggers "
            "WHERE trigger_name = 'ftda_audit_guard'"
        )
        assert cursor.fetchone()[0] == len(tables)
