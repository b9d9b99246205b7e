"""At most one winner per category unless the category allows ties: the triggers that keep
award_nominations.category_allows_ties equal to its category's allows_ties, so that the partial
unique index award_nominations_one_winner_per_category (0001) can enforce the rule.

Why a copied column and a unique index rather than a constraint trigger that counts winners: the
unique index is race-free (two transactions crowning two winners at once collide on it), where a
counting trigger would need its own locking to see the other transaction's row.

* BEFORE INSERT, and BEFORE UPDATE OF category_id or category_allows_ties, on a nomination: the
  column is read from the category, whatever the statement wrote. The category row is read
  FOR SHARE, so a concurrent change of its allows_ties waits for this transaction (and this one
  for it): the copy cannot be stale at commit.
* AFTER UPDATE OF allows_ties on a category: its nominations get the new value in the same
  statement; turning ties off while two winners stand fails on the unique index.
"""

from django.db import migrations

FORWARD = """
CREATE OR REPLACE FUNCTION award_nominations_copy_allows_ties() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    -- COALESCE: a category_id that matches no row is left to the (deferred) foreign key to report.
    NEW.category_allows_ties := COALESCE(
        (SELECT allows_ties FROM award_categories WHERE id = NEW.category_id FOR SHARE), false
    );
    RETURN NEW;
END
$$;

DROP TRIGGER IF EXISTS award_nominations_copy_allows_ties ON award_nominations;
CREATE TRIGGER award_nominations_copy_allows_ties
    BEFORE INSERT OR UPDATE OF category_id, category_allows_ties ON award_nominations
    FOR EACH ROW EXECUTE FUNCTION award_nominations_copy_allows_ties();

CREATE OR REPLACE FUNCTION award_categories_push_allows_ties() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE award_nominations SET category_allows_ties = NEW.allows_ties WHERE category_id = NEW.id;
    RETURN NULL;
END
$$;

DROP TRIGGER IF EXISTS award_categories_push_allows_ties ON award_categories;
CREATE TRIGGER award_categories_push_allows_ties
    AFTER UPDATE OF allows_ties ON award_categories
    FOR EACH ROW WHEN (OLD.allows_ties IS DISTINCT FROM NEW.allows_ties)
    EXECUTE FUNCTION award_categories_push_allows_ties();
"""

REVERSE = """
DROP TRIGGER IF EXISTS award_categories_push_allows_ties ON award_categories;
DROP FUNCTION IF EXISTS award_categories_push_allows_ties();
DROP TRIGGER IF EXISTS award_nominations_copy_allows_ties ON award_nominations;
DROP FUNCTION IF EXISTS award_nominations_copy_allows_ties();
"""


class Migration(migrations.Migration):
    dependencies = [("awards", "0001_awards_and_festivals")]

    operations = [migrations.RunSQL(FORWARD, REVERSE)]
