"""What the apps share in the database: the shared cache table and the core records."""

import civic_portal.core.storage
import civic_portal.core.validators
import django.contrib.postgres.fields
import django.db.models.deletion
import django.db.models.manager
from django.conf import settings
from django.core.management import call_command
from django.db import migrations, models


TASKS = "django_tasks_database_dbtaskresult"


def create_cache_table(apps, schema_editor):
    # The shared cache lives in the same PostgreSQL (DatabaseCache) unless REDIS_URL is set.
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('django_tasks_database', '0021_conditional_partial_index_ordering'),
        ('pghistory', '0007_auto_20250421_0444'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(create_cache_table, migrations.RunPython.noop),
        migrations.CreateModel(
            name='Area',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=50, unique=True, verbose_name='地区名')),
                ('name_kana', models.CharField(blank=True, max_length=100, validators=[civic_portal.core.validators.validate_kana], verbose_name='ふりがな')),
                ('sort_order', models.PositiveSmallIntegerField(default=0, verbose_name='表示順')),
                ('is_active', models.BooleanField(default=True, verbose_name='使用中')),
            ],
            options={
                'verbose_name': '活動地区',
                'verbose_name_plural': '活動地区',
                'ordering': ['sort_order', 'name_kana'],
            },
        ),
        migrations.CreateModel(
            name='AuditEvent',
            fields=[
            ],
            options={
                'verbose_name': '変更履歴',
                'verbose_name_plural': '変更履歴',
                'proxy': True,
                'indexes': [],
                'constraints': [],
            },
            bases=('pghistory.events',),
            managers=[
                ('no_objects', django.db.models.manager.Manager()),
            ],
        ),
        migrations.CreateModel(
            name='BackgroundTask',
            fields=[
            ],
            options={
                'verbose_name': 'バックグラウンド処理',
                'verbose_name_plural': 'バックグラウンド処理',
                'proxy': True,
                'indexes': [],
                'constraints': [],
            },
            bases=('django_tasks_database.dbtaskresult',),
        ),
        migrations.CreateModel(
            name='GeneratedFile',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('key', models.CharField(max_length=200, unique=True, verbose_name='キー')),
                ('title', models.CharField(max_length=300, verbose_name='名称')),
                ('builder', models.CharField(max_length=200, verbose_name='作成処理')),
                ('params', models.JSONField(blank=True, default=dict, verbose_name='作成条件')),
                ('private', models.BooleanField(default=False, help_text='非公開の保存場所に置き、権限を確かめて渡す', verbose_name='非公開')),
                ('status', models.CharField(choices=[('pending', '作成待ち'), ('building', '作成中'), ('ready', '作成済み'), ('failed', '作成失敗')], default='pending', max_length=10, verbose_name='状態')),
                ('progress_done', models.PositiveIntegerField(default=0, verbose_name='進捗（済み）')),
                ('progress_total', models.PositiveIntegerField(default=0, verbose_name='進捗（全体）')),
                ('file_name', models.CharField(blank=True, max_length=300, verbose_name='保存名')),
                ('filename', models.CharField(max_length=200, verbose_name='ファイル名')),
                ('content_type', models.CharField(max_length=100, verbose_name='形式')),
                ('size', models.PositiveBigIntegerField(blank=True, null=True, verbose_name='サイズ（バイト）')),
                ('sha256', models.CharField(blank=True, max_length=64, verbose_name='SHA-256')),
                ('fingerprint', models.CharField(blank=True, max_length=200, verbose_name='元データの版')),
                ('requested_fingerprint', models.CharField(blank=True, max_length=200, verbose_name='依頼時の元データの版')),
                ('build_token', models.UUIDField(blank=True, null=True, verbose_name='作成番号')),
                ('requested_at', models.DateTimeField(blank=True, null=True, verbose_name='依頼日時')),
                ('started_at', models.DateTimeField(blank=True, null=True, verbose_name='開始日時')),
                ('built_at', models.DateTimeField(blank=True, null=True, verbose_name='作成日時')),
                ('error', models.TextField(blank=True, verbose_name='エラー')),
            ],
            options={
                'verbose_name': '生成ファイル',
                'verbose_name_plural': '生成ファイル',
                'ordering': ['key'],
                'constraints': [models.CheckConstraint(condition=models.Q(('status__in', ['pending', 'building', 'ready', 'failed'])), name='core_generatedfile_status_valid')],
            },
        ),
        migrations.CreateModel(
            name='OutgoingMail',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('status', models.CharField(choices=[('pending', '送信待ち'), ('sending', '送信中'), ('sent', '送信済み'), ('failed', '送信失敗')], default='pending', max_length=10, verbose_name='状態')),
                ('from_email', models.TextField(verbose_name='差出人')),
                ('to', django.contrib.postgres.fields.ArrayField(base_field=models.TextField(), blank=True, default=list, verbose_name='宛先')),
                ('cc', django.contrib.postgres.fields.ArrayField(base_field=models.TextField(), blank=True, default=list, verbose_name='CC')),
                ('bcc', django.contrib.postgres.fields.ArrayField(base_field=models.TextField(), blank=True, default=list, verbose_name='BCC')),
                ('reply_to', django.contrib.postgres.fields.ArrayField(base_field=models.TextField(), blank=True, default=list, verbose_name='返信先')),
                ('subject', models.TextField(blank=True, verbose_name='件名')),
                ('body', models.TextField(blank=True, verbose_name='本文')),
                ('content_subtype', models.CharField(default='plain', max_length=20, verbose_name='本文の形式')),
                ('alternatives', models.JSONField(blank=True, default=list, verbose_name='別形式の本文')),
                ('attachments', models.JSONField(blank=True, default=list, verbose_name='添付ファイル')),
                ('headers', models.JSONField(blank=True, default=dict, verbose_name='ヘッダー')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='受付日時')),
                ('attempts', models.PositiveSmallIntegerField(default=0, verbose_name='送信試行回数')),
                ('next_attempt_at', models.DateTimeField(blank=True, null=True, verbose_name='次の送信試行')),
                ('last_attempt_at', models.DateTimeField(blank=True, null=True, verbose_name='最後の送信試行')),
                ('sent_at', models.DateTimeField(blank=True, null=True, verbose_name='送信日時')),
                ('last_error', models.TextField(blank=True, verbose_name='最後のエラー')),
            ],
            options={
                'verbose_name': '送信メール',
                'verbose_name_plural': '送信メール',
                'ordering': ['-created_at', '-pk'],
                'permissions': [('resend_outgoingmail', '送信に失敗したメールを再送できる')],
                'indexes': [models.Index(fields=['status', 'created_at'], name='core_mail_status_at'), models.Index(fields=['-created_at', '-id'], name='core_mail_created')],
                'constraints': [models.CheckConstraint(condition=models.Q(('status__in', ['pending', 'sending', 'sent', 'failed'])), name='core_mail_status_valid'), models.CheckConstraint(condition=models.Q(models.Q(('sent_at__isnull', False), ('status', 'sent')), models.Q(('status', 'sent'), _negated=True), _connector='OR'), name='core_mail_sent_has_time')],
            },
        ),
        migrations.CreateModel(
            name='ImportJob',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('model_label', models.CharField(max_length=100, verbose_name='取り込み先')),
                ('resource', models.CharField(max_length=200, verbose_name='取り込み形式')),
                ('resource_index', models.PositiveSmallIntegerField(default=0, verbose_name='取り込み形式の番号')),
                ('file', models.FileField(blank=True, max_length=200, storage=civic_portal.core.storage.private_storage, upload_to=civic_portal.core.storage.RandomName('imports'), verbose_name='ファイル')),
                ('file_name', models.CharField(max_length=255, verbose_name='元のファイル名')),
                ('file_size', models.PositiveBigIntegerField(default=0, verbose_name='サイズ（バイト）')),
                ('file_sha256', models.CharField(max_length=64, verbose_name='SHA-256')),
                ('format', models.CharField(max_length=10, verbose_name='形式')),
                ('status', models.CharField(choices=[('queued', '待機中'), ('previewing', 'プレビュー作成中'), ('ready', '確認待ち'), ('importing', '取り込み中'), ('done', '完了'), ('failed', '失敗')], default='queued', max_length=12, verbose_name='状態')),
                ('rows_total', models.PositiveIntegerField(default=0, verbose_name='行数')),
                ('rows_done', models.PositiveIntegerField(default=0, verbose_name='処理済みの行')),
                ('new', models.PositiveIntegerField(default=0, verbose_name='新規')),
                ('updated', models.PositiveIntegerField(default=0, verbose_name='更新')),
                ('deleted', models.PositiveIntegerField(default=0, verbose_name='削除')),
                ('skipped', models.PositiveIntegerField(default=0, verbose_name='変更なし')),
                ('error_count', models.PositiveIntegerField(default=0, verbose_name='エラーの行')),
                ('errors', models.JSONField(blank=True, default=list, verbose_name='エラー')),
                ('preview', models.JSONField(blank=True, default=dict, verbose_name='プレビュー')),
                ('message', models.TextField(blank=True, verbose_name='メッセージ')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='受付日時')),
                ('started_at', models.DateTimeField(blank=True, null=True, verbose_name='開始日時')),
                ('progress_at', models.DateTimeField(blank=True, null=True, verbose_name='進捗の更新日時')),
                ('previewed_at', models.DateTimeField(blank=True, null=True, verbose_name='プレビュー完了日時')),
                ('confirmed_at', models.DateTimeField(blank=True, null=True, verbose_name='確認日時')),
                ('finished_at', models.DateTimeField(blank=True, null=True, verbose_name='終了日時')),
                ('created_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='実行者')),
            ],
            options={
                'verbose_name': '取り込み',
                'verbose_name_plural': '取り込み',
                'ordering': ['-created_at', '-pk'],
                'indexes': [models.Index(fields=['model_label', 'created_by', '-created_at'], name='core_importjob_recent')],
                'constraints': [models.CheckConstraint(condition=models.Q(('status__in', ['queued', 'previewing', 'ready', 'importing', 'done', 'failed'])), name='core_importjob_status_valid')],
            },
        ),
        migrations.CreateModel(
            name='JobRun',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('job', models.CharField(max_length=40, verbose_name='定期処理')),
                ('period', models.CharField(max_length=20, verbose_name='対象期間')),
                ('by_hand', models.BooleanField(default=False, verbose_name='手動実行')),
                ('enqueued_at', models.DateTimeField(auto_now_add=True, verbose_name='受付日時')),
                ('task', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.DB_SET_NULL, related_name='+', to='django_tasks_database.dbtaskresult', verbose_name='バックグラウンド処理')),
            ],
            options={
                'verbose_name': '定期処理の実行記録',
                'verbose_name_plural': '定期処理の実行記録',
                'ordering': ['-enqueued_at', '-pk'],
                'indexes': [models.Index(fields=['job', '-enqueued_at'], name='core_jobrun_job_latest')],
                'constraints': [models.UniqueConstraint(condition=models.Q(('by_hand', False)), fields=('job', 'period'), name='core_jobrun_once_per_period')],
            },
        ),
        # The admin's background-task list, newest first, alone and by status (django-tasks-db's table, our indexes).
        migrations.RunSQL(
            f'CREATE INDEX core_task_enqueued ON "{TASKS}" (enqueued_at DESC);'
            f'CREATE INDEX core_task_status_enqueued ON "{TASKS}" (status, enqueued_at DESC);',
            "DROP INDEX core_task_enqueued; DROP INDEX core_task_status_enqueued;",
        ),
    ]
