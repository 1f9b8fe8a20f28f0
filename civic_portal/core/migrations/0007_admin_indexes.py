# The admin's lists (issue 13): sent mail newest first, and the background tasks newest first, alone and by status
# (the task table is django-tasks-db's; the indexes are ours, made here).

from django.db import migrations, models

TASKS = "django_tasks_database_dbtaskresult"


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0006_import_job"),
        ("django_tasks_database", "0021_conditional_partial_index_ordering"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="outgoingmail",
            index=models.Index(fields=["-created_at", "-id"], name="core_mail_created"),
        ),
        migrations.RunSQL(
            f'CREATE INDEX core_task_enqueued ON "{TASKS}" (enqueued_at DESC);'
            f'CREATE INDEX core_task_status_enqueued ON "{TASKS}" (status, enqueued_at DESC);',
            "DROP INDEX core_task_enqueued; DROP INDEX core_task_status_enqueued;",
        ),
    ]
