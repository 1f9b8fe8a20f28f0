"""The register, its people and volunteers; the directory's search needs groups_search_grams first."""

import civic_portal.core.validators
import django.contrib.postgres.fields
import django.contrib.postgres.indexes
import django.db.models.deletion
import django.db.models.functions.text
import groups.search
import groups.validators
import pgtrigger.compiler
import pgtrigger.migrations
from django.conf import settings
from django.db import migrations, models


# The characters, then the pairs from even and from odd offsets: '(..)' ends every pair with U+001F, which no
# search term holds (Python's str.split() splits on it), and the text is split there. plpgsql, so the planner
# never inlines it and keeps its COST: a plan that would compute it row by row (microseconds a row) is priced
# as such, and the GIN index wins.
GRAMS_FUNCTION = r"""
CREATE FUNCTION groups_search_grams(t text) RETURNS text[]
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE COST 200 AS $$
BEGIN
    RETURN string_to_array(t, NULL)
        || string_to_array(regexp_replace(t, '(..)', E'\\1\x1f', 'g'), E'\x1f')
        || string_to_array(regexp_replace(substr(t, 2), '(..)', E'\\1\x1f', 'g'), E'\x1f');
END
$$;
"""


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('core', '0001_initial'),
        ('pghistory', '0007_auto_20250421_0444'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunSQL(GRAMS_FUNCTION, "DROP FUNCTION groups_search_grams(text);"),
        migrations.CreateModel(
            name='VolunteerApplication',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('message', models.TextField(blank=True, verbose_name='応募メッセージ')),
                ('status', models.CharField(choices=[('applied', '応募中'), ('accepted', '受入決定'), ('declined', '見送り'), ('withdrawn', '応募取消')], default='applied', max_length=10, verbose_name='状態')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='応募日時')),
                ('decided_at', models.DateTimeField(blank=True, null=True, verbose_name='決定日時')),
                ('accepted_at', models.DateTimeField(blank=True, null=True, verbose_name='受入決定日時')),
            ],
            options={
                'verbose_name': 'ボランティア応募',
                'verbose_name_plural': 'ボランティア応募',
                'ordering': ['-created_at', '-id'],
            },
        ),
        migrations.CreateModel(
            name='ActivityField',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('version', models.CharField(help_text='別表の改正年（例: 2012）', max_length=20, verbose_name='版')),
                ('code', models.PositiveSmallIntegerField(verbose_name='号')),
                ('name', models.CharField(max_length=100, verbose_name='名称')),
                ('is_current', models.BooleanField(default=True, verbose_name='現行')),
            ],
            options={
                'verbose_name': '活動分野',
                'verbose_name_plural': '活動分野',
                'ordering': ['version', 'code'],
                'constraints': [models.UniqueConstraint(fields=('version', 'code'), name='groups_activityfield_version_code')],
            },
        ),
        migrations.CreateModel(
            name='Group',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=200, verbose_name='団体名')),
                ('name_kana', models.CharField(max_length=300, validators=[civic_portal.core.validators.validate_kana], verbose_name='団体名ふりがな')),
                ('legal_form', models.CharField(choices=[('voluntary', '任意団体'), ('npo', 'NPO法人'), ('certified_npo', '認定NPO法人'), ('general_association', '一般社団法人'), ('general_foundation', '一般財団法人'), ('neighbourhood', '自治会・町内会'), ('other', 'その他')], default='voluntary', max_length=30, verbose_name='法人格')),
                ('corporate_number', models.CharField(blank=True, help_text='法人の場合、13桁の法人番号', max_length=13, validators=[groups.validators.validate_corporate_number], verbose_name='法人番号')),
                ('is_intermediate_support', models.BooleanField(default=False, verbose_name='中間支援組織')),
                ('founded_year', models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='設立年')),
                ('member_count', models.PositiveIntegerField(blank=True, null=True, verbose_name='会員数')),
                ('member_count_as_of', models.DateField(blank=True, null=True, verbose_name='会員数の基準日')),
                ('fees', models.CharField(blank=True, help_text='例: 年会費 1,000円', max_length=200, verbose_name='会費')),
                ('activity_days', django.contrib.postgres.fields.ArrayField(base_field=models.PositiveSmallIntegerField(choices=[(0, '月'), (1, '火'), (2, '水'), (3, '木'), (4, '金'), (5, '土'), (6, '日')]), blank=True, default=list, verbose_name='主な活動曜日')),
                ('activity_schedule', models.CharField(blank=True, max_length=200, verbose_name='定例の活動日時')),
                ('activity_places', models.CharField(blank=True, max_length=200, verbose_name='主な活動場所')),
                ('purpose', models.TextField(verbose_name='活動の目的')),
                ('activities', models.TextField(verbose_name='活動内容')),
                ('beneficiaries', models.CharField(blank=True, max_length=200, verbose_name='活動の対象')),
                ('logo', models.ImageField(blank=True, upload_to='groups/logos/%Y/', verbose_name='ロゴ画像')),
                ('website', models.URLField(blank=True, verbose_name='ウェブサイト')),
                ('social_links', django.contrib.postgres.fields.ArrayField(base_field=models.URLField(), blank=True, default=list, size=5, verbose_name='SNS')),
                ('recruiting_members', models.BooleanField(default=False, verbose_name='会員募集中')),
                ('recruiting_volunteers', models.BooleanField(default=False, verbose_name='ボランティア募集中')),
                ('recruiting_partners', models.BooleanField(default=False, verbose_name='協働先募集中')),
                ('recruiting_details', models.TextField(blank=True, verbose_name='募集の内容')),
                ('representative_name', models.CharField(max_length=100, verbose_name='代表者氏名')),
                ('representative_phone', models.CharField(blank=True, max_length=20, verbose_name='代表者電話番号')),
                ('representative_email', models.EmailField(blank=True, max_length=254, verbose_name='代表者メールアドレス')),
                ('representative_address', models.CharField(blank=True, max_length=200, verbose_name='代表者住所')),
                ('contact_name', models.CharField(max_length=100, verbose_name='連絡担当者氏名')),
                ('contact_phone', models.CharField(blank=True, max_length=20, verbose_name='連絡先電話番号')),
                ('contact_email', models.EmailField(max_length=254, verbose_name='連絡先メールアドレス')),
                ('contact_address', models.CharField(blank=True, max_length=200, verbose_name='連絡先住所')),
                ('publish_representative_name', models.BooleanField(default=False, verbose_name='代表者氏名を公開する')),
                ('publish_representative_phone', models.BooleanField(default=False, verbose_name='代表者電話番号を公開する')),
                ('publish_representative_email', models.BooleanField(default=False, verbose_name='代表者メールアドレスを公開する')),
                ('publish_representative_address', models.BooleanField(default=False, verbose_name='代表者住所を公開する')),
                ('publish_contact_name', models.BooleanField(default=False, verbose_name='連絡担当者氏名を公開する')),
                ('publish_contact_phone', models.BooleanField(default=False, verbose_name='連絡先電話番号を公開する')),
                ('publish_contact_email', models.BooleanField(default=False, verbose_name='連絡先メールアドレスを公開する')),
                ('publish_contact_address', models.BooleanField(default=False, verbose_name='連絡先住所を公開する')),
                ('declares_non_profit', models.BooleanField(default=False, verbose_name='営利を目的としない活動です')),
                ('declares_not_religious_or_political', models.BooleanField(default=False, verbose_name='宗教活動・政治活動を主たる目的としません')),
                ('declares_no_organised_crime', models.BooleanField(default=False, verbose_name='暴力団又は暴力団員の統制下にある団体ではありません（暴力団排除）')),
                ('declares_minimum_members', models.BooleanField(default=False, verbose_name='構成員が規定の人数以上います')),
                ('status', models.CharField(choices=[('draft', '下書き'), ('submitted', '申請中'), ('returned', '差し戻し'), ('resubmitted', '再申請中'), ('registered', '登録済'), ('renewal_due', '更新手続中'), ('lapsed', '登録失効'), ('withdrawn', '取下げ')], default='draft', max_length=20, verbose_name='状態')),
                ('registration_number', models.CharField(blank=True, max_length=20, null=True, unique=True, verbose_name='登録番号')),
                ('registered_on', models.DateField(blank=True, null=True, verbose_name='登録日')),
                ('lapsed_on', models.DateField(blank=True, null=True, verbose_name='登録終了日')),
                ('last_confirmed_on', models.DateField(blank=True, null=True, verbose_name='情報確認日')),
                ('search_text', models.GeneratedField(db_persist=True, expression=groups.search.Normalized(django.db.models.functions.text.Concat('name', models.Value(' '), 'name_kana', models.Value(' '), 'purpose', models.Value(' '), 'activities', output_field=models.TextField())), output_field=models.TextField())),
                ('kana_sort', models.GeneratedField(db_persist=True, expression=groups.search.Normalized('name_kana'), output_field=models.TextField())),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='作成日時')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='更新日時')),
                ('activity_fields', models.ManyToManyField(blank=True, related_name='groups', to='groups.activityfield', verbose_name='活動分野')),
                ('areas', models.ManyToManyField(blank=True, related_name='groups', to='core.area', verbose_name='活動地区')),
                ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='申請者')),
            ],
            options={
                'verbose_name': '市民活動団体',
                'verbose_name_plural': '市民活動団体',
                'ordering': ['kana_sort', 'id'],
                'permissions': [('view_personal_data', '公開に同意されていない個人情報（連絡先など）を見る')],
            },
        ),
        migrations.CreateModel(
            name='GroupStatusChange',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('changed_at', models.DateTimeField(auto_now_add=True, verbose_name='変更日時')),
                ('note', models.TextField(blank=True, verbose_name='メモ')),
                ('from_status', models.CharField(blank=True, choices=[('draft', '下書き'), ('submitted', '申請中'), ('returned', '差し戻し'), ('resubmitted', '再申請中'), ('registered', '登録済'), ('renewal_due', '更新手続中'), ('lapsed', '登録失効'), ('withdrawn', '取下げ')], max_length=20, verbose_name='変更前')),
                ('to_status', models.CharField(choices=[('draft', '下書き'), ('submitted', '申請中'), ('returned', '差し戻し'), ('resubmitted', '再申請中'), ('registered', '登録済'), ('renewal_due', '更新手続中'), ('lapsed', '登録失効'), ('withdrawn', '取下げ')], max_length=20, verbose_name='変更後')),
                ('changed_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='変更者')),
                ('group', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='status_changes', to='groups.group', verbose_name='団体')),
            ],
            options={
                'verbose_name': '状態変更履歴',
                'verbose_name_plural': '状態変更履歴',
                'ordering': ['group', 'changed_at', 'id'],
            },
        ),
        migrations.CreateModel(
            name='ManagerInvitation',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('email', models.EmailField(max_length=254, verbose_name='招待先メールアドレス')),
                ('token', models.CharField(editable=False, max_length=64, unique=True)),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='招待日時')),
                ('expires_at', models.DateTimeField(verbose_name='有効期限')),
                ('accepted_at', models.DateTimeField(blank=True, null=True, verbose_name='承諾日時')),
                ('accepted_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='承諾者')),
                ('group', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='invitations', to='groups.group', verbose_name='団体')),
                ('invited_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='招待者')),
            ],
            options={
                'verbose_name': '管理者の招待',
                'verbose_name_plural': '管理者の招待',
                'ordering': ['-created_at'],
            },
        ),
        migrations.CreateModel(
            name='Membership',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('role', models.CharField(choices=[('manager', '管理者'), ('member', '会員')], default='member', max_length=10, verbose_name='役割')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='登録日時')),
                ('group', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='memberships', to='groups.group', verbose_name='団体')),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='group_memberships', to=settings.AUTH_USER_MODEL, verbose_name='利用者')),
            ],
            options={
                'verbose_name': '団体の管理者・会員',
                'verbose_name_plural': '団体の管理者・会員',
            },
        ),
        migrations.AddField(
            model_name='group',
            name='members',
            field=models.ManyToManyField(related_name='civic_groups', through='groups.Membership', to=settings.AUTH_USER_MODEL, verbose_name='会員'),
        ),
        migrations.CreateModel(
            name='RenewalRound',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('fiscal_year', models.PositiveSmallIntegerField(unique=True, verbose_name='年度')),
                ('deadline', models.DateField(verbose_name='更新期限')),
                ('opened_at', models.DateTimeField(auto_now_add=True, verbose_name='開始日時')),
                ('closed_at', models.DateTimeField(blank=True, null=True, verbose_name='締切処理日時')),
                ('opened_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='開始者')),
            ],
            options={
                'verbose_name': '登録更新',
                'verbose_name_plural': '登録更新',
                'ordering': ['-fiscal_year'],
            },
        ),
        migrations.CreateModel(
            name='RenewalReminder',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('days_before', models.PositiveSmallIntegerField(verbose_name='期限までの日数')),
                ('sent_at', models.DateTimeField(auto_now_add=True, verbose_name='送信日時')),
                ('group', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='renewal_reminders', to='groups.group', verbose_name='団体')),
                ('renewal', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='reminders', to='groups.renewalround', verbose_name='登録更新')),
            ],
            options={
                'verbose_name': '登録更新の督促',
                'verbose_name_plural': '登録更新の督促',
                'ordering': ['-sent_at', '-id'],
            },
        ),
        migrations.CreateModel(
            name='VolunteerApplicationStatusChange',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('changed_at', models.DateTimeField(auto_now_add=True, verbose_name='変更日時')),
                ('note', models.TextField(blank=True, verbose_name='メモ')),
                ('from_status', models.CharField(blank=True, choices=[('applied', '応募中'), ('accepted', '受入決定'), ('declined', '見送り'), ('withdrawn', '応募取消')], max_length=10, verbose_name='変更前')),
                ('to_status', models.CharField(choices=[('applied', '応募中'), ('accepted', '受入決定'), ('declined', '見送り'), ('withdrawn', '応募取消')], max_length=10, verbose_name='変更後')),
                ('application', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='status_changes', to='groups.volunteerapplication', verbose_name='応募')),
                ('changed_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='変更者')),
            ],
            options={
                'verbose_name': '応募の状態変更履歴',
                'verbose_name_plural': '応募の状態変更履歴',
                'ordering': ['application', 'changed_at', 'id'],
            },
        ),
        migrations.CreateModel(
            name='VolunteerNeed',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('title', models.CharField(max_length=200, verbose_name='募集の名称')),
                ('skills_wanted', django.contrib.postgres.fields.ArrayField(base_field=models.CharField(max_length=30), blank=True, default=list, size=20, verbose_name='求めるスキル')),
                ('flexible', models.BooleanField(default=False, verbose_name='日程は相談可')),
                ('dates', django.contrib.postgres.fields.ArrayField(base_field=models.DateField(), blank=True, default=list, size=30, verbose_name='活動日')),
                ('slots', django.contrib.postgres.fields.ArrayField(base_field=models.CharField(choices=[('mon-am', '月曜 午前'), ('mon-pm', '月曜 午後'), ('mon-ev', '月曜 夜間'), ('tue-am', '火曜 午前'), ('tue-pm', '火曜 午後'), ('tue-ev', '火曜 夜間'), ('wed-am', '水曜 午前'), ('wed-pm', '水曜 午後'), ('wed-ev', '水曜 夜間'), ('thu-am', '木曜 午前'), ('thu-pm', '木曜 午後'), ('thu-ev', '木曜 夜間'), ('fri-am', '金曜 午前'), ('fri-pm', '金曜 午後'), ('fri-ev', '金曜 夜間'), ('sat-am', '土曜 午前'), ('sat-pm', '土曜 午後'), ('sat-ev', '土曜 夜間'), ('sun-am', '日曜 午前'), ('sun-pm', '日曜 午後'), ('sun-ev', '日曜 夜間')], max_length=6), blank=True, default=list, verbose_name='活動する曜日・時間帯')),
                ('place', models.CharField(max_length=200, verbose_name='活動場所')),
                ('people_needed', models.PositiveSmallIntegerField(default=1, verbose_name='募集人数')),
                ('description', models.TextField(verbose_name='活動の内容')),
                ('status', models.CharField(choices=[('open', '募集中'), ('filled', '充足'), ('closed', '募集終了')], default='open', max_length=10, verbose_name='募集状況')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='作成日時')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='更新日時')),
                ('activity_field', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='volunteer_needs', to='groups.activityfield', verbose_name='活動分野')),
                ('area', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='volunteer_needs', to='core.area', verbose_name='地区')),
                ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='登録者')),
                ('group', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='volunteer_needs', to='groups.group', verbose_name='募集する団体')),
            ],
            options={
                'verbose_name': 'ボランティア募集',
                'verbose_name_plural': 'ボランティア募集',
                'ordering': ['-created_at', '-id'],
            },
        ),
        migrations.AddField(
            model_name='volunteerapplication',
            name='need',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='applications', to='groups.volunteerneed', verbose_name='募集'),
        ),
        migrations.CreateModel(
            name='VolunteerProfile',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('display_name', models.CharField(blank=True, max_length=100, verbose_name='表示名')),
                ('skills', django.contrib.postgres.fields.ArrayField(base_field=models.CharField(max_length=30), blank=True, default=list, size=20, verbose_name='特技・スキル')),
                ('availability', django.contrib.postgres.fields.ArrayField(base_field=models.CharField(choices=[('mon-am', '月曜 午前'), ('mon-pm', '月曜 午後'), ('mon-ev', '月曜 夜間'), ('tue-am', '火曜 午前'), ('tue-pm', '火曜 午後'), ('tue-ev', '火曜 夜間'), ('wed-am', '水曜 午前'), ('wed-pm', '水曜 午後'), ('wed-ev', '水曜 夜間'), ('thu-am', '木曜 午前'), ('thu-pm', '木曜 午後'), ('thu-ev', '木曜 夜間'), ('fri-am', '金曜 午前'), ('fri-pm', '金曜 午後'), ('fri-ev', '金曜 夜間'), ('sat-am', '土曜 午前'), ('sat-pm', '土曜 午後'), ('sat-ev', '土曜 夜間'), ('sun-am', '日曜 午前'), ('sun-pm', '日曜 午後'), ('sun-ev', '日曜 夜間')], max_length=6), blank=True, default=list, verbose_name='活動できる曜日・時間帯')),
                ('qualifications', models.TextField(blank=True, verbose_name='資格・経験')),
                ('talent_bank_listed', models.BooleanField(default=False, verbose_name='人材バンクに掲載する')),
                ('talent_topics', models.TextField(blank=True, help_text='人材バンクに掲載する講座のテーマや教えられること', verbose_name='講師・指導できること')),
                ('matching_opt_in', models.BooleanField(default=True, verbose_name='団体とのマッチングを希望する')),
                ('consent_given_at', models.DateTimeField(verbose_name='個人情報の取扱いへの同意日時')),
                ('withdrawn_at', models.DateTimeField(blank=True, null=True, verbose_name='登録取消日時')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='作成日時')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='更新日時')),
                ('areas', models.ManyToManyField(blank=True, related_name='volunteers', to='core.area', verbose_name='活動できる地区')),
                ('fields_of_interest', models.ManyToManyField(blank=True, related_name='volunteers', to='groups.activityfield', verbose_name='関心のある活動分野')),
                ('user', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='volunteer_profile', to=settings.AUTH_USER_MODEL, verbose_name='利用者')),
            ],
            options={
                'verbose_name': 'ボランティア登録',
                'verbose_name_plural': 'ボランティア登録',
                'ordering': ['-consent_given_at', 'id'],
            },
        ),
        migrations.AddField(
            model_name='volunteerapplication',
            name='volunteer',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='applications', to='groups.volunteerprofile', verbose_name='ボランティア'),
        ),
        migrations.CreateModel(
            name='VolunteerProfileEvent',
            fields=[
                ('pgh_id', models.AutoField(primary_key=True, serialize=False)),
                ('pgh_created_at', models.DateTimeField(auto_now_add=True)),
                ('pgh_label', models.TextField(help_text='The event label.')),
                ('id', models.BigIntegerField()),
                ('display_name', models.CharField(blank=True, max_length=100, verbose_name='表示名')),
                ('skills', django.contrib.postgres.fields.ArrayField(base_field=models.CharField(max_length=30), blank=True, default=list, size=20, verbose_name='特技・スキル')),
                ('availability', django.contrib.postgres.fields.ArrayField(base_field=models.CharField(choices=[('mon-am', '月曜 午前'), ('mon-pm', '月曜 午後'), ('mon-ev', '月曜 夜間'), ('tue-am', '火曜 午前'), ('tue-pm', '火曜 午後'), ('tue-ev', '火曜 夜間'), ('wed-am', '水曜 午前'), ('wed-pm', '水曜 午後'), ('wed-ev', '水曜 夜間'), ('thu-am', '木曜 午前'), ('thu-pm', '木曜 午後'), ('thu-ev', '木曜 夜間'), ('fri-am', '金曜 午前'), ('fri-pm', '金曜 午後'), ('fri-ev', '金曜 夜間'), ('sat-am', '土曜 午前'), ('sat-pm', '土曜 午後'), ('sat-ev', '土曜 夜間'), ('sun-am', '日曜 午前'), ('sun-pm', '日曜 午後'), ('sun-ev', '日曜 夜間')], max_length=6), blank=True, default=list, verbose_name='活動できる曜日・時間帯')),
                ('qualifications', models.TextField(blank=True, verbose_name='資格・経験')),
                ('talent_bank_listed', models.BooleanField(default=False, verbose_name='人材バンクに掲載する')),
                ('talent_topics', models.TextField(blank=True, help_text='人材バンクに掲載する講座のテーマや教えられること', verbose_name='講師・指導できること')),
                ('matching_opt_in', models.BooleanField(default=True, verbose_name='団体とのマッチングを希望する')),
                ('consent_given_at', models.DateTimeField(verbose_name='個人情報の取扱いへの同意日時')),
                ('withdrawn_at', models.DateTimeField(blank=True, null=True, verbose_name='登録取消日時')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='作成日時')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='更新日時')),
                ('pgh_context', models.ForeignKey(db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='pghistory.context')),
                ('pgh_obj', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='events', to='groups.volunteerprofile')),
                ('user', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to=settings.AUTH_USER_MODEL, verbose_name='利用者')),
            ],
            options={
                'abstract': False,
            },
        ),
        migrations.CreateModel(
            name='ContactRelay',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('sent_at', models.DateTimeField(auto_now_add=True, verbose_name='送信日時')),
                ('sender', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='送信者')),
                ('group', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='contact_relays', to='groups.group', verbose_name='団体')),
            ],
            options={
                'verbose_name': '問い合わせの転送',
                'verbose_name_plural': '問い合わせの転送',
                'ordering': ['-sent_at'],
                'indexes': [models.Index(fields=['sender', 'sent_at'], name='groups_relay_sender_at'), models.Index(fields=['-sent_at'], name='groups_relay_sent')],
            },
        ),
        migrations.CreateModel(
            name='GroupEditLog',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('edited_at', models.DateTimeField(auto_now_add=True, verbose_name='編集日時')),
                ('fields', django.contrib.postgres.fields.ArrayField(base_field=models.CharField(max_length=60), verbose_name='変更項目')),
                ('edited_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='編集者')),
                ('group', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='edit_logs', to='groups.group', verbose_name='団体')),
            ],
            options={
                'verbose_name': '団体情報の編集履歴',
                'verbose_name_plural': '団体情報の編集履歴',
                'ordering': ['-edited_at', '-id'],
                'indexes': [models.Index(fields=['group', '-edited_at'], name='groups_editlog_group_at')],
            },
        ),
        migrations.CreateModel(
            name='GroupEvent',
            fields=[
                ('pgh_id', models.AutoField(primary_key=True, serialize=False)),
                ('pgh_created_at', models.DateTimeField(auto_now_add=True)),
                ('pgh_label', models.TextField(help_text='The event label.')),
                ('id', models.BigIntegerField()),
                ('name', models.CharField(max_length=200, verbose_name='団体名')),
                ('name_kana', models.CharField(max_length=300, validators=[civic_portal.core.validators.validate_kana], verbose_name='団体名ふりがな')),
                ('legal_form', models.CharField(choices=[('voluntary', '任意団体'), ('npo', 'NPO法人'), ('certified_npo', '認定NPO法人'), ('general_association', '一般社団法人'), ('general_foundation', '一般財団法人'), ('neighbourhood', '自治会・町内会'), ('other', 'その他')], default='voluntary', max_length=30, verbose_name='法人格')),
                ('corporate_number', models.CharField(blank=True, help_text='法人の場合、13桁の法人番号', max_length=13, validators=[groups.validators.validate_corporate_number], verbose_name='法人番号')),
                ('is_intermediate_support', models.BooleanField(default=False, verbose_name='中間支援組織')),
                ('founded_year', models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='設立年')),
                ('member_count', models.PositiveIntegerField(blank=True, null=True, verbose_name='会員数')),
                ('member_count_as_of', models.DateField(blank=True, null=True, verbose_name='会員数の基準日')),
                ('fees', models.CharField(blank=True, help_text='例: 年会費 1,000円', max_length=200, verbose_name='会費')),
                ('activity_days', django.contrib.postgres.fields.ArrayField(base_field=models.PositiveSmallIntegerField(choices=[(0, '月'), (1, '火'), (2, '水'), (3, '木'), (4, '金'), (5, '土'), (6, '日')]), blank=True, default=list, verbose_name='主な活動曜日')),
                ('activity_schedule', models.CharField(blank=True, max_length=200, verbose_name='定例の活動日時')),
                ('activity_places', models.CharField(blank=True, max_length=200, verbose_name='主な活動場所')),
                ('purpose', models.TextField(verbose_name='活動の目的')),
                ('activities', models.TextField(verbose_name='活動内容')),
                ('beneficiaries', models.CharField(blank=True, max_length=200, verbose_name='活動の対象')),
                ('logo', models.ImageField(blank=True, upload_to='groups/logos/%Y/', verbose_name='ロゴ画像')),
                ('website', models.URLField(blank=True, verbose_name='ウェブサイト')),
                ('social_links', django.contrib.postgres.fields.ArrayField(base_field=models.URLField(), blank=True, default=list, size=5, verbose_name='SNS')),
                ('recruiting_members', models.BooleanField(default=False, verbose_name='会員募集中')),
                ('recruiting_volunteers', models.BooleanField(default=False, verbose_name='ボランティア募集中')),
                ('recruiting_partners', models.BooleanField(default=False, verbose_name='協働先募集中')),
                ('recruiting_details', models.TextField(blank=True, verbose_name='募集の内容')),
                ('representative_name', models.CharField(max_length=100, verbose_name='代表者氏名')),
                ('representative_phone', models.CharField(blank=True, max_length=20, verbose_name='代表者電話番号')),
                ('representative_email', models.EmailField(blank=True, max_length=254, verbose_name='代表者メールアドレス')),
                ('representative_address', models.CharField(blank=True, max_length=200, verbose_name='代表者住所')),
                ('contact_name', models.CharField(max_length=100, verbose_name='連絡担当者氏名')),
                ('contact_phone', models.CharField(blank=True, max_length=20, verbose_name='連絡先電話番号')),
                ('contact_email', models.EmailField(max_length=254, verbose_name='連絡先メールアドレス')),
                ('contact_address', models.CharField(blank=True, max_length=200, verbose_name='連絡先住所')),
                ('publish_representative_name', models.BooleanField(default=False, verbose_name='代表者氏名を公開する')),
                ('publish_representative_phone', models.BooleanField(default=False, verbose_name='代表者電話番号を公開する')),
                ('publish_representative_email', models.BooleanField(default=False, verbose_name='代表者メールアドレスを公開する')),
                ('publish_representative_address', models.BooleanField(default=False, verbose_name='代表者住所を公開する')),
                ('publish_contact_name', models.BooleanField(default=False, verbose_name='連絡担当者氏名を公開する')),
                ('publish_contact_phone', models.BooleanField(default=False, verbose_name='連絡先電話番号を公開する')),
                ('publish_contact_email', models.BooleanField(default=False, verbose_name='連絡先メールアドレスを公開する')),
                ('publish_contact_address', models.BooleanField(default=False, verbose_name='連絡先住所を公開する')),
                ('declares_non_profit', models.BooleanField(default=False, verbose_name='営利を目的としない活動です')),
                ('declares_not_religious_or_political', models.BooleanField(default=False, verbose_name='宗教活動・政治活動を主たる目的としません')),
                ('declares_no_organised_crime', models.BooleanField(default=False, verbose_name='暴力団又は暴力団員の統制下にある団体ではありません（暴力団排除）')),
                ('declares_minimum_members', models.BooleanField(default=False, verbose_name='構成員が規定の人数以上います')),
                ('status', models.CharField(choices=[('draft', '下書き'), ('submitted', '申請中'), ('returned', '差し戻し'), ('resubmitted', '再申請中'), ('registered', '登録済'), ('renewal_due', '更新手続中'), ('lapsed', '登録失効'), ('withdrawn', '取下げ')], default='draft', max_length=20, verbose_name='状態')),
                ('registration_number', models.CharField(blank=True, max_length=20, null=True, verbose_name='登録番号')),
                ('registered_on', models.DateField(blank=True, null=True, verbose_name='登録日')),
                ('lapsed_on', models.DateField(blank=True, null=True, verbose_name='登録終了日')),
                ('last_confirmed_on', models.DateField(blank=True, null=True, verbose_name='情報確認日')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='作成日時')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='更新日時')),
                ('created_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to=settings.AUTH_USER_MODEL, verbose_name='申請者')),
                ('pgh_context', models.ForeignKey(db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='pghistory.context')),
                ('pgh_obj', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='events', to='groups.group')),
            ],
            options={
                'abstract': False,
                'indexes': [models.Index(fields=['pgh_created_at'], name='groups_group_event_at')],
            },
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='groupevent',
            trigger=pgtrigger.compiler.Trigger(name='append_only', sql=pgtrigger.compiler.UpsertTriggerSql(func="RAISE EXCEPTION 'pgtrigger: Cannot update or delete rows from % table', TG_TABLE_NAME;", hash='7a3bb9b8d092dd927917dd0c654d7c480a7b1700', operation='UPDATE OR DELETE', pgid='pgtrigger_append_only_1bebc', table='groups_groupevent', when='BEFORE')),
        ),
        migrations.AddIndex(
            model_name='groupstatuschange',
            index=models.Index(fields=['group', 'changed_at'], name='groups_statuschange_obj_at'),
        ),
        migrations.AddIndex(
            model_name='groupstatuschange',
            index=models.Index(fields=['to_status', 'changed_at'], name='groups_statuschange_to_at'),
        ),
        migrations.AddConstraint(
            model_name='groupstatuschange',
            constraint=models.CheckConstraint(condition=models.Q(('to_status__in', ['draft', 'submitted', 'returned', 'resubmitted', 'registered', 'renewal_due', 'lapsed', 'withdrawn']), models.Q(('from_status', ''), ('from_status__in', ['draft', 'submitted', 'returned', 'resubmitted', 'registered', 'renewal_due', 'lapsed', 'withdrawn']), _connector='OR')), name='groups_statuschange_valid'),
        ),
        migrations.AddIndex(
            model_name='managerinvitation',
            index=models.Index(fields=['-created_at'], name='groups_invitation_created'),
        ),
        migrations.AddConstraint(
            model_name='managerinvitation',
            constraint=models.UniqueConstraint(condition=models.Q(('accepted_at__isnull', True)), fields=('group', 'email'), name='groups_invitation_open_unique'),
        ),
        migrations.AddIndex(
            model_name='membership',
            index=models.Index(fields=['user', 'role'], name='groups_membership_user_role'),
        ),
        migrations.AddConstraint(
            model_name='membership',
            constraint=models.UniqueConstraint(fields=('group', 'user'), name='groups_membership_unique'),
        ),
        migrations.AddConstraint(
            model_name='membership',
            constraint=models.CheckConstraint(condition=models.Q(('role__in', ['manager', 'member'])), name='groups_membership_role_valid'),
        ),
        migrations.AddIndex(
            model_name='group',
            index=models.Index(fields=['status', 'kana_sort', 'id'], name='groups_group_status_kana'),
        ),
        migrations.AddIndex(
            model_name='group',
            index=models.Index(fields=['kana_sort', 'id'], name='groups_group_kana'),
        ),
        migrations.AddIndex(
            model_name='group',
            index=models.Index(fields=['status', '-registered_on', '-id'], name='groups_group_status_newest'),
        ),
        migrations.AddIndex(
            model_name='group',
            index=models.Index(fields=['legal_form'], name='groups_group_legal_form'),
        ),
        migrations.AddIndex(
            model_name='group',
            index=models.Index(fields=['registered_on', 'lapsed_on'], name='groups_group_registered_span'),
        ),
        migrations.AddIndex(
            model_name='group',
            index=models.Index(condition=models.Q(('status__in', ['registered', 'renewal_due'])), fields=['kana_sort', 'id'], name='groups_group_dir_kana'),
        ),
        migrations.AddIndex(
            model_name='group',
            index=models.Index(condition=models.Q(('status__in', ['registered', 'renewal_due'])), fields=['-registered_on', '-id'], name='groups_group_dir_new'),
        ),
        migrations.AddIndex(
            model_name='group',
            index=models.Index(condition=models.Q(('status__in', ['registered', 'renewal_due']), ('recruiting_members', True)), fields=['kana_sort', 'id'], name='groups_group_dir_mem_kana'),
        ),
        migrations.AddIndex(
            model_name='group',
            index=models.Index(condition=models.Q(('status__in', ['registered', 'renewal_due']), ('recruiting_members', True)), fields=['-registered_on', '-id'], name='groups_group_dir_mem_new'),
        ),
        migrations.AddIndex(
            model_name='group',
            index=models.Index(condition=models.Q(('status__in', ['registered', 'renewal_due']), ('recruiting_volunteers', True)), fields=['kana_sort', 'id'], name='groups_group_dir_vol_kana'),
        ),
        migrations.AddIndex(
            model_name='group',
            index=models.Index(condition=models.Q(('status__in', ['registered', 'renewal_due']), ('recruiting_volunteers', True)), fields=['-registered_on', '-id'], name='groups_group_dir_vol_new'),
        ),
        migrations.AddIndex(
            model_name='group',
            index=models.Index(condition=models.Q(('status__in', ['registered', 'renewal_due']), ('recruiting_partners', True)), fields=['kana_sort', 'id'], name='groups_group_dir_prt_kana'),
        ),
        migrations.AddIndex(
            model_name='group',
            index=models.Index(condition=models.Q(('status__in', ['registered', 'renewal_due']), ('recruiting_partners', True)), fields=['-registered_on', '-id'], name='groups_group_dir_prt_new'),
        ),
        migrations.AddIndex(
            model_name='group',
            index=models.Index(condition=models.Q(('is_intermediate_support', True)), fields=['registered_on', 'lapsed_on'], name='groups_group_support_span'),
        ),
        migrations.AddIndex(
            model_name='group',
            index=django.contrib.postgres.indexes.GinIndex(fields=['activity_days'], name='groups_group_days_gin'),
        ),
        migrations.AddIndex(
            model_name='group',
            index=django.contrib.postgres.indexes.GinIndex(fields=['search_text'], name='groups_group_search_trgm', opclasses=['gin_trgm_ops']),
        ),
        migrations.AddIndex(
            model_name='group',
            index=django.contrib.postgres.indexes.GinIndex(groups.search.SearchGrams('search_text'), name='groups_group_search_grams'),
        ),
        migrations.AddConstraint(
            model_name='group',
            constraint=models.CheckConstraint(condition=models.Q(('status__in', ['draft', 'submitted', 'returned', 'resubmitted', 'registered', 'renewal_due', 'lapsed', 'withdrawn'])), name='groups_group_status_valid'),
        ),
        migrations.AddConstraint(
            model_name='group',
            constraint=models.CheckConstraint(condition=models.Q(('legal_form__in', ['voluntary', 'npo', 'certified_npo', 'general_association', 'general_foundation', 'neighbourhood', 'other'])), name='groups_group_legal_form_valid'),
        ),
        migrations.AddConstraint(
            model_name='group',
            constraint=models.UniqueConstraint(condition=models.Q(('corporate_number', ''), _negated=True), fields=('corporate_number',), name='groups_group_corporate_number_unique'),
        ),
        migrations.AddConstraint(
            model_name='group',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('status__in', frozenset(['lapsed', 'registered', 'renewal_due'])), _negated=True), models.Q(('registered_on__isnull', False), ('registration_number__isnull', False)), _connector='OR'), name='groups_group_registered_has_number'),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='group',
            trigger=pgtrigger.compiler.Trigger(name='insert_insert', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "groups_groupevent" ("activities", "activity_days", "activity_places", "activity_schedule", "beneficiaries", "contact_address", "contact_email", "contact_name", "contact_phone", "corporate_number", "created_at", "created_by_id", "declares_minimum_members", "declares_no_organised_crime", "declares_non_profit", "declares_not_religious_or_political", "fees", "founded_year", "id", "is_intermediate_support", "lapsed_on", "last_confirmed_on", "legal_form", "logo", "member_count", "member_count_as_of", "name", "name_kana", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "publish_contact_address", "publish_contact_email", "publish_contact_name", "publish_contact_phone", "publish_representative_address", "publish_representative_email", "publish_representative_name", "publish_representative_phone", "purpose", "recruiting_details", "recruiting_members", "recruiting_partners", "recruiting_volunteers", "registered_on", "registration_number", "representative_address", "representative_email", "representative_name", "representative_phone", "social_links", "status", "updated_at", "website") VALUES (NEW."activities", NEW."activity_days", NEW."activity_places", NEW."activity_schedule", NEW."beneficiaries", NEW."contact_address", NEW."contact_email", NEW."contact_name", NEW."contact_phone", NEW."corporate_number", NEW."created_at", NEW."created_by_id", NEW."declares_minimum_members", NEW."declares_no_organised_crime", NEW."declares_non_profit", NEW."declares_not_religious_or_political", NEW."fees", NEW."founded_year", NEW."id", NEW."is_intermediate_support", NEW."lapsed_on", NEW."last_confirmed_on", NEW."legal_form", NEW."logo", NEW."member_count", NEW."member_count_as_of", NEW."name", NEW."name_kana", _pgh_attach_context(), NOW(), \'insert\', NEW."id", NEW."publish_contact_address", NEW."publish_contact_email", NEW."publish_contact_name", NEW."publish_contact_phone", NEW."publish_representative_address", NEW."publish_representative_email", NEW."publish_representative_name", NEW."publish_representative_phone", NEW."purpose", NEW."recruiting_details", NEW."recruiting_members", NEW."recruiting_partners", NEW."recruiting_volunteers", NEW."registered_on", NEW."registration_number", NEW."representative_address", NEW."representative_email", NEW."representative_name", NEW."representative_phone", NEW."social_links", NEW."status", NEW."updated_at", NEW."website"); RETURN NULL;', hash='e9a272184c1d984dbad216fc0e60e2c91e34bc6b', operation='INSERT', pgid='pgtrigger_insert_insert_6026d', table='groups_group', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='group',
            trigger=pgtrigger.compiler.Trigger(name='update_update', sql=pgtrigger.compiler.UpsertTriggerSql(condition='WHEN (OLD."activities" IS DISTINCT FROM (NEW."activities") OR OLD."activity_days" IS DISTINCT FROM (NEW."activity_days") OR OLD."activity_places" IS DISTINCT FROM (NEW."activity_places") OR OLD."activity_schedule" IS DISTINCT FROM (NEW."activity_schedule") OR OLD."beneficiaries" IS DISTINCT FROM (NEW."beneficiaries") OR OLD."contact_address" IS DISTINCT FROM (NEW."contact_address") OR OLD."contact_email" IS DISTINCT FROM (NEW."contact_email") OR OLD."contact_name" IS DISTINCT FROM (NEW."contact_name") OR OLD."contact_phone" IS DISTINCT FROM (NEW."contact_phone") OR OLD."corporate_number" IS DISTINCT FROM (NEW."corporate_number") OR OLD."created_at" IS DISTINCT FROM (NEW."created_at") OR OLD."created_by_id" IS DISTINCT FROM (NEW."created_by_id") OR OLD."declares_minimum_members" IS DISTINCT FROM (NEW."declares_minimum_members") OR OLD."declares_no_organised_crime" IS DISTINCT FROM (NEW."declares_no_organised_crime") OR OLD."declares_non_profit" IS DISTINCT FROM (NEW."declares_non_profit") OR OLD."declares_not_religious_or_political" IS DISTINCT FROM (NEW."declares_not_religious_or_political") OR OLD."fees" IS DISTINCT FROM (NEW."fees") OR OLD."founded_year" IS DISTINCT FROM (NEW."founded_year") OR OLD."id" IS DISTINCT FROM (NEW."id") OR OLD."is_intermediate_support" IS DISTINCT FROM (NEW."is_intermediate_support") OR OLD."lapsed_on" IS DISTINCT FROM (NEW."lapsed_on") OR OLD."last_confirmed_on" IS DISTINCT FROM (NEW."last_confirmed_on") OR OLD."legal_form" IS DISTINCT FROM (NEW."legal_form") OR OLD."logo" IS DISTINCT FROM (NEW."logo") OR OLD."member_count" IS DISTINCT FROM (NEW."member_count") OR OLD."member_count_as_of" IS DISTINCT FROM (NEW."member_count_as_of") OR OLD."name" IS DISTINCT FROM (NEW."name") OR OLD."name_kana" IS DISTINCT FROM (NEW."name_kana") OR OLD."publish_contact_address" IS DISTINCT FROM (NEW."publish_contact_address") OR OLD."publish_contact_email" IS DISTINCT FROM (NEW."publish_contact_email") OR OLD."publish_contact_name" IS DISTINCT FROM (NEW."publish_contact_name") OR OLD."publish_contact_phone" IS DISTINCT FROM (NEW."publish_contact_phone") OR OLD."publish_representative_address" IS DISTINCT FROM (NEW."publish_representative_address") OR OLD."publish_representative_email" IS DISTINCT FROM (NEW."publish_representative_email") OR OLD."publish_representative_name" IS DISTINCT FROM (NEW."publish_representative_name") OR OLD."publish_representative_phone" IS DISTINCT FROM (NEW."publish_representative_phone") OR OLD."purpose" IS DISTINCT FROM (NEW."purpose") OR OLD."recruiting_details" IS DISTINCT FROM (NEW."recruiting_details") OR OLD."recruiting_members" IS DISTINCT FROM (NEW."recruiting_members") OR OLD."recruiting_partners" IS DISTINCT FROM (NEW."recruiting_partners") OR OLD."recruiting_volunteers" IS DISTINCT FROM (NEW."recruiting_volunteers") OR OLD."registered_on" IS DISTINCT FROM (NEW."registered_on") OR OLD."registration_number" IS DISTINCT FROM (NEW."registration_number") OR OLD."representative_address" IS DISTINCT FROM (NEW."representative_address") OR OLD."representative_email" IS DISTINCT FROM (NEW."representative_email") OR OLD."representative_name" IS DISTINCT FROM (NEW."representative_name") OR OLD."representative_phone" IS DISTINCT FROM (NEW."representative_phone") OR OLD."social_links" IS DISTINCT FROM (NEW."social_links") OR OLD."status" IS DISTINCT FROM (NEW."status") OR OLD."updated_at" IS DISTINCT FROM (NEW."updated_at") OR OLD."website" IS DISTINCT FROM (NEW."website"))', func='INSERT INTO "groups_groupevent" ("activities", "activity_days", "activity_places", "activity_schedule", "beneficiaries", "contact_address", "contact_email", "contact_name", "contact_phone", "corporate_number", "created_at", "created_by_id", "declares_minimum_members", "declares_no_organised_crime", "declares_non_profit", "declares_not_religious_or_political", "fees", "founded_year", "id", "is_intermediate_support", "lapsed_on", "last_confirmed_on", "legal_form", "logo", "member_count", "member_count_as_of", "name", "name_kana", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "publish_contact_address", "publish_contact_email", "publish_contact_name", "publish_contact_phone", "publish_representative_address", "publish_representative_email", "publish_representative_name", "publish_representative_phone", "purpose", "recruiting_details", "recruiting_members", "recruiting_partners", "recruiting_volunteers", "registered_on", "registration_number", "representative_address", "representative_email", "representative_name", "representative_phone", "social_links", "status", "updated_at", "website") VALUES (NEW."activities", NEW."activity_days", NEW."activity_places", NEW."activity_schedule", NEW."beneficiaries", NEW."contact_address", NEW."contact_email", NEW."contact_name", NEW."contact_phone", NEW."corporate_number", NEW."created_at", NEW."created_by_id", NEW."declares_minimum_members", NEW."declares_no_organised_crime", NEW."declares_non_profit", NEW."declares_not_religious_or_political", NEW."fees", NEW."founded_year", NEW."id", NEW."is_intermediate_support", NEW."lapsed_on", NEW."last_confirmed_on", NEW."legal_form", NEW."logo", NEW."member_count", NEW."member_count_as_of", NEW."name", NEW."name_kana", _pgh_attach_context(), NOW(), \'update\', NEW."id", NEW."publish_contact_address", NEW."publish_contact_email", NEW."publish_contact_name", NEW."publish_contact_phone", NEW."publish_representative_address", NEW."publish_representative_email", NEW."publish_representative_name", NEW."publish_representative_phone", NEW."purpose", NEW."recruiting_details", NEW."recruiting_members", NEW."recruiting_partners", NEW."recruiting_volunteers", NEW."registered_on", NEW."registration_number", NEW."representative_address", NEW."representative_email", NEW."representative_name", NEW."representative_phone", NEW."social_links", NEW."status", NEW."updated_at", NEW."website"); RETURN NULL;', hash='399c5170a6a52458c4e5b41cd2e1fc1ae3b96b61', operation='UPDATE', pgid='pgtrigger_update_update_02517', table='groups_group', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='group',
            trigger=pgtrigger.compiler.Trigger(name='delete_delete', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "groups_groupevent" ("activities", "activity_days", "activity_places", "activity_schedule", "beneficiaries", "contact_address", "contact_email", "contact_name", "contact_phone", "corporate_number", "created_at", "created_by_id", "declares_minimum_members", "declares_no_organised_crime", "declares_non_profit", "declares_not_religious_or_political", "fees", "founded_year", "id", "is_intermediate_support", "lapsed_on", "last_confirmed_on", "legal_form", "logo", "member_count", "member_count_as_of", "name", "name_kana", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "publish_contact_address", "publish_contact_email", "publish_contact_name", "publish_contact_phone", "publish_representative_address", "publish_representative_email", "publish_representative_name", "publish_representative_phone", "purpose", "recruiting_details", "recruiting_members", "recruiting_partners", "recruiting_volunteers", "registered_on", "registration_number", "representative_address", "representative_email", "representative_name", "representative_phone", "social_links", "status", "updated_at", "website") VALUES (OLD."activities", OLD."activity_days", OLD."activity_places", OLD."activity_schedule", OLD."beneficiaries", OLD."contact_address", OLD."contact_email", OLD."contact_name", OLD."contact_phone", OLD."corporate_number", OLD."created_at", OLD."created_by_id", OLD."declares_minimum_members", OLD."declares_no_organised_crime", OLD."declares_non_profit", OLD."declares_not_religious_or_political", OLD."fees", OLD."founded_year", OLD."id", OLD."is_intermediate_support", OLD."lapsed_on", OLD."last_confirmed_on", OLD."legal_form", OLD."logo", OLD."member_count", OLD."member_count_as_of", OLD."name", OLD."name_kana", _pgh_attach_context(), NOW(), \'delete\', OLD."id", OLD."publish_contact_address", OLD."publish_contact_email", OLD."publish_contact_name", OLD."publish_contact_phone", OLD."publish_representative_address", OLD."publish_representative_email", OLD."publish_representative_name", OLD."publish_representative_phone", OLD."purpose", OLD."recruiting_details", OLD."recruiting_members", OLD."recruiting_partners", OLD."recruiting_volunteers", OLD."registered_on", OLD."registration_number", OLD."representative_address", OLD."representative_email", OLD."representative_name", OLD."representative_phone", OLD."social_links", OLD."status", OLD."updated_at", OLD."website"); RETURN NULL;', hash='9a6ceb6f27700500b3c4a6d867a0cef5ea5a0099', operation='DELETE', pgid='pgtrigger_delete_delete_13da0', table='groups_group', when='AFTER')),
        ),
        migrations.AddConstraint(
            model_name='renewalreminder',
            constraint=models.UniqueConstraint(fields=('renewal', 'group', 'days_before'), name='groups_renewal_reminder_once'),
        ),
        migrations.AddIndex(
            model_name='volunteerapplicationstatuschange',
            index=models.Index(fields=['application', 'changed_at'], name='groups_vastatuschange_obj_at'),
        ),
        migrations.AddIndex(
            model_name='volunteerapplicationstatuschange',
            index=models.Index(fields=['to_status', 'changed_at'], name='groups_vastatuschange_to_at'),
        ),
        migrations.AddConstraint(
            model_name='volunteerapplicationstatuschange',
            constraint=models.CheckConstraint(condition=models.Q(('to_status__in', ['applied', 'accepted', 'declined', 'withdrawn']), models.Q(('from_status', ''), ('from_status__in', ['applied', 'accepted', 'declined', 'withdrawn']), _connector='OR')), name='groups_vastatuschange_valid'),
        ),
        migrations.AddIndex(
            model_name='volunteerneed',
            index=models.Index(fields=['status', '-created_at', '-id'], name='groups_need_status_newest'),
        ),
        migrations.AddIndex(
            model_name='volunteerneed',
            index=models.Index(fields=['-created_at', '-id'], name='groups_need_newest'),
        ),
        migrations.AddIndex(
            model_name='volunteerneed',
            index=models.Index(fields=['group', 'status'], name='groups_need_group_status'),
        ),
        migrations.AddIndex(
            model_name='volunteerneed',
            index=django.contrib.postgres.indexes.GinIndex(fields=['slots'], name='groups_need_slots_gin'),
        ),
        migrations.AddIndex(
            model_name='volunteerneed',
            index=django.contrib.postgres.indexes.GinIndex(fields=['skills_wanted'], name='groups_need_skills_gin'),
        ),
        migrations.AddConstraint(
            model_name='volunteerneed',
            constraint=models.CheckConstraint(condition=models.Q(('status__in', ['open', 'filled', 'closed'])), name='groups_need_status_valid'),
        ),
        migrations.AddConstraint(
            model_name='volunteerneed',
            constraint=models.CheckConstraint(condition=models.Q(('people_needed__gte', 1)), name='groups_need_people_needed_positive', violation_error_message='募集人数は1人以上にしてください。'),
        ),
        migrations.AddConstraint(
            model_name='volunteerneed',
            constraint=models.CheckConstraint(condition=models.Q(('slots__contained_by', ['mon-am', 'mon-pm', 'mon-ev', 'tue-am', 'tue-pm', 'tue-ev', 'wed-am', 'wed-pm', 'wed-ev', 'thu-am', 'thu-pm', 'thu-ev', 'fri-am', 'fri-pm', 'fri-ev', 'sat-am', 'sat-pm', 'sat-ev', 'sun-am', 'sun-pm', 'sun-ev'])), name='groups_need_slots_valid', violation_error_message='曜日・時間帯に不正な値があります。'),
        ),
        migrations.AddConstraint(
            model_name='volunteerneed',
            constraint=models.CheckConstraint(condition=models.Q(('flexible', True), ('dates__len__gte', 1), _connector='OR'), name='groups_need_dates_or_flexible', violation_error_message='活動日を入力するか「日程は相談可」を選んでください。'),
        ),
        migrations.AddIndex(
            model_name='volunteerprofile',
            index=models.Index(condition=models.Q(('withdrawn_at__isnull', True)), fields=['consent_given_at'], name='groups_volunteer_active'),
        ),
        migrations.AddIndex(
            model_name='volunteerprofile',
            index=models.Index(fields=['-consent_given_at', 'id'], name='groups_volunteer_consent'),
        ),
        migrations.AddIndex(
            model_name='volunteerprofile',
            index=models.Index(condition=models.Q(('matching_opt_in', True), ('withdrawn_at__isnull', True)), fields=['id'], name='groups_volunteer_matchable'),
        ),
        migrations.AddIndex(
            model_name='volunteerprofile',
            index=models.Index(condition=models.Q(('talent_bank_listed', True), ('withdrawn_at__isnull', True)), fields=['-updated_at'], name='groups_volunteer_talent_bank'),
        ),
        migrations.AddIndex(
            model_name='volunteerprofile',
            index=django.contrib.postgres.indexes.GinIndex(fields=['skills'], name='groups_volunteer_skills_gin'),
        ),
        migrations.AddIndex(
            model_name='volunteerprofile',
            index=django.contrib.postgres.indexes.GinIndex(fields=['availability'], name='groups_volunteer_avail_gin'),
        ),
        migrations.AddConstraint(
            model_name='volunteerprofile',
            constraint=models.CheckConstraint(condition=models.Q(('availability__contained_by', ['mon-am', 'mon-pm', 'mon-ev', 'tue-am', 'tue-pm', 'tue-ev', 'wed-am', 'wed-pm', 'wed-ev', 'thu-am', 'thu-pm', 'thu-ev', 'fri-am', 'fri-pm', 'fri-ev', 'sat-am', 'sat-pm', 'sat-ev', 'sun-am', 'sun-pm', 'sun-ev'])), name='groups_volunteer_availability_valid', violation_error_message='活動できる曜日・時間帯に不正な値があります。'),
        ),
        migrations.AddConstraint(
            model_name='volunteerprofile',
            constraint=models.CheckConstraint(condition=models.Q(('withdrawn_at__isnull', True), models.Q(('matching_opt_in', False), ('talent_bank_listed', False)), _connector='OR'), name='groups_volunteer_withdrawn_not_listed', violation_error_message='登録を取り消した方はマッチングや人材バンクに掲載できません。'),
        ),
        migrations.AddConstraint(
            model_name='volunteerprofile',
            constraint=models.CheckConstraint(condition=models.Q(('withdrawn_at__isnull', False), models.Q(('display_name', ''), _negated=True), _connector='OR'), name='groups_volunteer_active_has_name', violation_error_message='表示名を入力してください。'),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='volunteerprofile',
            trigger=pgtrigger.compiler.Trigger(name='insert_insert', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "groups_volunteerprofileevent" ("availability", "consent_given_at", "created_at", "display_name", "id", "matching_opt_in", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "qualifications", "skills", "talent_bank_listed", "talent_topics", "updated_at", "user_id", "withdrawn_at") VALUES (NEW."availability", NEW."consent_given_at", NEW."created_at", NEW."display_name", NEW."id", NEW."matching_opt_in", _pgh_attach_context(), NOW(), \'insert\', NEW."id", NEW."qualifications", NEW."skills", NEW."talent_bank_listed", NEW."talent_topics", NEW."updated_at", NEW."user_id", NEW."withdrawn_at"); RETURN NULL;', hash='9ee34cbc79634015f4b1644489592869ea6529a4', operation='INSERT', pgid='pgtrigger_insert_insert_3e01e', table='groups_volunteerprofile', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='volunteerprofile',
            trigger=pgtrigger.compiler.Trigger(name='update_update', sql=pgtrigger.compiler.UpsertTriggerSql(condition='WHEN (OLD.* IS DISTINCT FROM NEW.*)', func='INSERT INTO "groups_volunteerprofileevent" ("availability", "consent_given_at", "created_at", "display_name", "id", "matching_opt_in", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "qualifications", "skills", "talent_bank_listed", "talent_topics", "updated_at", "user_id", "withdrawn_at") VALUES (NEW."availability", NEW."consent_given_at", NEW."created_at", NEW."display_name", NEW."id", NEW."matching_opt_in", _pgh_attach_context(), NOW(), \'update\', NEW."id", NEW."qualifications", NEW."skills", NEW."talent_bank_listed", NEW."talent_topics", NEW."updated_at", NEW."user_id", NEW."withdrawn_at"); RETURN NULL;', hash='29f959480e01ab3f8aa8af7be049782c751fa3bd', operation='UPDATE', pgid='pgtrigger_update_update_4ba14', table='groups_volunteerprofile', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='volunteerprofile',
            trigger=pgtrigger.compiler.Trigger(name='delete_delete', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "groups_volunteerprofileevent" ("availability", "consent_given_at", "created_at", "display_name", "id", "matching_opt_in", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "qualifications", "skills", "talent_bank_listed", "talent_topics", "updated_at", "user_id", "withdrawn_at") VALUES (OLD."availability", OLD."consent_given_at", OLD."created_at", OLD."display_name", OLD."id", OLD."matching_opt_in", _pgh_attach_context(), NOW(), \'delete\', OLD."id", OLD."qualifications", OLD."skills", OLD."talent_bank_listed", OLD."talent_topics", OLD."updated_at", OLD."user_id", OLD."withdrawn_at"); RETURN NULL;', hash='2f0267c983190dd0d5d14af6e0540d4d2973b997', operation='DELETE', pgid='pgtrigger_delete_delete_082fa', table='groups_volunteerprofile', when='AFTER')),
        ),
        migrations.AddIndex(
            model_name='volunteerapplication',
            index=models.Index(condition=models.Q(('accepted_at__isnull', False)), fields=['accepted_at'], name='groups_application_accepted'),
        ),
        migrations.AddIndex(
            model_name='volunteerapplication',
            index=models.Index(fields=['need', 'status'], name='groups_application_need_status'),
        ),
        migrations.AddIndex(
            model_name='volunteerapplication',
            index=models.Index(fields=['-created_at', '-id'], name='groups_application_newest'),
        ),
        migrations.AddConstraint(
            model_name='volunteerapplication',
            constraint=models.CheckConstraint(condition=models.Q(('status__in', ['applied', 'accepted', 'declined', 'withdrawn'])), name='groups_application_status'),
        ),
        migrations.AddConstraint(
            model_name='volunteerapplication',
            constraint=models.UniqueConstraint(condition=models.Q(('status__in', ('applied', 'accepted'))), fields=('need', 'volunteer'), name='groups_application_one_active', violation_error_message='この募集にはすでに応募しています。'),
        ),
        migrations.AddConstraint(
            model_name='volunteerapplication',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('status', 'accepted'), _negated=True), ('accepted_at__isnull', False), _connector='OR'), name='groups_application_accepted_dated'),
        ),
        migrations.AddIndex(
            model_name='volunteerprofileevent',
            index=models.Index(fields=['pgh_created_at'], name='groups_volunteerprofi_event_at'),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='volunteerprofileevent',
            trigger=pgtrigger.compiler.Trigger(name='append_only', sql=pgtrigger.compiler.UpsertTriggerSql(func="RAISE EXCEPTION 'pgtrigger: Cannot update or delete rows from % table', TG_TABLE_NAME;", hash='ca6b1e361542141a9e239b91475401d0244f6ba8', operation='UPDATE OR DELETE', pgid='pgtrigger_append_only_9d142', table='groups_volunteerprofileevent', when='BEFORE')),
        ),
    ]
