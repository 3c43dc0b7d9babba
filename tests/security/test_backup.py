"""A pg_dump backup restores into a new database with the same rows, table by table."""

import pytest
from django.core.management import CommandError, call_command

from ftda import backup
from tests.ftda.factories import FollowUpFactory, MembershipFactory, PathwayFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_dump_restore_and_compare_row_counts(capsys, tmp_path):
    membership = MembershipFactory(structure__name="CPH Angers")
    for _ in range(3):
        pathway = PathwayFactory(structure=membership.structure)
        FollowUpFactory(person=pathway.person, structure=membership.structure)
    call_command("check_backup")
    out = capsys.readouterr().out
    assert "Sauvegarde restaurée et vérifiée" in out

    # The comparison can fail: a dump taken before more rows were written differs.
    path = tmp_path / "ancienne.dump"
    backup.dump(path)
    FollowUpFactory(person=pathway.person, structure=membership.structure)
    with pytest.raises(CommandError) as error:
        call_command("check_backup", "--dump", str(path))
    assert "ftda_followup" in str(error.value)
