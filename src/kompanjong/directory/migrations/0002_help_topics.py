"""The help topics every installation has (ids fixed by kompanjong.directory.topics)."""

from django.db import migrations


def add_topics(apps, schema_editor):
    from kompanjong.directory.topics import ensure_topics

    ensure_topics(apps.get_model("directory", "TaxonomyTerm"))


class Migration(migrations.Migration):
    dependencies = [("directory", "0001_initial")]

    operations = [migrations.RunPython(add_topics, migrations.RunPython.noop)]
