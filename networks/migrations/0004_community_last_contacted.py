"""``Community.last_contacted_on``, filled from the interactions already logged (issue 8: the
dashboard's "never contacted" reads the column instead of probing every interaction)."""

from django.db import migrations, models

FILL = """
UPDATE networks_community SET last_contacted_on = (
    SELECT MAX(i.occurred_on) FROM coordinator_interaction i
    WHERE i.community_id = networks_community.id
)
"""


class Migration(migrations.Migration):

    dependencies = [
        ('networks', '0003_list_and_search_indexes'),
        ('engagement', '0007_concern'),
    ]

    operations = [
        migrations.AddField(
            model_name='community',
            name='last_contacted_on',
            field=models.DateField(blank=True, editable=False, null=True, verbose_name='last contact'),
        ),
        migrations.RunSQL(FILL, migrations.RunSQL.noop),
    ]
