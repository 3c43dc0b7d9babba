"""A meeting falls within its duo's dates: checked by the database on both sides (a meeting
written, a duo's dates changed), so that no write path can break it."""

from django.db import migrations

SQL = """
CREATE OR REPLACE FUNCTION programmes_meeting_within_duo() RETURNS trigger AS $$
DECLARE
    duo_start date;
    duo_end date;
BEGIN
    SELECT started_on, ended_on INTO duo_start, duo_end
      FROM programmes_duo WHERE id = NEW.duo_id;
    IF NEW.occurred_on < duo_start OR (duo_end IS NOT NULL AND NEW.occurred_on > duo_end) THEN
        RAISE EXCEPTION 'La rencontre doit avoir lieu pendant le duo.'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'meeting_within_duo';
    END IF;
    RETURN NEW;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER programmes_meeting_within_duo
    BEFORE INSERT OR UPDATE OF occurred_on, duo_id ON programmes_duomeeting
    FOR EACH ROW EXECUTE FUNCTION programmes_meeting_within_duo();

CREATE OR REPLACE FUNCTION programmes_duo_keeps_its_meetings() RETURNS trigger AS $$
BEGIN
    IF EXISTS (
        SELECT 1 FROM programmes_duomeeting m
         WHERE m.duo_id = NEW.id
           AND (m.occurred_on < NEW.started_on
                OR (NEW.ended_on IS NOT NULL AND m.occurred_on > NEW.ended_on))
    ) THEN
        RAISE EXCEPTION 'Des rencontres du duo tomberaient hors de ses dates.'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'meeting_within_duo';
    END IF;
    RETURN NEW;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER programmes_duo_keeps_its_meetings
    BEFORE UPDATE OF started_on, ended_on ON programmes_duo
    FOR EACH ROW EXECUTE FUNCTION programmes_duo_keeps_its_meetings();
"""

REVERSE = """
DROP TRIGGER IF EXISTS programmes_meeting_within_duo ON programmes_duomeeting;
DROP TRIGGER IF EXISTS programmes_duo_keeps_its_meetings ON programmes_duo;
DROP FUNCTION IF EXISTS programmes_meeting_within_duo();
DROP FUNCTION IF EXISTS programmes_duo_keeps_its_meetings();
"""


class Migration(migrations.Migration):
    dependencies = [("programmes", "0001_initial")]

    operations = [migrations.RunSQL(SQL, REVERSE)]
