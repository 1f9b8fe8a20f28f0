"""Accounts and roles; first to run, so it also brings the PostgreSQL extensions every app relies on."""

import civic_portal.accounts.models
import django.contrib.postgres.indexes
import django.db.models.deletion
import django.db.models.functions.text
import django.utils.timezone
import pgtrigger.compiler
import pgtrigger.migrations
from django.conf import settings
from django.contrib.postgres.operations import BtreeGistExtension, TrigramExtension
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('auth', '0012_alter_user_first_name_max_length'),
        ('pghistory', '0007_auto_20250421_0444'),
    ]

    operations = [
        # Trigram search (accounts, groups) and exclusion constraints (facilities).
        TrigramExtension(),
        BtreeGistExtension(),
        migrations.CreateModel(
            name='User',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('password', models.CharField(max_length=128, verbose_name='password')),
                ('last_login', models.DateTimeField(blank=True, null=True, verbose_name='last login')),
                ('is_superuser', models.BooleanField(default=False, help_text='Designates that this user has all permissions without explicitly assigning them.', verbose_name='superuser status')),
                ('email', models.EmailField(max_length=254, unique=True, verbose_name='メールアドレス')),
                ('full_name', models.CharField(blank=True, max_length=100, verbose_name='氏名')),
                ('is_staff', models.BooleanField(default=False, verbose_name='管理画面の利用')),
                ('is_active', models.BooleanField(default=True, verbose_name='有効')),
                ('date_joined', models.DateTimeField(default=django.utils.timezone.now, verbose_name='登録日時')),
                ('groups', models.ManyToManyField(blank=True, help_text='The groups this user belongs to. A user will get all permissions granted to each of their groups.', related_name='user_set', related_query_name='user', to='auth.group', verbose_name='groups')),
                ('user_permissions', models.ManyToManyField(blank=True, help_text='Specific permissions for this user.', related_name='user_set', related_query_name='user', to='auth.permission', verbose_name='user permissions')),
            ],
            options={
                'verbose_name': '利用者',
                'verbose_name_plural': '利用者',
            },
            managers=[
                ('objects', civic_portal.accounts.models.UserManager()),
            ],
        ),
        migrations.CreateModel(
            name='RolePermissionEvent',
            fields=[
                ('pgh_id', models.AutoField(primary_key=True, serialize=False)),
                ('pgh_created_at', models.DateTimeField(auto_now_add=True)),
                ('pgh_label', models.TextField(help_text='The event label.')),
                ('id', models.IntegerField()),
                ('group', models.ForeignKey(db_constraint=False, db_tablespace='', on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='auth.group')),
                ('permission', models.ForeignKey(db_constraint=False, db_tablespace='', on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='auth.permission')),
                ('pgh_context', models.ForeignKey(db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='pghistory.context')),
            ],
            options={
                'abstract': False,
            },
        ),
        migrations.CreateModel(
            name='UserEmailFullNameIsStaffIsSuperuserIsActiveEvent',
            fields=[
                ('pgh_id', models.AutoField(primary_key=True, serialize=False)),
                ('pgh_created_at', models.DateTimeField(auto_now_add=True)),
                ('pgh_label', models.TextField(help_text='The event label.')),
                ('email', models.EmailField(max_length=254, verbose_name='メールアドレス')),
                ('full_name', models.CharField(blank=True, max_length=100, verbose_name='氏名')),
                ('is_staff', models.BooleanField(default=False, verbose_name='管理画面の利用')),
                ('is_superuser', models.BooleanField(default=False, help_text='Designates that this user has all permissions without explicitly assigning them.', verbose_name='superuser status')),
                ('is_active', models.BooleanField(default=True, verbose_name='有効')),
                ('pgh_context', models.ForeignKey(db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='pghistory.context')),
                ('pgh_obj', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='email_full_name_is_staff_is_superuser_is_active_events', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'abstract': False,
            },
        ),
        migrations.CreateModel(
            name='UserRoleEvent',
            fields=[
                ('pgh_id', models.AutoField(primary_key=True, serialize=False)),
                ('pgh_created_at', models.DateTimeField(auto_now_add=True)),
                ('pgh_label', models.TextField(help_text='The event label.')),
                ('id', models.BigIntegerField()),
                ('group', models.ForeignKey(db_constraint=False, db_tablespace='', on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='auth.group')),
                ('pgh_context', models.ForeignKey(db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='pghistory.context')),
                ('user', models.ForeignKey(db_constraint=False, db_tablespace='', on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'abstract': False,
            },
        ),
        migrations.AddIndex(
            model_name='user',
            index=django.contrib.postgres.indexes.GinIndex(django.contrib.postgres.indexes.OpClass(django.db.models.functions.text.Upper('email'), name='gin_trgm_ops'), name='accounts_user_email_trgm'),
        ),
        migrations.AddIndex(
            model_name='user',
            index=django.contrib.postgres.indexes.GinIndex(django.contrib.postgres.indexes.OpClass(django.db.models.functions.text.Upper('full_name'), name='gin_trgm_ops'), name='accounts_user_name_trgm'),
        ),
        migrations.AddConstraint(
            model_name='user',
            constraint=models.UniqueConstraint(django.db.models.functions.text.Lower('email'), name='accounts_user_email_ci_unique'),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='user',
            trigger=pgtrigger.compiler.Trigger(name='insert_insert', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "accounts_useremailfullnameisstaffissuperuserisactiveevent" ("email", "full_name", "is_active", "is_staff", "is_superuser", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id") VALUES (NEW."email", NEW."full_name", NEW."is_active", NEW."is_staff", NEW."is_superuser", _pgh_attach_context(), NOW(), \'insert\', NEW."id"); RETURN NULL;', hash='eaab8eb0aa4ee9ed90363891bce15096f386f295', operation='INSERT', pgid='pgtrigger_insert_insert_3867c', table='accounts_user', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='user',
            trigger=pgtrigger.compiler.Trigger(name='update_update', sql=pgtrigger.compiler.UpsertTriggerSql(condition='WHEN (OLD."email" IS DISTINCT FROM (NEW."email") OR OLD."full_name" IS DISTINCT FROM (NEW."full_name") OR OLD."is_active" IS DISTINCT FROM (NEW."is_active") OR OLD."is_staff" IS DISTINCT FROM (NEW."is_staff") OR OLD."is_superuser" IS DISTINCT FROM (NEW."is_superuser"))', func='INSERT INTO "accounts_useremailfullnameisstaffissuperuserisactiveevent" ("email", "full_name", "is_active", "is_staff", "is_superuser", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id") VALUES (NEW."email", NEW."full_name", NEW."is_active", NEW."is_staff", NEW."is_superuser", _pgh_attach_context(), NOW(), \'update\', NEW."id"); RETURN NULL;', hash='a26ef21a0129ea091df9ff592cf32b3aaadf29bd', operation='UPDATE', pgid='pgtrigger_update_update_0e890', table='accounts_user', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='user',
            trigger=pgtrigger.compiler.Trigger(name='delete_delete', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "accounts_useremailfullnameisstaffissuperuserisactiveevent" ("email", "full_name", "is_active", "is_staff", "is_superuser", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id") VALUES (OLD."email", OLD."full_name", OLD."is_active", OLD."is_staff", OLD."is_superuser", _pgh_attach_context(), NOW(), \'delete\', OLD."id"); RETURN NULL;', hash='78b0d300d610cbd7be18e80b58344002acf8799c', operation='DELETE', pgid='pgtrigger_delete_delete_19f14', table='accounts_user', when='AFTER')),
        ),
        migrations.AddIndex(
            model_name='rolepermissionevent',
            index=models.Index(fields=['pgh_created_at'], name='accounts_permission_event_at'),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='rolepermissionevent',
            trigger=pgtrigger.compiler.Trigger(name='append_only', sql=pgtrigger.compiler.UpsertTriggerSql(func="RAISE EXCEPTION 'pgtrigger: Cannot update or delete rows from % table', TG_TABLE_NAME;", hash='b34fbcc40813c7770dee1192943386e686e8d6aa', operation='UPDATE OR DELETE', pgid='pgtrigger_append_only_2943d', table='accounts_rolepermissionevent', when='BEFORE')),
        ),
        migrations.AddIndex(
            model_name='useremailfullnameisstaffissuperuserisactiveevent',
            index=models.Index(fields=['pgh_created_at'], name='accounts_user_event_at'),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='useremailfullnameisstaffissuperuserisactiveevent',
            trigger=pgtrigger.compiler.Trigger(name='append_only', sql=pgtrigger.compiler.UpsertTriggerSql(func="RAISE EXCEPTION 'pgtrigger: Cannot update or delete rows from % table', TG_TABLE_NAME;", hash='079540e5b63185af473baa793420bb3c44fdf823', operation='UPDATE OR DELETE', pgid='pgtrigger_append_only_01108', table='accounts_useremailfullnameisstaffissuperuserisactiveevent', when='BEFORE')),
        ),
        migrations.AddIndex(
            model_name='userroleevent',
            index=models.Index(fields=['pgh_created_at'], name='accounts_role_event_at'),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='userroleevent',
            trigger=pgtrigger.compiler.Trigger(name='append_only', sql=pgtrigger.compiler.UpsertTriggerSql(func="RAISE EXCEPTION 'pgtrigger: Cannot update or delete rows from % table', TG_TABLE_NAME;", hash='a65586e7416b5d18b09e665bbc72988f45db56d2', operation='UPDATE OR DELETE', pgid='pgtrigger_append_only_5691d', table='accounts_userroleevent', when='BEFORE')),
        ),
    ]
