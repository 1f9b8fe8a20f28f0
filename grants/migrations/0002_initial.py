
import django.db.models.deletion
import pgtrigger.compiler
import pgtrigger.migrations
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('grants', '0001_initial'),
        ('groups', '0001_initial'),
        ('pghistory', '0007_auto_20250421_0444'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='application',
            name='group',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='grant_applications', to='groups.group', verbose_name='団体'),
        ),
        migrations.AddField(
            model_name='activityreport',
            name='application',
            field=models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='report', to='grants.application', verbose_name='申請'),
        ),
        migrations.AddField(
            model_name='applicationevent',
            name='created_by',
            field=models.ForeignKey(db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to=settings.AUTH_USER_MODEL, verbose_name='作成者'),
        ),
        migrations.AddField(
            model_name='applicationevent',
            name='group',
            field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='groups.group', verbose_name='団体'),
        ),
        migrations.AddField(
            model_name='applicationevent',
            name='pgh_context',
            field=models.ForeignKey(db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='pghistory.context'),
        ),
        migrations.AddField(
            model_name='applicationevent',
            name='pgh_obj',
            field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='events', to='grants.application'),
        ),
        migrations.AddField(
            model_name='applicationstatuschange',
            name='application',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='status_changes', to='grants.application', verbose_name='申請'),
        ),
        migrations.AddField(
            model_name='applicationstatuschange',
            name='changed_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='変更者'),
        ),
        migrations.AddField(
            model_name='attachment',
            name='application',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='attachments', to='grants.application', verbose_name='申請'),
        ),
        migrations.AddField(
            model_name='attachment',
            name='uploaded_by',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='登録者'),
        ),
        migrations.AddField(
            model_name='budgetline',
            name='application',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='budget_lines', to='grants.application', verbose_name='申請'),
        ),
        migrations.AddField(
            model_name='conflictdeclaration',
            name='application',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='conflicts', to='grants.application', verbose_name='申請'),
        ),
        migrations.AddField(
            model_name='otherfundergrant',
            name='fields',
            field=models.ManyToManyField(blank=True, related_name='other_funder_grants', to='groups.activityfield', verbose_name='活動分野'),
        ),
        migrations.AddField(
            model_name='reviewer',
            name='user',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='grant_reviews', to=settings.AUTH_USER_MODEL, verbose_name='審査委員'),
        ),
        migrations.AddField(
            model_name='conflictdeclaration',
            name='reviewer',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='conflicts', to='grants.reviewer', verbose_name='審査委員'),
        ),
        migrations.AddField(
            model_name='round',
            name='fields',
            field=models.ManyToManyField(blank=True, help_text='空欄ならすべての分野が対象', related_name='grant_rounds', to='groups.activityfield', verbose_name='対象の活動分野'),
        ),
        migrations.AddField(
            model_name='round',
            name='programme',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='rounds', to='grants.programme', verbose_name='制度'),
        ),
        migrations.AddField(
            model_name='reviewer',
            name='round',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='reviewers', to='grants.round', verbose_name='募集回'),
        ),
        migrations.AddField(
            model_name='reviewcriterion',
            name='round',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='criteria', to='grants.round', verbose_name='募集回'),
        ),
        migrations.AddField(
            model_name='applicationevent',
            name='round',
            field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='grants.round', verbose_name='募集回'),
        ),
        migrations.AddField(
            model_name='application',
            name='round',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='applications', to='grants.round', verbose_name='募集回'),
        ),
        migrations.AddField(
            model_name='rounddocument',
            name='round',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='documents', to='grants.round', verbose_name='募集回'),
        ),
        migrations.AddField(
            model_name='roundevent',
            name='pgh_context',
            field=models.ForeignKey(db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='pghistory.context'),
        ),
        migrations.AddField(
            model_name='roundevent',
            name='pgh_obj',
            field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='events', to='grants.round'),
        ),
        migrations.AddField(
            model_name='roundevent',
            name='programme',
            field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='grants.programme', verbose_name='制度'),
        ),
        migrations.AddField(
            model_name='score',
            name='criterion',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='scores', to='grants.reviewcriterion', verbose_name='審査基準'),
        ),
        migrations.AddField(
            model_name='scoreevent',
            name='criterion',
            field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='grants.reviewcriterion', verbose_name='審査基準'),
        ),
        migrations.AddField(
            model_name='scoreevent',
            name='pgh_context',
            field=models.ForeignKey(db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='pghistory.context'),
        ),
        migrations.AddField(
            model_name='scoreevent',
            name='pgh_obj',
            field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='events', to='grants.score'),
        ),
        migrations.AddField(
            model_name='scoresheet',
            name='application',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='score_sheets', to='grants.application', verbose_name='申請'),
        ),
        migrations.AddField(
            model_name='scoresheet',
            name='reviewer',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='sheets', to='grants.reviewer', verbose_name='審査委員'),
        ),
        migrations.AddField(
            model_name='scoreevent',
            name='sheet',
            field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='grants.scoresheet', verbose_name='評価票'),
        ),
        migrations.AddField(
            model_name='score',
            name='sheet',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='scores', to='grants.scoresheet', verbose_name='評価票'),
        ),
        migrations.AddField(
            model_name='scoresheetevent',
            name='application',
            field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='grants.application', verbose_name='申請'),
        ),
        migrations.AddField(
            model_name='scoresheetevent',
            name='pgh_context',
            field=models.ForeignKey(db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='pghistory.context'),
        ),
        migrations.AddField(
            model_name='scoresheetevent',
            name='pgh_obj',
            field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='events', to='grants.scoresheet'),
        ),
        migrations.AddField(
            model_name='scoresheetevent',
            name='reviewer',
            field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='grants.reviewer', verbose_name='審査委員'),
        ),
        migrations.AddIndex(
            model_name='applicationstatuschange',
            index=models.Index(fields=['application', 'changed_at'], name='grants_statuschange_obj_at'),
        ),
        migrations.AddIndex(
            model_name='applicationstatuschange',
            index=models.Index(fields=['to_status', 'changed_at'], name='grants_statuschange_to_at'),
        ),
        migrations.AddConstraint(
            model_name='applicationstatuschange',
            constraint=models.CheckConstraint(condition=models.Q(('to_status__in', ['draft', 'submitted', 'returned', 'resubmitted', 'eligibility_check', 'under_review', 'awarded', 'declined', 'runner_up', 'accepted', 'report_due', 'reported', 'closed', 'withdrawn']), models.Q(('from_status', ''), ('from_status__in', ['draft', 'submitted', 'returned', 'resubmitted', 'eligibility_check', 'under_review', 'awarded', 'declined', 'runner_up', 'accepted', 'report_due', 'reported', 'closed', 'withdrawn']), _connector='OR')), name='grants_statuschange_valid'),
        ),
        migrations.AddConstraint(
            model_name='attachment',
            constraint=models.CheckConstraint(condition=models.Q(('purpose__in', ['application', 'report_photo', 'receipt'])), name='grants_attachment_purpose_valid'),
        ),
        migrations.AddIndex(
            model_name='budgetline',
            index=models.Index(fields=['application', 'stage', 'kind'], name='grants_budgetline_app_stage'),
        ),
        migrations.AddConstraint(
            model_name='budgetline',
            constraint=models.CheckConstraint(condition=models.Q(('amount__gte', 0)), name='grants_budgetline_amount_nonneg'),
        ),
        migrations.AddConstraint(
            model_name='budgetline',
            constraint=models.CheckConstraint(condition=models.Q(('kind__in', ['income', 'expense'])), name='grants_budgetline_kind_valid'),
        ),
        migrations.AddConstraint(
            model_name='budgetline',
            constraint=models.CheckConstraint(condition=models.Q(('stage__in', ['planned', 'actual'])), name='grants_budgetline_stage_valid'),
        ),
        migrations.AddConstraint(
            model_name='budgetline',
            constraint=models.CheckConstraint(condition=models.Q(('category__in', ['own_funds', 'fees', 'donations', 'other_grants', 'honoraria', 'travel', 'supplies', 'printing', 'postage', 'rental', 'outsourcing', 'insurance', 'food', 'other'])), name='grants_budgetline_category_valid'),
        ),
        migrations.AddConstraint(
            model_name='budgetline',
            constraint=models.CheckConstraint(condition=models.Q(('kind', 'expense'), ('eligible', False), _connector='OR'), name='grants_budgetline_eligible_expense'),
        ),
        migrations.AddIndex(
            model_name='otherfundergrant',
            index=models.Index(fields=['is_published', 'deadline'], name='grants_otherfunder_deadline'),
        ),
        migrations.AddIndex(
            model_name='otherfundergrant',
            index=models.Index(fields=['funder_kind', 'deadline'], name='grants_otherfunder_kind_dl'),
        ),
        migrations.AddConstraint(
            model_name='otherfundergrant',
            constraint=models.CheckConstraint(condition=models.Q(('funder_kind__in', ['national', 'prefecture', 'foundation', 'company'])), name='grants_otherfunder_kind'),
        ),
        migrations.AddConstraint(
            model_name='otherfundergrant',
            constraint=models.CheckConstraint(condition=models.Q(('amount__gte', 0), ('amount__isnull', True), _connector='OR'), name='grants_otherfunder_amt'),
        ),
        migrations.AddConstraint(
            model_name='conflictdeclaration',
            constraint=models.UniqueConstraint(fields=('reviewer', 'application'), name='grants_conflict_unique'),
        ),
        migrations.AddIndex(
            model_name='round',
            index=models.Index(fields=['opens_at', 'closes_at'], name='grants_round_period'),
        ),
        migrations.AddIndex(
            model_name='round',
            index=models.Index(fields=['closes_at', 'id'], name='grants_round_closes'),
        ),
        migrations.AddIndex(
            model_name='round',
            index=models.Index(fields=['fiscal_year', 'category'], name='grants_round_fy_category'),
        ),
        migrations.AddIndex(
            model_name='round',
            index=models.Index(fields=['results_published', '-fiscal_year'], name='grants_round_published'),
        ),
        migrations.AddConstraint(
            model_name='round',
            constraint=models.CheckConstraint(condition=models.Q(('category__in', ['startup', 'activity', 'training', 'collaborative'])), name='grants_round_category_valid'),
        ),
        migrations.AddConstraint(
            model_name='round',
            constraint=models.CheckConstraint(condition=models.Q(('budget__gte', 0)), name='grants_round_budget_nonnegative'),
        ),
        migrations.AddConstraint(
            model_name='round',
            constraint=models.CheckConstraint(condition=models.Q(('max_per_award__gt', 0)), name='grants_round_max_positive'),
        ),
        migrations.AddConstraint(
            model_name='round',
            constraint=models.CheckConstraint(condition=models.Q(('rate_numerator__gt', 0), ('rate_numerator__lte', models.F('rate_denominator'))), name='grants_round_rate_fraction'),
        ),
        migrations.AddConstraint(
            model_name='round',
            constraint=models.CheckConstraint(condition=models.Q(('opens_at__lt', models.F('closes_at'))), name='grants_round_opens_before_closes'),
        ),
        migrations.AddConstraint(
            model_name='round',
            constraint=models.CheckConstraint(condition=models.Q(('presentation_held', False), ('presentation_at__isnull', False), _connector='OR'), name='grants_round_presentation_has_date'),
        ),
        migrations.AddConstraint(
            model_name='round',
            constraint=models.CheckConstraint(condition=models.Q(('results_published', False), ('results_published_at__isnull', False), _connector='OR'), name='grants_round_published_has_date'),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='round',
            trigger=pgtrigger.compiler.Trigger(name='insert_insert', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "grants_roundevent" ("allocation_rule", "budget", "category", "closes_at", "created_at", "fiscal_year", "guidelines", "id", "max_per_award", "min_years_active", "opens_at", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "presentation_at", "presentation_held", "presentation_place", "programme_id", "rate_denominator", "rate_numerator", "registered_only", "results_published", "results_published_at", "title") VALUES (NEW."allocation_rule", NEW."budget", NEW."category", NEW."closes_at", NEW."created_at", NEW."fiscal_year", NEW."guidelines", NEW."id", NEW."max_per_award", NEW."min_years_active", NEW."opens_at", _pgh_attach_context(), NOW(), \'insert\', NEW."id", NEW."presentation_at", NEW."presentation_held", NEW."presentation_place", NEW."programme_id", NEW."rate_denominator", NEW."rate_numerator", NEW."registered_only", NEW."results_published", NEW."results_published_at", NEW."title"); RETURN NULL;', hash='e93e7f02ab5a4cfc2289a0875bcbb0486e488216', operation='INSERT', pgid='pgtrigger_insert_insert_392a3', table='grants_round', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='round',
            trigger=pgtrigger.compiler.Trigger(name='update_update', sql=pgtrigger.compiler.UpsertTriggerSql(condition='WHEN (OLD.* IS DISTINCT FROM NEW.*)', func='INSERT INTO "grants_roundevent" ("allocation_rule", "budget", "category", "closes_at", "created_at", "fiscal_year", "guidelines", "id", "max_per_award", "min_years_active", "opens_at", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "presentation_at", "presentation_held", "presentation_place", "programme_id", "rate_denominator", "rate_numerator", "registered_only", "results_published", "results_published_at", "title") VALUES (NEW."allocation_rule", NEW."budget", NEW."category", NEW."closes_at", NEW."created_at", NEW."fiscal_year", NEW."guidelines", NEW."id", NEW."max_per_award", NEW."min_years_active", NEW."opens_at", _pgh_attach_context(), NOW(), \'update\', NEW."id", NEW."presentation_at", NEW."presentation_held", NEW."presentation_place", NEW."programme_id", NEW."rate_denominator", NEW."rate_numerator", NEW."registered_only", NEW."results_published", NEW."results_published_at", NEW."title"); RETURN NULL;', hash='6b78c9fe688802b4bfd5f0cb9f08b9f9f99a21ca', operation='UPDATE', pgid='pgtrigger_update_update_b085f', table='grants_round', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='round',
            trigger=pgtrigger.compiler.Trigger(name='delete_delete', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "grants_roundevent" ("allocation_rule", "budget", "category", "closes_at", "created_at", "fiscal_year", "guidelines", "id", "max_per_award", "min_years_active", "opens_at", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "presentation_at", "presentation_held", "presentation_place", "programme_id", "rate_denominator", "rate_numerator", "registered_only", "results_published", "results_published_at", "title") VALUES (OLD."allocation_rule", OLD."budget", OLD."category", OLD."closes_at", OLD."created_at", OLD."fiscal_year", OLD."guidelines", OLD."id", OLD."max_per_award", OLD."min_years_active", OLD."opens_at", _pgh_attach_context(), NOW(), \'delete\', OLD."id", OLD."presentation_at", OLD."presentation_held", OLD."presentation_place", OLD."programme_id", OLD."rate_denominator", OLD."rate_numerator", OLD."registered_only", OLD."results_published", OLD."results_published_at", OLD."title"); RETURN NULL;', hash='cc371767190ebb16ce957fde710264579549efd6', operation='DELETE', pgid='pgtrigger_delete_delete_880cc', table='grants_round', when='AFTER')),
        ),
        migrations.AddIndex(
            model_name='reviewer',
            index=models.Index(fields=['user', 'round'], name='grants_reviewer_user_round'),
        ),
        migrations.AddConstraint(
            model_name='reviewer',
            constraint=models.UniqueConstraint(fields=('round', 'user'), name='grants_reviewer_round_user'),
        ),
        migrations.AddConstraint(
            model_name='reviewer',
            constraint=models.CheckConstraint(condition=models.Q(('role__in', ['citizen', 'expert', 'staff'])), name='grants_reviewer_role_valid'),
        ),
        migrations.AddConstraint(
            model_name='reviewcriterion',
            constraint=models.UniqueConstraint(fields=('round', 'name'), name='grants_criterion_round_name'),
        ),
        migrations.AddConstraint(
            model_name='reviewcriterion',
            constraint=models.CheckConstraint(condition=models.Q(('weight__gt', 0)), name='grants_criterion_weight_positive'),
        ),
        migrations.AddConstraint(
            model_name='reviewcriterion',
            constraint=models.CheckConstraint(condition=models.Q(('max_points__gt', 0)), name='grants_criterion_max_positive'),
        ),
        migrations.AddIndex(
            model_name='applicationevent',
            index=models.Index(fields=['pgh_created_at'], name='grants_application_event_at'),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='applicationevent',
            trigger=pgtrigger.compiler.Trigger(name='append_only', sql=pgtrigger.compiler.UpsertTriggerSql(func="RAISE EXCEPTION 'pgtrigger: Cannot update or delete rows from % table', TG_TABLE_NAME;", hash='fdb687b4da3fa75b0a92c74851fc9491a088689c', operation='UPDATE OR DELETE', pgid='pgtrigger_append_only_17787', table='grants_applicationevent', when='BEFORE')),
        ),
        migrations.AddIndex(
            model_name='application',
            index=models.Index(fields=['round', 'status'], name='grants_application_round_st'),
        ),
        migrations.AddIndex(
            model_name='application',
            index=models.Index(fields=['round', 'rank', 'id'], name='grants_application_round_rank'),
        ),
        migrations.AddIndex(
            model_name='application',
            index=models.Index(fields=['status', '-created_at'], name='grants_application_status'),
        ),
        migrations.AddIndex(
            model_name='application',
            index=models.Index(fields=['group', '-created_at'], name='grants_application_group'),
        ),
        migrations.AddConstraint(
            model_name='application',
            constraint=models.CheckConstraint(condition=models.Q(('status__in', ['draft', 'submitted', 'returned', 'resubmitted', 'eligibility_check', 'under_review', 'awarded', 'declined', 'runner_up', 'accepted', 'report_due', 'reported', 'closed', 'withdrawn'])), name='grants_application_status_valid'),
        ),
        migrations.AddConstraint(
            model_name='application',
            constraint=models.CheckConstraint(condition=models.Q(('proposed_outcome', ''), ('proposed_outcome__in', ['awarded', 'runner_up', 'declined']), _connector='OR'), name='grants_application_outcome_valid'),
        ),
        migrations.AddConstraint(
            model_name='application',
            constraint=models.CheckConstraint(condition=models.Q(('requested_amount__gte', 0)), name='grants_application_requested_nonneg'),
        ),
        migrations.AddConstraint(
            model_name='application',
            constraint=models.CheckConstraint(condition=models.Q(('advance_paid__gte', 0)), name='grants_application_advance_nonneg'),
        ),
        migrations.AddConstraint(
            model_name='application',
            constraint=models.CheckConstraint(condition=models.Q(('awarded_amount__isnull', True), models.Q(('awarded_amount__gte', 0), ('awarded_amount__lte', models.F('requested_amount'))), _connector='OR'), name='grants_application_awarded_range'),
        ),
        migrations.AddConstraint(
            model_name='application',
            constraint=models.CheckConstraint(condition=models.Q(('proposed_amount__isnull', True), ('proposed_amount__gte', 0), _connector='OR'), name='grants_application_proposed_nonneg'),
        ),
        migrations.AddConstraint(
            model_name='application',
            constraint=models.CheckConstraint(condition=models.Q(('final_amount__isnull', True), models.Q(('awarded_amount__isnull', False), ('final_amount__gte', 0), ('final_amount__lte', models.F('awarded_amount'))), _connector='OR'), name='grants_application_final_le_award'),
        ),
        migrations.AddConstraint(
            model_name='application',
            constraint=models.CheckConstraint(condition=models.Q(('refund_due__isnull', True), ('refund_due__gte', 0), _connector='OR'), name='grants_application_refund_nonneg'),
        ),
        migrations.AddConstraint(
            model_name='application',
            constraint=models.CheckConstraint(condition=models.Q(('status__in', ['draft', 'withdrawn']), ('submitted_at__isnull', False), _connector='OR'), name='grants_application_lodged_has_date'),
        ),
        migrations.AddConstraint(
            model_name='application',
            constraint=models.UniqueConstraint(condition=models.Q(('status', 'withdrawn'), _negated=True), fields=('round', 'group'), name='grants_application_one_per_group'),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='application',
            trigger=pgtrigger.compiler.Trigger(name='insert_insert', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "grants_applicationevent" ("advance_paid", "awarded_amount", "beneficiaries", "content", "created_at", "created_by_id", "decided_at", "decision_letter", "expected_results", "final_amount", "group_id", "id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "proposed_amount", "proposed_outcome", "purpose", "rank", "refund_due", "requested_amount", "round_id", "schedule", "score", "status", "submitted_at", "title", "updated_at") VALUES (NEW."advance_paid", NEW."awarded_amount", NEW."beneficiaries", NEW."content", NEW."created_at", NEW."created_by_id", NEW."decided_at", NEW."decision_letter", NEW."expected_results", NEW."final_amount", NEW."group_id", NEW."id", _pgh_attach_context(), NOW(), \'insert\', NEW."id", NEW."proposed_amount", NEW."proposed_outcome", NEW."purpose", NEW."rank", NEW."refund_due", NEW."requested_amount", NEW."round_id", NEW."schedule", NEW."score", NEW."status", NEW."submitted_at", NEW."title", NEW."updated_at"); RETURN NULL;', hash='a6d7f76ac326068842498d56515ada84f2294c89', operation='INSERT', pgid='pgtrigger_insert_insert_ddea1', table='grants_application', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='application',
            trigger=pgtrigger.compiler.Trigger(name='update_update', sql=pgtrigger.compiler.UpsertTriggerSql(condition='WHEN (OLD.* IS DISTINCT FROM NEW.*)', func='INSERT INTO "grants_applicationevent" ("advance_paid", "awarded_amount", "beneficiaries", "content", "created_at", "created_by_id", "decided_at", "decision_letter", "expected_results", "final_amount", "group_id", "id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "proposed_amount", "proposed_outcome", "purpose", "rank", "refund_due", "requested_amount", "round_id", "schedule", "score", "status", "submitted_at", "title", "updated_at") VALUES (NEW."advance_paid", NEW."awarded_amount", NEW."beneficiaries", NEW."content", NEW."created_at", NEW."created_by_id", NEW."decided_at", NEW."decision_letter", NEW."expected_results", NEW."final_amount", NEW."group_id", NEW."id", _pgh_attach_context(), NOW(), \'update\', NEW."id", NEW."proposed_amount", NEW."proposed_outcome", NEW."purpose", NEW."rank", NEW."refund_due", NEW."requested_amount", NEW."round_id", NEW."schedule", NEW."score", NEW."status", NEW."submitted_at", NEW."title", NEW."updated_at"); RETURN NULL;', hash='a7c518c295caf4f4c30538dbde0a73f23cc9a0c3', operation='UPDATE', pgid='pgtrigger_update_update_6080d', table='grants_application', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='application',
            trigger=pgtrigger.compiler.Trigger(name='delete_delete', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "grants_applicationevent" ("advance_paid", "awarded_amount", "beneficiaries", "content", "created_at", "created_by_id", "decided_at", "decision_letter", "expected_results", "final_amount", "group_id", "id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "proposed_amount", "proposed_outcome", "purpose", "rank", "refund_due", "requested_amount", "round_id", "schedule", "score", "status", "submitted_at", "title", "updated_at") VALUES (OLD."advance_paid", OLD."awarded_amount", OLD."beneficiaries", OLD."content", OLD."created_at", OLD."created_by_id", OLD."decided_at", OLD."decision_letter", OLD."expected_results", OLD."final_amount", OLD."group_id", OLD."id", _pgh_attach_context(), NOW(), \'delete\', OLD."id", OLD."proposed_amount", OLD."proposed_outcome", OLD."purpose", OLD."rank", OLD."refund_due", OLD."requested_amount", OLD."round_id", OLD."schedule", OLD."score", OLD."status", OLD."submitted_at", OLD."title", OLD."updated_at"); RETURN NULL;', hash='4f591fc20e3c1500bf6ffd63ef3dce3c25a7453f', operation='DELETE', pgid='pgtrigger_delete_delete_31633', table='grants_application', when='AFTER')),
        ),
        migrations.AddIndex(
            model_name='roundevent',
            index=models.Index(fields=['pgh_created_at'], name='grants_round_event_at'),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='roundevent',
            trigger=pgtrigger.compiler.Trigger(name='append_only', sql=pgtrigger.compiler.UpsertTriggerSql(func="RAISE EXCEPTION 'pgtrigger: Cannot update or delete rows from % table', TG_TABLE_NAME;", hash='a8da9f49faf392cf420664974a0faf7bafadeb3d', operation='UPDATE OR DELETE', pgid='pgtrigger_append_only_be88c', table='grants_roundevent', when='BEFORE')),
        ),
        migrations.AddIndex(
            model_name='scoresheet',
            index=models.Index(fields=['application', 'submitted_at'], name='grants_scoresheet_app_sub'),
        ),
        migrations.AddConstraint(
            model_name='scoresheet',
            constraint=models.UniqueConstraint(fields=('reviewer', 'application'), name='grants_scoresheet_unique'),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='scoresheet',
            trigger=pgtrigger.compiler.Trigger(name='insert_insert', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "grants_scoresheetevent" ("application_id", "comment", "id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "reviewer_id", "submitted_at", "updated_at") VALUES (NEW."application_id", NEW."comment", NEW."id", _pgh_attach_context(), NOW(), \'insert\', NEW."id", NEW."reviewer_id", NEW."submitted_at", NEW."updated_at"); RETURN NULL;', hash='8ec29fdb5aa860e50b56c39d322a8aae4363fb52', operation='INSERT', pgid='pgtrigger_insert_insert_83640', table='grants_scoresheet', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='scoresheet',
            trigger=pgtrigger.compiler.Trigger(name='update_update', sql=pgtrigger.compiler.UpsertTriggerSql(condition='WHEN (OLD.* IS DISTINCT FROM NEW.*)', func='INSERT INTO "grants_scoresheetevent" ("application_id", "comment", "id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "reviewer_id", "submitted_at", "updated_at") VALUES (NEW."application_id", NEW."comment", NEW."id", _pgh_attach_context(), NOW(), \'update\', NEW."id", NEW."reviewer_id", NEW."submitted_at", NEW."updated_at"); RETURN NULL;', hash='de3cfa10e52a5c84a55427199e0e932b5359195b', operation='UPDATE', pgid='pgtrigger_update_update_fd6c9', table='grants_scoresheet', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='scoresheet',
            trigger=pgtrigger.compiler.Trigger(name='delete_delete', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "grants_scoresheetevent" ("application_id", "comment", "id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "reviewer_id", "submitted_at", "updated_at") VALUES (OLD."application_id", OLD."comment", OLD."id", _pgh_attach_context(), NOW(), \'delete\', OLD."id", OLD."reviewer_id", OLD."submitted_at", OLD."updated_at"); RETURN NULL;', hash='63e1ca35f075cefa1c0806679716d2766271db14', operation='DELETE', pgid='pgtrigger_delete_delete_89597', table='grants_scoresheet', when='AFTER')),
        ),
        migrations.AddIndex(
            model_name='scoreevent',
            index=models.Index(fields=['pgh_created_at'], name='grants_score_event_at'),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='scoreevent',
            trigger=pgtrigger.compiler.Trigger(name='append_only', sql=pgtrigger.compiler.UpsertTriggerSql(func="RAISE EXCEPTION 'pgtrigger: Cannot update or delete rows from % table', TG_TABLE_NAME;", hash='a2b37ee5736474129d787b3d507dccdbfa522b33', operation='UPDATE OR DELETE', pgid='pgtrigger_append_only_f2a7a', table='grants_scoreevent', when='BEFORE')),
        ),
        migrations.AddConstraint(
            model_name='score',
            constraint=models.UniqueConstraint(fields=('sheet', 'criterion'), name='grants_score_sheet_criterion'),
        ),
        migrations.AddConstraint(
            model_name='score',
            constraint=models.CheckConstraint(condition=models.Q(('points__gte', 0), ('points__lte', models.F('max_points'))), name='grants_score_points_range'),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='score',
            trigger=pgtrigger.compiler.Trigger(name='insert_insert', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "grants_scoreevent" ("comment", "criterion_id", "id", "max_points", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "points", "sheet_id") VALUES (NEW."comment", NEW."criterion_id", NEW."id", NEW."max_points", _pgh_attach_context(), NOW(), \'insert\', NEW."id", NEW."points", NEW."sheet_id"); RETURN NULL;', hash='d069277ff0a55a04c693e241f4bc57edb91e1971', operation='INSERT', pgid='pgtrigger_insert_insert_b327e', table='grants_score', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='score',
            trigger=pgtrigger.compiler.Trigger(name='update_update', sql=pgtrigger.compiler.UpsertTriggerSql(condition='WHEN (OLD.* IS DISTINCT FROM NEW.*)', func='INSERT INTO "grants_scoreevent" ("comment", "criterion_id", "id", "max_points", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "points", "sheet_id") VALUES (NEW."comment", NEW."criterion_id", NEW."id", NEW."max_points", _pgh_attach_context(), NOW(), \'update\', NEW."id", NEW."points", NEW."sheet_id"); RETURN NULL;', hash='b0ba2e3685c1c838e539d2e65c05e83ffd6b5aa7', operation='UPDATE', pgid='pgtrigger_update_update_589db', table='grants_score', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='score',
            trigger=pgtrigger.compiler.Trigger(name='delete_delete', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "grants_scoreevent" ("comment", "criterion_id", "id", "max_points", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "points", "sheet_id") VALUES (OLD."comment", OLD."criterion_id", OLD."id", OLD."max_points", _pgh_attach_context(), NOW(), \'delete\', OLD."id", OLD."points", OLD."sheet_id"); RETURN NULL;', hash='dfc79fa88962eb56cf079112b170181f9efeab77', operation='DELETE', pgid='pgtrigger_delete_delete_881b9', table='grants_score', when='AFTER')),
        ),
        migrations.AddIndex(
            model_name='scoresheetevent',
            index=models.Index(fields=['pgh_created_at'], name='grants_scoresheet_event_at'),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='scoresheetevent',
            trigger=pgtrigger.compiler.Trigger(name='append_only', sql=pgtrigger.compiler.UpsertTriggerSql(func="RAISE EXCEPTION 'pgtrigger: Cannot update or delete rows from % table', TG_TABLE_NAME;", hash='6cb600b9ead3b4153c7fd955c9d8b34d9fbf26fc', operation='UPDATE OR DELETE', pgid='pgtrigger_append_only_59b4a', table='grants_scoresheetevent', when='BEFORE')),
        ),
    ]
