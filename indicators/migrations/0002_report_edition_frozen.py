"""A published annual-report edition is frozen: the database refuses to change its content. Deleting stays possible,
and so does clearing `published_by` when that user is deleted."""

from django.db import migrations

FREEZE = """
CREATE FUNCTION indicators_reportedition_frozen() RETURNS trigger AS $$
BEGIN
    IF NEW.snapshot IS DISTINCT FROM OLD.snapshot OR NEW.plan_id <> OLD.plan_id
       OR NEW.fiscal_year <> OLD.fiscal_year OR NEW.edition <> OLD.edition
       OR NEW.published_at IS DISTINCT FROM OLD.published_at THEN
        RAISE EXCEPTION 'a published annual report edition cannot be changed'
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER indicators_reportedition_frozen BEFORE UPDATE ON indicators_reportedition
    FOR EACH ROW EXECUTE FUNCTION indicators_reportedition_frozen();
"""
UNFREEZE = """
DROP TRIGGER IF EXISTS indicators_reportedition_frozen ON indicators_reportedition;
DROP FUNCTION IF EXISTS indicators_reportedition_frozen();
"""


class Migration(migrations.Migration):
    dependencies = [("indicators", "0001_initial")]

    operations = [migrations.RunSQL(FREEZE, UNFREEZE)]
