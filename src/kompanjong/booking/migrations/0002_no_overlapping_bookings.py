"""No two active bookings of one resource overlap, guaranteed by PostgreSQL itself.

An exclusion constraint over (resource, [starts_at, blocks_until)) for bookings that are held
or booked; blocks_until is the end plus the buffer, so the free time after a booking is
guaranteed too. It needs btree_gist (for `resource_id WITH =` in a GiST index); btree_gist is
a trusted extension, so the database owner may create it without being a superuser.

SQLite has no such constraint: there the service serialises bookings instead (see
docs/adr/0011-no-double-bookings.md). The constraint is not in Django's model state, so
makemigrations never tries to remove it.
"""

from django.db import migrations

CREATE = [
    "CREATE EXTENSION IF NOT EXISTS btree_gist",
    """
    ALTER TABLE booking_booking ADD CONSTRAINT booking_no_overlap
    EXCLUDE USING gist (
        resource_id WITH =,
        tstzrange(starts_at, blocks_until, '[)') WITH &&
    ) WHERE (status IN ('held', 'booked'))
    """,
]
DROP = ["ALTER TABLE booking_booking DROP CONSTRAINT IF EXISTS booking_no_overlap"]


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in CREATE:
            schema_editor.execute(statement)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in DROP:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("booking", "0001_initial")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
