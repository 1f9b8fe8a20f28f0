
import django.contrib.postgres.fields
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('core', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Department',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=100, unique=True, verbose_name='担当課')),
                ('sort_order', models.PositiveIntegerField(default=0, verbose_name='並び順')),
            ],
            options={
                'verbose_name': '担当課',
                'verbose_name_plural': '担当課',
                'ordering': ['sort_order', 'name'],
            },
        ),
        migrations.CreateModel(
            name='Indicator',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('code', models.CharField(max_length=30, verbose_name='指標番号')),
                ('group_code', models.CharField(blank=True, max_length=30, verbose_name='基本方針番号')),
                ('group_title', models.CharField(blank=True, max_length=200, verbose_name='基本方針')),
                ('name', models.CharField(max_length=200, verbose_name='指標名')),
                ('unit', models.CharField(blank=True, max_length=20, verbose_name='単位')),
                ('qualifier', models.CharField(blank=True, help_text='例: 知っている', max_length=100, verbose_name='回答区分')),
                ('direction', models.CharField(choices=[('increase', '増加を目指す'), ('decrease', '減少を目指す')], default='increase', max_length=10, verbose_name='方向')),
                ('source', models.CharField(choices=[('survey', '市民意識調査'), ('portal', 'ポータルのデータ'), ('statistic', 'その他の統計')], default='statistic', max_length=20, verbose_name='出典の種類')),
                ('source_note', models.CharField(blank=True, max_length=200, verbose_name='出典')),
                ('computed_key', models.CharField(blank=True, help_text='ポータルのデータから集計する指標のキー', max_length=50, verbose_name='自動集計キー')),
                ('baseline_value', models.DecimalField(blank=True, decimal_places=3, max_digits=14, null=True, verbose_name='現状値')),
                ('baseline_year', models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='現状値の年度')),
                ('target_value', models.DecimalField(blank=True, decimal_places=3, max_digits=14, null=True, verbose_name='目標値')),
                ('target_year', models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='目標年度')),
                ('sort_order', models.PositiveIntegerField(default=0, verbose_name='並び順')),
            ],
            options={
                'verbose_name': '成果指標',
                'verbose_name_plural': '成果指標',
                'ordering': ['plan', 'sort_order', 'code'],
            },
        ),
        migrations.CreateModel(
            name='ActionItem',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(blank=True, choices=[('new', '新規'), ('continuing', '継続')], max_length=20, verbose_name='種別')),
                ('target_actors', django.contrib.postgres.fields.ArrayField(base_field=models.CharField(choices=[('citizens', '市民'), ('community', '地域コミュニティ'), ('civic_groups', '市民活動団体'), ('businesses', '事業者'), ('schools', '教育機関'), ('government', '行政')], max_length=20), blank=True, default=list, verbose_name='対象主体')),
                ('purpose', models.TextField(blank=True, verbose_name='目的')),
                ('content', models.TextField(blank=True, verbose_name='推進内容')),
                ('completion_criterion', models.TextField(blank=True, verbose_name='完了の目安')),
                ('reposted', models.BooleanField(default=False, help_text='【再掲】として載っている項目', verbose_name='再掲')),
                ('repost_of', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='reposts', to='indicators.actionitem', verbose_name='再掲元')),
            ],
            options={
                'verbose_name': '推進項目',
                'verbose_name_plural': '推進項目',
                'ordering': ['node__plan', 'node__sort_order', 'id'],
            },
        ),
        migrations.CreateModel(
            name='DepartmentMembership',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('department', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to='indicators.department', verbose_name='担当課')),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to=settings.AUTH_USER_MODEL, verbose_name='利用者')),
            ],
            options={
                'verbose_name': '担当課の所属',
                'verbose_name_plural': '担当課の所属',
            },
        ),
        migrations.AddField(
            model_name='department',
            name='members',
            field=models.ManyToManyField(blank=True, related_name='indicator_departments', through='indicators.DepartmentMembership', to=settings.AUTH_USER_MODEL, verbose_name='所属職員'),
        ),
        migrations.CreateModel(
            name='InterimTarget',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('fiscal_year', models.PositiveSmallIntegerField(verbose_name='年度')),
                ('value', models.DecimalField(decimal_places=3, max_digits=14, verbose_name='中間目標値')),
                ('indicator', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='interim_targets', to='indicators.indicator', verbose_name='成果指標')),
            ],
            options={
                'verbose_name': '中間目標',
                'verbose_name_plural': '中間目標',
                'ordering': ['indicator', 'fiscal_year'],
            },
        ),
        migrations.CreateModel(
            name='ItemDepartment',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('sort_order', models.PositiveSmallIntegerField(default=0, verbose_name='並び順')),
                ('department', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, to='indicators.department', verbose_name='担当課')),
                ('item', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to='indicators.actionitem', verbose_name='推進項目')),
            ],
            options={
                'verbose_name': '担当課の割当',
                'verbose_name_plural': '担当課の割当',
                'ordering': ['sort_order', 'id'],
            },
        ),
        migrations.AddField(
            model_name='actionitem',
            name='departments',
            field=models.ManyToManyField(blank=True, related_name='items', through='indicators.ItemDepartment', to='indicators.department', verbose_name='担当課'),
        ),
        migrations.CreateModel(
            name='Observation',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('fiscal_year', models.PositiveSmallIntegerField(verbose_name='年度')),
                ('value', models.DecimalField(decimal_places=3, max_digits=14, verbose_name='値')),
                ('is_final', models.BooleanField(default=False, help_text='オフのときは速報値', verbose_name='確定値')),
                ('source_note', models.CharField(blank=True, max_length=300, verbose_name='出典・備考')),
                ('sample_size', models.PositiveIntegerField(blank=True, null=True, verbose_name='回答数')),
                ('margin_of_error', models.DecimalField(blank=True, decimal_places=3, max_digits=8, null=True, verbose_name='誤差の範囲（±）')),
                ('recorded_at', models.DateTimeField(auto_now=True, verbose_name='記録日時')),
                ('indicator', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='observations', to='indicators.indicator', verbose_name='成果指標')),
            ],
            options={
                'verbose_name': '観測値',
                'verbose_name_plural': '観測値',
                'ordering': ['indicator', 'fiscal_year'],
            },
        ),
        migrations.CreateModel(
            name='Plan',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('code', models.SlugField(unique=True, verbose_name='計画コード')),
                ('title', models.CharField(max_length=200, verbose_name='計画名')),
                ('city', models.CharField(blank=True, max_length=100, verbose_name='自治体')),
                ('start_year', models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='計画期間（開始年度）')),
                ('end_year', models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='計画期間（終了年度）')),
                ('level_names', django.contrib.postgres.fields.ArrayField(base_field=models.CharField(max_length=50), blank=True, default=list, verbose_name='階層名')),
            ],
            options={
                'verbose_name': '計画',
                'verbose_name_plural': '計画',
                'ordering': ['code'],
                'constraints': [models.CheckConstraint(condition=models.Q(('start_year__isnull', True), ('end_year__isnull', True), ('start_year__lte', models.F('end_year')), _connector='OR'), name='indicators_plan_period_ordered')],
            },
        ),
        migrations.AddField(
            model_name='indicator',
            name='plan',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='indicators', to='indicators.plan', verbose_name='計画'),
        ),
        migrations.CreateModel(
            name='PlanNode',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('code', models.CharField(help_text='計画書に印刷されたとおり（例: I-(2)-④）', max_length=50, verbose_name='番号')),
                ('title', models.TextField(verbose_name='名称')),
                ('level', models.PositiveSmallIntegerField(default=0, help_text='0 が最上位', verbose_name='階層')),
                ('sort_order', models.PositiveIntegerField(default=0, verbose_name='並び順')),
                ('parent', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='children', to='indicators.plannode', verbose_name='上位')),
                ('plan', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='nodes', to='indicators.plan', verbose_name='計画')),
            ],
            options={
                'verbose_name': '計画の項目',
                'verbose_name_plural': '計画の項目',
                'ordering': ['plan', 'level', 'sort_order', 'id'],
            },
        ),
        migrations.AddField(
            model_name='actionitem',
            name='node',
            field=models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='item', to='indicators.plannode', verbose_name='計画の項目'),
        ),
        migrations.CreateModel(
            name='ReportEdition',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('fiscal_year', models.PositiveSmallIntegerField(verbose_name='年度')),
                ('edition', models.PositiveSmallIntegerField(verbose_name='版')),
                ('snapshot', models.JSONField(verbose_name='内容')),
                ('published_at', models.DateTimeField(auto_now_add=True, verbose_name='公開日時')),
                ('plan', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='report_editions', to='indicators.plan', verbose_name='計画')),
                ('published_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, to=settings.AUTH_USER_MODEL, verbose_name='公開者')),
            ],
            options={
                'verbose_name': '年次報告（公開版）',
                'verbose_name_plural': '年次報告（公開版）',
                'ordering': ['plan', 'fiscal_year', '-edition'],
            },
        ),
        migrations.CreateModel(
            name='TargetRevision',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('old_value', models.DecimalField(blank=True, decimal_places=3, max_digits=14, null=True, verbose_name='変更前の目標値')),
                ('old_year', models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='変更前の目標年度')),
                ('new_value', models.DecimalField(blank=True, decimal_places=3, max_digits=14, null=True, verbose_name='変更後の目標値')),
                ('new_year', models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='変更後の目標年度')),
                ('reason', models.TextField(blank=True, verbose_name='理由')),
                ('changed_at', models.DateTimeField(auto_now_add=True, verbose_name='変更日時')),
                ('changed_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, to=settings.AUTH_USER_MODEL, verbose_name='変更者')),
                ('indicator', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='target_revisions', to='indicators.indicator', verbose_name='成果指標')),
            ],
            options={
                'verbose_name': '目標値の変更履歴',
                'verbose_name_plural': '目標値の変更履歴',
                'ordering': ['indicator', 'changed_at', 'id'],
            },
        ),
        migrations.CreateModel(
            name='YearPlan',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('fiscal_year', models.PositiveSmallIntegerField(verbose_name='年度')),
                ('planned_stage', models.CharField(blank=True, choices=[('検討', '検討'), ('一部実施', '一部実施'), ('実施', '実施'), ('→', '→（継続）'), ('検討・実施', '検討・実施'), ('未実施', '未実施')], max_length=20, verbose_name='計画')),
                ('actual_stage', models.CharField(blank=True, choices=[('検討', '検討'), ('一部実施', '一部実施'), ('実施', '実施'), ('→', '→（継続）'), ('検討・実施', '検討・実施'), ('未実施', '未実施')], max_length=20, verbose_name='実績')),
                ('progress_note', models.TextField(blank=True, verbose_name='進捗状況')),
                ('evidence', models.TextField(blank=True, help_text='資料名や公開先 URL など', verbose_name='根拠資料')),
                ('status', models.CharField(choices=[('draft', '入力中'), ('submitted', '担当課提出済'), ('reviewed', 'センター確認済'), ('approved', '承認済'), ('published', '公開済')], default='draft', max_length=20, verbose_name='状態')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='更新日時')),
                ('item', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='years', to='indicators.actionitem', verbose_name='推進項目')),
            ],
            options={
                'verbose_name': '年度別計画・実績',
                'verbose_name_plural': '年度別計画・実績',
                'ordering': ['item', 'fiscal_year'],
            },
        ),
        migrations.CreateModel(
            name='YearPlanStatusChange',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('changed_at', models.DateTimeField(auto_now_add=True, verbose_name='変更日時')),
                ('note', models.TextField(blank=True, verbose_name='メモ')),
                ('from_status', models.CharField(blank=True, choices=[('draft', '入力中'), ('submitted', '担当課提出済'), ('reviewed', 'センター確認済'), ('approved', '承認済'), ('published', '公開済')], max_length=20, verbose_name='変更前')),
                ('to_status', models.CharField(choices=[('draft', '入力中'), ('submitted', '担当課提出済'), ('reviewed', 'センター確認済'), ('approved', '承認済'), ('published', '公開済')], max_length=20, verbose_name='変更後')),
                ('changed_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='変更者')),
                ('year_plan', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='status_changes', to='indicators.yearplan', verbose_name='年度別計画・実績')),
            ],
            options={
                'verbose_name': '状態の変更',
                'verbose_name_plural': '状態の変更',
                'ordering': ['year_plan', 'changed_at', 'id'],
            },
        ),
        migrations.AddConstraint(
            model_name='departmentmembership',
            constraint=models.UniqueConstraint(fields=('department', 'user'), name='indicators_deptmember_unique'),
        ),
        migrations.AddConstraint(
            model_name='interimtarget',
            constraint=models.UniqueConstraint(fields=('indicator', 'fiscal_year'), name='indicators_interim_unique'),
        ),
        migrations.AddConstraint(
            model_name='itemdepartment',
            constraint=models.UniqueConstraint(fields=('item', 'department'), name='indicators_itemdept_unique'),
        ),
        migrations.AddConstraint(
            model_name='observation',
            constraint=models.UniqueConstraint(fields=('indicator', 'fiscal_year'), name='indicators_obs_indicator_year_unique'),
        ),
        migrations.AddConstraint(
            model_name='observation',
            constraint=models.CheckConstraint(condition=models.Q(('margin_of_error__isnull', True), ('margin_of_error__gte', 0), _connector='OR'), name='indicators_obs_moe_not_negative'),
        ),
        migrations.AddConstraint(
            model_name='indicator',
            constraint=models.UniqueConstraint(fields=('plan', 'code'), name='indicators_indicator_plan_code_unique'),
        ),
        migrations.AddConstraint(
            model_name='indicator',
            constraint=models.CheckConstraint(condition=models.Q(('direction__in', ['increase', 'decrease'])), name='indicators_indicator_dir_valid'),
        ),
        migrations.AddConstraint(
            model_name='indicator',
            constraint=models.CheckConstraint(condition=models.Q(('source__in', ['survey', 'portal', 'statistic'])), name='indicators_indicator_source_valid'),
        ),
        migrations.AddConstraint(
            model_name='indicator',
            constraint=models.CheckConstraint(condition=models.Q(('baseline_year__isnull', True), ('target_year__isnull', True), ('baseline_year__lte', models.F('target_year')), _connector='OR'), name='indicators_indicator_years_ordered'),
        ),
        migrations.AddConstraint(
            model_name='indicator',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('source', 'portal'), _negated=True), models.Q(('computed_key', ''), _negated=True), _connector='OR'), name='indicators_indicator_portal_has_key'),
        ),
        migrations.AddIndex(
            model_name='plannode',
            index=models.Index(fields=['plan', 'parent', 'sort_order'], name='indicators_node_tree'),
        ),
        migrations.AddIndex(
            model_name='plannode',
            index=models.Index(fields=['plan', 'level', 'sort_order', 'id'], name='indicators_node_admin'),
        ),
        migrations.AddConstraint(
            model_name='plannode',
            constraint=models.UniqueConstraint(fields=('plan', 'code'), name='indicators_node_plan_code_unique'),
        ),
        migrations.AddConstraint(
            model_name='plannode',
            constraint=models.CheckConstraint(condition=models.Q(('parent', models.F('id')), _negated=True), name='indicators_node_not_own_parent'),
        ),
        migrations.AddConstraint(
            model_name='actionitem',
            constraint=models.CheckConstraint(condition=models.Q(('kind__in', ['new', 'continuing', ''])), name='indicators_item_kind_valid'),
        ),
        migrations.AddConstraint(
            model_name='actionitem',
            constraint=models.CheckConstraint(condition=models.Q(('target_actors__contained_by', ['citizens', 'community', 'civic_groups', 'businesses', 'schools', 'government'])), name='indicators_item_actors_valid'),
        ),
        migrations.AddConstraint(
            model_name='actionitem',
            constraint=models.CheckConstraint(condition=models.Q(('repost_of', models.F('id')), _negated=True), name='indicators_item_not_own_repost'),
        ),
        migrations.AddConstraint(
            model_name='actionitem',
            constraint=models.CheckConstraint(condition=models.Q(('repost_of__isnull', True), ('reposted', True), _connector='OR'), name='indicators_item_repost_flagged'),
        ),
        migrations.AddConstraint(
            model_name='reportedition',
            constraint=models.UniqueConstraint(fields=('plan', 'fiscal_year', 'edition'), name='indicators_edition_unique'),
        ),
        migrations.AddConstraint(
            model_name='reportedition',
            constraint=models.CheckConstraint(condition=models.Q(('edition__gte', 1)), name='indicators_edition_positive'),
        ),
        migrations.AddIndex(
            model_name='yearplan',
            index=models.Index(fields=['fiscal_year', 'status'], name='indicators_yp_year_status'),
        ),
        migrations.AddConstraint(
            model_name='yearplan',
            constraint=models.UniqueConstraint(fields=('item', 'fiscal_year'), name='indicators_yearplan_item_year_unique'),
        ),
        migrations.AddConstraint(
            model_name='yearplan',
            constraint=models.CheckConstraint(condition=models.Q(('planned_stage__in', ['検討', '一部実施', '実施', '→', '検討・実施', '未実施', ''])), name='indicators_yearplan_planned_valid'),
        ),
        migrations.AddConstraint(
            model_name='yearplan',
            constraint=models.CheckConstraint(condition=models.Q(('actual_stage__in', ['検討', '一部実施', '実施', '→', '検討・実施', '未実施', ''])), name='indicators_yearplan_actual_valid'),
        ),
        migrations.AddConstraint(
            model_name='yearplan',
            constraint=models.CheckConstraint(condition=models.Q(('status__in', ['draft', 'submitted', 'reviewed', 'approved', 'published'])), name='indicators_yearplan_status_valid'),
        ),
        migrations.AddConstraint(
            model_name='yearplan',
            constraint=models.CheckConstraint(condition=models.Q(('fiscal_year__gte', 1900), ('fiscal_year__lte', 2200)), name='indicators_yearplan_year_sane'),
        ),
        migrations.AddIndex(
            model_name='yearplanstatuschange',
            index=models.Index(fields=['year_plan', 'changed_at'], name='indicators_ypchange_obj_at'),
        ),
        migrations.AddIndex(
            model_name='yearplanstatuschange',
            index=models.Index(fields=['to_status', 'changed_at'], name='indicators_ypchange_to_at'),
        ),
        migrations.AddConstraint(
            model_name='yearplanstatuschange',
            constraint=models.CheckConstraint(condition=models.Q(('to_status__in', ['draft', 'submitted', 'reviewed', 'approved', 'published']), models.Q(('from_status', ''), ('from_status__in', ['draft', 'submitted', 'reviewed', 'approved', 'published']), _connector='OR')), name='indicators_ypchange_valid'),
        ),
    ]
