
import django.contrib.postgres.constraints
import django.contrib.postgres.indexes
import django.db.models.deletion
import django.db.models.expressions
import django.db.models.functions.text
import pgtrigger.compiler
import pgtrigger.migrations
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('core', '0001_initial'),
        ('facilities', '0001_initial'),
        ('groups', '0001_initial'),
        ('pghistory', '0007_auto_20250421_0444'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='booking',
            name='group',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='facility_bookings', to='groups.group', verbose_name='利用団体'),
        ),
        migrations.AddField(
            model_name='booking',
            name='user',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='facility_bookings', to=settings.AUTH_USER_MODEL, verbose_name='申込者'),
        ),
        migrations.AddField(
            model_name='bookingstatuschange',
            name='booking',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='status_changes', to='facilities.booking', verbose_name='予約'),
        ),
        migrations.AddField(
            model_name='bookingstatuschange',
            name='changed_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='変更者'),
        ),
        migrations.AddField(
            model_name='closureevent',
            name='pgh_context',
            field=models.ForeignKey(db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='pghistory.context'),
        ),
        migrations.AddField(
            model_name='closureevent',
            name='pgh_obj',
            field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='events', to='facilities.closure'),
        ),
        migrations.AddField(
            model_name='equipmentitem',
            name='equipment_type',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='items', to='facilities.equipmenttype', verbose_name='備品'),
        ),
        migrations.AddConstraint(
            model_name='exemptionrule',
            constraint=models.CheckConstraint(condition=models.Q(('percentage__lte', 100)), name='facilities_exemption_percentage'),
        ),
        migrations.AddConstraint(
            model_name='exemptionrule',
            constraint=models.CheckConstraint(condition=models.Q(('qualifier__in', ['registered_group', 'public_interest', 'city_use', 'disability'])), name='facilities_exemption_qualifier'),
        ),
        migrations.AddConstraint(
            model_name='exemptionrule',
            constraint=models.CheckConstraint(condition=models.Q(('application__in', ['automatic', 'on_application'])), name='facilities_exemption_application'),
        ),
        migrations.AddField(
            model_name='booking',
            name='exemption_rule',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='bookings', to='facilities.exemptionrule', verbose_name='適用した減免基準'),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='exemptionrule',
            trigger=pgtrigger.compiler.Trigger(name='insert_insert', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "facilities_exemptionruleevent" ("application", "applies_to_equipment", "code", "evidence", "id", "is_active", "legal_basis", "name", "percentage", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "qualifier", "sort_order") VALUES (NEW."application", NEW."applies_to_equipment", NEW."code", NEW."evidence", NEW."id", NEW."is_active", NEW."legal_basis", NEW."name", NEW."percentage", _pgh_attach_context(), NOW(), \'insert\', NEW."id", NEW."qualifier", NEW."sort_order"); RETURN NULL;', hash='6568fe562eb89e269ef318022a706c3328027433', operation='INSERT', pgid='pgtrigger_insert_insert_95a8c', table='facilities_exemptionrule', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='exemptionrule',
            trigger=pgtrigger.compiler.Trigger(name='update_update', sql=pgtrigger.compiler.UpsertTriggerSql(condition='WHEN (OLD.* IS DISTINCT FROM NEW.*)', func='INSERT INTO "facilities_exemptionruleevent" ("application", "applies_to_equipment", "code", "evidence", "id", "is_active", "legal_basis", "name", "percentage", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "qualifier", "sort_order") VALUES (NEW."application", NEW."applies_to_equipment", NEW."code", NEW."evidence", NEW."id", NEW."is_active", NEW."legal_basis", NEW."name", NEW."percentage", _pgh_attach_context(), NOW(), \'update\', NEW."id", NEW."qualifier", NEW."sort_order"); RETURN NULL;', hash='e5d1df3de76accdd6f824a9e9f2479a85dfbb3da', operation='UPDATE', pgid='pgtrigger_update_update_f2148', table='facilities_exemptionrule', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='exemptionrule',
            trigger=pgtrigger.compiler.Trigger(name='delete_delete', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "facilities_exemptionruleevent" ("application", "applies_to_equipment", "code", "evidence", "id", "is_active", "legal_basis", "name", "percentage", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "qualifier", "sort_order") VALUES (OLD."application", OLD."applies_to_equipment", OLD."code", OLD."evidence", OLD."id", OLD."is_active", OLD."legal_basis", OLD."name", OLD."percentage", _pgh_attach_context(), NOW(), \'delete\', OLD."id", OLD."qualifier", OLD."sort_order"); RETURN NULL;', hash='3f025c1d448e23d921533a3caac98b0a72729a50', operation='DELETE', pgid='pgtrigger_delete_delete_d6ad9', table='facilities_exemptionrule', when='AFTER')),
        ),
        migrations.AddField(
            model_name='exemptionruleevent',
            name='pgh_context',
            field=models.ForeignKey(db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='pghistory.context'),
        ),
        migrations.AddField(
            model_name='exemptionruleevent',
            name='pgh_obj',
            field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='events', to='facilities.exemptionrule'),
        ),
        migrations.AddField(
            model_name='facility',
            name='area',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='facilities', to='core.area', verbose_name='地区'),
        ),
        migrations.AddField(
            model_name='equipmenttype',
            name='facility',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='equipment_types', to='facilities.facility', verbose_name='施設'),
        ),
        migrations.AddField(
            model_name='closureevent',
            name='facility',
            field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='facilities.facility', verbose_name='施設'),
        ),
        migrations.AddField(
            model_name='closure',
            name='facility',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='closures', to='facilities.facility', verbose_name='施設'),
        ),
        migrations.AddField(
            model_name='facilityevent',
            name='area',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='core.area', verbose_name='地区'),
        ),
        migrations.AddField(
            model_name='facilityevent',
            name='pgh_context',
            field=models.ForeignKey(db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='pghistory.context'),
        ),
        migrations.AddField(
            model_name='facilityevent',
            name='pgh_obj',
            field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='events', to='facilities.facility'),
        ),
        migrations.AddField(
            model_name='facilityphoto',
            name='facility',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='photos', to='facilities.facility', verbose_name='施設'),
        ),
        migrations.AddField(
            model_name='feerateevent',
            name='pgh_context',
            field=models.ForeignKey(db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='pghistory.context'),
        ),
        migrations.AddField(
            model_name='feerateevent',
            name='pgh_obj',
            field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='events', to='facilities.feerate'),
        ),
        migrations.AddField(
            model_name='groupcalendar',
            name='group',
            field=models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='facility_calendar', to='groups.group', verbose_name='団体'),
        ),
        migrations.AddField(
            model_name='loan',
            name='booking',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='loans', to='facilities.booking', verbose_name='施設予約'),
        ),
        migrations.AddField(
            model_name='loan',
            name='equipment_type',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='loans', to='facilities.equipmenttype', verbose_name='備品'),
        ),
        migrations.AddField(
            model_name='loan',
            name='group',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='equipment_loans', to='groups.group', verbose_name='団体'),
        ),
        migrations.AddField(
            model_name='loan',
            name='items',
            field=models.ManyToManyField(blank=True, related_name='loans', to='facilities.equipmentitem', verbose_name='貸し出した個体'),
        ),
        migrations.AddField(
            model_name='loan',
            name='user',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='equipment_loans', to=settings.AUTH_USER_MODEL, verbose_name='借受人'),
        ),
        migrations.AddField(
            model_name='loanevent',
            name='booking',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='facilities.booking', verbose_name='施設予約'),
        ),
        migrations.AddField(
            model_name='loanevent',
            name='equipment_type',
            field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='facilities.equipmenttype', verbose_name='備品'),
        ),
        migrations.AddField(
            model_name='loanevent',
            name='group',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='groups.group', verbose_name='団体'),
        ),
        migrations.AddField(
            model_name='loanevent',
            name='pgh_context',
            field=models.ForeignKey(db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='pghistory.context'),
        ),
        migrations.AddField(
            model_name='loanevent',
            name='pgh_obj',
            field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='events', to='facilities.loan'),
        ),
        migrations.AddField(
            model_name='loanevent',
            name='user',
            field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to=settings.AUTH_USER_MODEL, verbose_name='借受人'),
        ),
        migrations.AddField(
            model_name='loanstatuschange',
            name='changed_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='変更者'),
        ),
        migrations.AddField(
            model_name='loanstatuschange',
            name='loan',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='status_changes', to='facilities.loan', verbose_name='貸出'),
        ),
        migrations.AddField(
            model_name='occupancy',
            name='booking',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='occupancies', to='facilities.booking', verbose_name='予約'),
        ),
        migrations.AddField(
            model_name='openinghours',
            name='facility',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='opening_hours', to='facilities.facility', verbose_name='施設'),
        ),
        migrations.AddField(
            model_name='openinghoursevent',
            name='facility',
            field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='facilities.facility', verbose_name='施設'),
        ),
        migrations.AddField(
            model_name='openinghoursevent',
            name='pgh_context',
            field=models.ForeignKey(db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='pghistory.context'),
        ),
        migrations.AddField(
            model_name='openinghoursevent',
            name='pgh_obj',
            field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='events', to='facilities.openinghours'),
        ),
        migrations.AddField(
            model_name='ownerwindow',
            name='facility',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='owner_windows', to='facilities.facility', verbose_name='施設'),
        ),
        migrations.AddField(
            model_name='space',
            name='facility',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='spaces', to='facilities.facility', verbose_name='施設'),
        ),
        migrations.AddField(
            model_name='space',
            name='parts',
            field=models.ManyToManyField(blank=True, help_text='分割利用できるホールの場合、その部分となる部屋', related_name='combinations', to='facilities.space', verbose_name='構成する部屋'),
        ),
        migrations.AddField(
            model_name='occupancy',
            name='space',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='occupancies', to='facilities.space', verbose_name='部屋'),
        ),
        migrations.AddField(
            model_name='feerateevent',
            name='space',
            field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='facilities.space', verbose_name='部屋'),
        ),
        migrations.AddField(
            model_name='feerate',
            name='space',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='fee_rates', to='facilities.space', verbose_name='部屋'),
        ),
        migrations.AddField(
            model_name='facilityphoto',
            name='space',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='photos', to='facilities.space', verbose_name='部屋'),
        ),
        migrations.AddField(
            model_name='booking',
            name='space',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='bookings', to='facilities.space', verbose_name='部屋'),
        ),
        migrations.AddField(
            model_name='timeslot',
            name='facility',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='time_slots', to='facilities.facility', verbose_name='施設'),
        ),
        migrations.AddIndex(
            model_name='bookingstatuschange',
            index=models.Index(fields=['booking', 'changed_at'], name='fac_bsc_obj_at'),
        ),
        migrations.AddIndex(
            model_name='bookingstatuschange',
            index=models.Index(fields=['to_status', 'changed_at'], name='fac_bsc_to_at'),
        ),
        migrations.AddConstraint(
            model_name='bookingstatuschange',
            constraint=models.CheckConstraint(condition=models.Q(('to_status__in', ['requested', 'confirmed', 'declined', 'cancelled', 'used', 'no_show']), models.Q(('from_status', ''), ('from_status__in', ['requested', 'confirmed', 'declined', 'cancelled', 'used', 'no_show']), _connector='OR')), name='fac_bsc_valid'),
        ),
        migrations.AddConstraint(
            model_name='equipmentitem',
            constraint=models.UniqueConstraint(fields=('equipment_type', 'serial_number'), name='facilities_equipmentitem_unique'),
        ),
        migrations.AddIndex(
            model_name='exemptionruleevent',
            index=models.Index(fields=['pgh_created_at'], name='facilities_exemptionr_event_at'),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='exemptionruleevent',
            trigger=pgtrigger.compiler.Trigger(name='append_only', sql=pgtrigger.compiler.UpsertTriggerSql(func="RAISE EXCEPTION 'pgtrigger: Cannot update or delete rows from % table', TG_TABLE_NAME;", hash='dc83eda93231ecc8bf8675c235501b4d0d604e91', operation='UPDATE OR DELETE', pgid='pgtrigger_append_only_ec3bd', table='facilities_exemptionruleevent', when='BEFORE')),
        ),
        migrations.AddIndex(
            model_name='facility',
            index=models.Index(fields=['is_published', 'sort_order', 'name_kana'], name='fac_facility_list'),
        ),
        migrations.AddIndex(
            model_name='facility',
            index=models.Index(fields=['kind'], name='fac_facility_kind'),
        ),
        migrations.AddIndex(
            model_name='facility',
            index=models.Index(condition=models.Q(('is_published', True), ('wheelchair_access', True)), fields=['sort_order', 'name_kana'], name='fac_bf_wheelchair_access'),
        ),
        migrations.AddIndex(
            model_name='facility',
            index=models.Index(condition=models.Q(('elevator', True), ('is_published', True)), fields=['sort_order', 'name_kana'], name='fac_bf_elevator'),
        ),
        migrations.AddIndex(
            model_name='facility',
            index=models.Index(condition=models.Q(('accessible_toilet', True), ('is_published', True)), fields=['sort_order', 'name_kana'], name='fac_bf_accessible_toilet'),
        ),
        migrations.AddIndex(
            model_name='facility',
            index=models.Index(condition=models.Q(('hearing_loop', True), ('is_published', True)), fields=['sort_order', 'name_kana'], name='fac_bf_hearing_loop'),
        ),
        migrations.AddIndex(
            model_name='facility',
            index=models.Index(condition=models.Q(('braille_blocks', True), ('is_published', True)), fields=['sort_order', 'name_kana'], name='fac_bf_braille_blocks'),
        ),
        migrations.AddIndex(
            model_name='facility',
            index=models.Index(condition=models.Q(('accessible_parking', True), ('is_published', True)), fields=['sort_order', 'name_kana'], name='fac_bf_accessible_parking'),
        ),
        migrations.AddConstraint(
            model_name='facility',
            constraint=models.CheckConstraint(condition=models.Q(('kind__in', ['center', 'community_centre', 'school_classroom', 'vacant_shop'])), name='facilities_facility_kind_valid'),
        ),
        migrations.AddConstraint(
            model_name='facility',
            constraint=models.CheckConstraint(condition=models.Q(('booking_mode__in', ['here', 'external', 'phone'])), name='facilities_facility_booking_mode_valid'),
        ),
        migrations.AddConstraint(
            model_name='facility',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('booking_mode', 'external'), _negated=True), models.Q(('booking_url', ''), _negated=True), _connector='OR'), name='facilities_facility_external_has_url', violation_error_message='外部サイトで予約する施設には予約サイトURLが必要です。'),
        ),
        migrations.AddConstraint(
            model_name='facility',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('booking_mode', 'phone'), _negated=True), models.Q(('booking_phone', ''), _negated=True), _connector='OR'), name='facilities_facility_phone_has_number', violation_error_message='電話で予約する施設には予約電話番号が必要です。'),
        ),
        migrations.AddConstraint(
            model_name='facility',
            constraint=models.CheckConstraint(condition=models.Q(('min_minutes__gt', 0), ('step_minutes__gt', 0), ('min_minutes__lte', models.F('max_minutes'))), name='facilities_facility_length_rule', violation_error_message='最短利用時間は最長利用時間以下にしてください。'),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='facility',
            trigger=pgtrigger.compiler.Trigger(name='insert_insert', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "facilities_facilityevent" ("access", "accessible_parking", "accessible_toilet", "address", "address_detail", "advance_days_other", "advance_days_registered", "area_id", "auto_confirm", "barrier_free_note", "booking_mode", "booking_phone", "booking_url", "braille_blocks", "cancel_deadline_days", "cleaning_minutes", "closed_days_note", "closed_on_holidays", "description", "elevator", "email", "hearing_loop", "id", "is_center", "is_published", "kind", "latitude", "longitude", "manager_corporate_number", "manager_name", "max_minutes", "min_minutes", "monthly_quota_per_group", "name", "name_kana", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "phone", "postal_code", "sort_order", "step_minutes", "updated_at", "website", "wheelchair_access") VALUES (NEW."access", NEW."accessible_parking", NEW."accessible_toilet", NEW."address", NEW."address_detail", NEW."advance_days_other", NEW."advance_days_registered", NEW."area_id", NEW."auto_confirm", NEW."barrier_free_note", NEW."booking_mode", NEW."booking_phone", NEW."booking_url", NEW."braille_blocks", NEW."cancel_deadline_days", NEW."cleaning_minutes", NEW."closed_days_note", NEW."closed_on_holidays", NEW."description", NEW."elevator", NEW."email", NEW."hearing_loop", NEW."id", NEW."is_center", NEW."is_published", NEW."kind", NEW."latitude", NEW."longitude", NEW."manager_corporate_number", NEW."manager_name", NEW."max_minutes", NEW."min_minutes", NEW."monthly_quota_per_group", NEW."name", NEW."name_kana", _pgh_attach_context(), NOW(), \'insert\', NEW."id", NEW."phone", NEW."postal_code", NEW."sort_order", NEW."step_minutes", NEW."updated_at", NEW."website", NEW."wheelchair_access"); RETURN NULL;', hash='c6f0e8887247203a887597dae924139626cf3e70', operation='INSERT', pgid='pgtrigger_insert_insert_cccf6', table='facilities_facility', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='facility',
            trigger=pgtrigger.compiler.Trigger(name='update_update', sql=pgtrigger.compiler.UpsertTriggerSql(condition='WHEN (OLD.* IS DISTINCT FROM NEW.*)', func='INSERT INTO "facilities_facilityevent" ("access", "accessible_parking", "accessible_toilet", "address", "address_detail", "advance_days_other", "advance_days_registered", "area_id", "auto_confirm", "barrier_free_note", "booking_mode", "booking_phone", "booking_url", "braille_blocks", "cancel_deadline_days", "cleaning_minutes", "closed_days_note", "closed_on_holidays", "description", "elevator", "email", "hearing_loop", "id", "is_center", "is_published", "kind", "latitude", "longitude", "manager_corporate_number", "manager_name", "max_minutes", "min_minutes", "monthly_quota_per_group", "name", "name_kana", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "phone", "postal_code", "sort_order", "step_minutes", "updated_at", "website", "wheelchair_access") VALUES (NEW."access", NEW."accessible_parking", NEW."accessible_toilet", NEW."address", NEW."address_detail", NEW."advance_days_other", NEW."advance_days_registered", NEW."area_id", NEW."auto_confirm", NEW."barrier_free_note", NEW."booking_mode", NEW."booking_phone", NEW."booking_url", NEW."braille_blocks", NEW."cancel_deadline_days", NEW."cleaning_minutes", NEW."closed_days_note", NEW."closed_on_holidays", NEW."description", NEW."elevator", NEW."email", NEW."hearing_loop", NEW."id", NEW."is_center", NEW."is_published", NEW."kind", NEW."latitude", NEW."longitude", NEW."manager_corporate_number", NEW."manager_name", NEW."max_minutes", NEW."min_minutes", NEW."monthly_quota_per_group", NEW."name", NEW."name_kana", _pgh_attach_context(), NOW(), \'update\', NEW."id", NEW."phone", NEW."postal_code", NEW."sort_order", NEW."step_minutes", NEW."updated_at", NEW."website", NEW."wheelchair_access"); RETURN NULL;', hash='d696b1ef5e2ac984ac59a93c856bb1bd0b75527d', operation='UPDATE', pgid='pgtrigger_update_update_0d9d6', table='facilities_facility', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='facility',
            trigger=pgtrigger.compiler.Trigger(name='delete_delete', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "facilities_facilityevent" ("access", "accessible_parking", "accessible_toilet", "address", "address_detail", "advance_days_other", "advance_days_registered", "area_id", "auto_confirm", "barrier_free_note", "booking_mode", "booking_phone", "booking_url", "braille_blocks", "cancel_deadline_days", "cleaning_minutes", "closed_days_note", "closed_on_holidays", "description", "elevator", "email", "hearing_loop", "id", "is_center", "is_published", "kind", "latitude", "longitude", "manager_corporate_number", "manager_name", "max_minutes", "min_minutes", "monthly_quota_per_group", "name", "name_kana", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "phone", "postal_code", "sort_order", "step_minutes", "updated_at", "website", "wheelchair_access") VALUES (OLD."access", OLD."accessible_parking", OLD."accessible_toilet", OLD."address", OLD."address_detail", OLD."advance_days_other", OLD."advance_days_registered", OLD."area_id", OLD."auto_confirm", OLD."barrier_free_note", OLD."booking_mode", OLD."booking_phone", OLD."booking_url", OLD."braille_blocks", OLD."cancel_deadline_days", OLD."cleaning_minutes", OLD."closed_days_note", OLD."closed_on_holidays", OLD."description", OLD."elevator", OLD."email", OLD."hearing_loop", OLD."id", OLD."is_center", OLD."is_published", OLD."kind", OLD."latitude", OLD."longitude", OLD."manager_corporate_number", OLD."manager_name", OLD."max_minutes", OLD."min_minutes", OLD."monthly_quota_per_group", OLD."name", OLD."name_kana", _pgh_attach_context(), NOW(), \'delete\', OLD."id", OLD."phone", OLD."postal_code", OLD."sort_order", OLD."step_minutes", OLD."updated_at", OLD."website", OLD."wheelchair_access"); RETURN NULL;', hash='8da717bc0f520005db35c2a3e4726aa4a45d4969', operation='DELETE', pgid='pgtrigger_delete_delete_1f9a9', table='facilities_facility', when='AFTER')),
        ),
        migrations.AddConstraint(
            model_name='equipmenttype',
            constraint=models.UniqueConstraint(fields=('facility', 'name'), name='facilities_equipmenttype_unique'),
        ),
        migrations.AddIndex(
            model_name='closureevent',
            index=models.Index(fields=['pgh_created_at'], name='facilities_closure_event_at'),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='closureevent',
            trigger=pgtrigger.compiler.Trigger(name='append_only', sql=pgtrigger.compiler.UpsertTriggerSql(func="RAISE EXCEPTION 'pgtrigger: Cannot update or delete rows from % table', TG_TABLE_NAME;", hash='e782e3b7a5708bd9999c4e5ed339aa2fc1a06f74', operation='UPDATE OR DELETE', pgid='pgtrigger_append_only_a52b7', table='facilities_closureevent', when='BEFORE')),
        ),
        migrations.AddIndex(
            model_name='closure',
            index=models.Index(fields=['facility', 'first_day', 'last_day'], name='fac_closure_span'),
        ),
        migrations.AddConstraint(
            model_name='closure',
            constraint=models.CheckConstraint(condition=models.Q(('first_day__lte', models.F('last_day'))), name='facilities_closure_order', violation_error_message='終了日は開始日以降にしてください。'),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='closure',
            trigger=pgtrigger.compiler.Trigger(name='insert_insert', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "facilities_closureevent" ("facility_id", "first_day", "id", "last_day", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "reason") VALUES (NEW."facility_id", NEW."first_day", NEW."id", NEW."last_day", _pgh_attach_context(), NOW(), \'insert\', NEW."id", NEW."reason"); RETURN NULL;', hash='cbdac38577dd78e2627257ee43fc7386b93d705d', operation='INSERT', pgid='pgtrigger_insert_insert_493b7', table='facilities_closure', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='closure',
            trigger=pgtrigger.compiler.Trigger(name='update_update', sql=pgtrigger.compiler.UpsertTriggerSql(condition='WHEN (OLD.* IS DISTINCT FROM NEW.*)', func='INSERT INTO "facilities_closureevent" ("facility_id", "first_day", "id", "last_day", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "reason") VALUES (NEW."facility_id", NEW."first_day", NEW."id", NEW."last_day", _pgh_attach_context(), NOW(), \'update\', NEW."id", NEW."reason"); RETURN NULL;', hash='a1bb88fb8f74f8c0215cc3fc72a35b57c845514e', operation='UPDATE', pgid='pgtrigger_update_update_cb5ac', table='facilities_closure', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='closure',
            trigger=pgtrigger.compiler.Trigger(name='delete_delete', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "facilities_closureevent" ("facility_id", "first_day", "id", "last_day", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "reason") VALUES (OLD."facility_id", OLD."first_day", OLD."id", OLD."last_day", _pgh_attach_context(), NOW(), \'delete\', OLD."id", OLD."reason"); RETURN NULL;', hash='16426bf6bccac5350a29a67d6f78b470edd46419', operation='DELETE', pgid='pgtrigger_delete_delete_f8366', table='facilities_closure', when='AFTER')),
        ),
        migrations.AddIndex(
            model_name='facilityevent',
            index=models.Index(fields=['pgh_created_at'], name='facilities_facility_event_at'),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='facilityevent',
            trigger=pgtrigger.compiler.Trigger(name='append_only', sql=pgtrigger.compiler.UpsertTriggerSql(func="RAISE EXCEPTION 'pgtrigger: Cannot update or delete rows from % table', TG_TABLE_NAME;", hash='2c074173e82bb9e76df64b56a9e19253f421bfe7', operation='UPDATE OR DELETE', pgid='pgtrigger_append_only_1a71a', table='facilities_facilityevent', when='BEFORE')),
        ),
        migrations.AddIndex(
            model_name='loan',
            index=models.Index(fields=['equipment_type', 'status', 'starts_at', 'ends_at'], name='fac_loan_type_span'),
        ),
        migrations.AddIndex(
            model_name='loan',
            index=models.Index(fields=['status', 'starts_at'], name='fac_loan_status_start'),
        ),
        migrations.AddIndex(
            model_name='loan',
            index=models.Index(fields=['status', 'ends_at'], name='fac_loan_status_end'),
        ),
        migrations.AddIndex(
            model_name='loan',
            index=models.Index(fields=['starts_at', 'id'], name='fac_loan_start'),
        ),
        migrations.AddConstraint(
            model_name='loan',
            constraint=models.CheckConstraint(condition=models.Q(('quantity__gt', 0)), name='facilities_loan_quantity_positive'),
        ),
        migrations.AddConstraint(
            model_name='loan',
            constraint=models.CheckConstraint(condition=models.Q(('starts_at__lt', models.F('ends_at'))), name='facilities_loan_order', violation_error_message='返却期限は貸出開始より後にしてください。'),
        ),
        migrations.AddConstraint(
            model_name='loan',
            constraint=models.CheckConstraint(condition=models.Q(('status__in', ['reserved', 'handed_over', 'returned', 'overdue', 'cancelled'])), name='facilities_loan_status_valid'),
        ),
        migrations.AddConstraint(
            model_name='loan',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('status', 'returned'), _negated=True), ('returned_at__isnull', False), _connector='OR'), name='facilities_loan_returned_has_time'),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='loan',
            trigger=pgtrigger.compiler.Trigger(name='insert_insert', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "facilities_loanevent" ("booking_id", "created_at", "ends_at", "equipment_type_id", "fee", "group_id", "handed_over_at", "id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "quantity", "return_condition", "returned_at", "starts_at", "status", "user_id") VALUES (NEW."booking_id", NEW."created_at", NEW."ends_at", NEW."equipment_type_id", NEW."fee", NEW."group_id", NEW."handed_over_at", NEW."id", _pgh_attach_context(), NOW(), \'insert\', NEW."id", NEW."quantity", NEW."return_condition", NEW."returned_at", NEW."starts_at", NEW."status", NEW."user_id"); RETURN NULL;', hash='0616549b745c29407a3f458b509d5ce3d299a115', operation='INSERT', pgid='pgtrigger_insert_insert_8902e', table='facilities_loan', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='loan',
            trigger=pgtrigger.compiler.Trigger(name='update_update', sql=pgtrigger.compiler.UpsertTriggerSql(condition='WHEN (OLD.* IS DISTINCT FROM NEW.*)', func='INSERT INTO "facilities_loanevent" ("booking_id", "created_at", "ends_at", "equipment_type_id", "fee", "group_id", "handed_over_at", "id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "quantity", "return_condition", "returned_at", "starts_at", "status", "user_id") VALUES (NEW."booking_id", NEW."created_at", NEW."ends_at", NEW."equipment_type_id", NEW."fee", NEW."group_id", NEW."handed_over_at", NEW."id", _pgh_attach_context(), NOW(), \'update\', NEW."id", NEW."quantity", NEW."return_condition", NEW."returned_at", NEW."starts_at", NEW."status", NEW."user_id"); RETURN NULL;', hash='4f179ca2a68d3327c7f10c97da43192e9850733e', operation='UPDATE', pgid='pgtrigger_update_update_39a46', table='facilities_loan', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='loan',
            trigger=pgtrigger.compiler.Trigger(name='delete_delete', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "facilities_loanevent" ("booking_id", "created_at", "ends_at", "equipment_type_id", "fee", "group_id", "handed_over_at", "id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "quantity", "return_condition", "returned_at", "starts_at", "status", "user_id") VALUES (OLD."booking_id", OLD."created_at", OLD."ends_at", OLD."equipment_type_id", OLD."fee", OLD."group_id", OLD."handed_over_at", OLD."id", _pgh_attach_context(), NOW(), \'delete\', OLD."id", OLD."quantity", OLD."return_condition", OLD."returned_at", OLD."starts_at", OLD."status", OLD."user_id"); RETURN NULL;', hash='b2ef8b8e213e3b7273cb71f446c074e8c33740f6', operation='DELETE', pgid='pgtrigger_delete_delete_de6e0', table='facilities_loan', when='AFTER')),
        ),
        migrations.AddIndex(
            model_name='loanevent',
            index=models.Index(fields=['pgh_created_at'], name='facilities_loan_event_at'),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='loanevent',
            trigger=pgtrigger.compiler.Trigger(name='append_only', sql=pgtrigger.compiler.UpsertTriggerSql(func="RAISE EXCEPTION 'pgtrigger: Cannot update or delete rows from % table', TG_TABLE_NAME;", hash='03c15fb3d1e986c2cc7cf102afa01ceef51c8e3c', operation='UPDATE OR DELETE', pgid='pgtrigger_append_only_ea2c5', table='facilities_loanevent', when='BEFORE')),
        ),
        migrations.AddIndex(
            model_name='loanstatuschange',
            index=models.Index(fields=['loan', 'changed_at'], name='fac_lsc_obj_at'),
        ),
        migrations.AddIndex(
            model_name='loanstatuschange',
            index=models.Index(fields=['to_status', 'changed_at'], name='fac_lsc_to_at'),
        ),
        migrations.AddConstraint(
            model_name='loanstatuschange',
            constraint=models.CheckConstraint(condition=models.Q(('to_status__in', ['reserved', 'handed_over', 'returned', 'overdue', 'cancelled']), models.Q(('from_status', ''), ('from_status__in', ['reserved', 'handed_over', 'returned', 'overdue', 'cancelled']), _connector='OR')), name='fac_lsc_valid'),
        ),
        migrations.AddConstraint(
            model_name='openinghours',
            constraint=models.UniqueConstraint(fields=('facility', 'weekday'), name='facilities_openinghours_unique'),
        ),
        migrations.AddConstraint(
            model_name='openinghours',
            constraint=models.CheckConstraint(condition=models.Q(('opens__lt', models.F('closes'))), name='facilities_openinghours_order', violation_error_message='閉館時刻は開館時刻より後にしてください。'),
        ),
        migrations.AddConstraint(
            model_name='openinghours',
            constraint=models.CheckConstraint(condition=models.Q(('weekday__gte', 0), ('weekday__lte', 6)), name='facilities_openinghours_day'),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='openinghours',
            trigger=pgtrigger.compiler.Trigger(name='insert_insert', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "facilities_openinghoursevent" ("closes", "facility_id", "id", "opens", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "weekday") VALUES (NEW."closes", NEW."facility_id", NEW."id", NEW."opens", _pgh_attach_context(), NOW(), \'insert\', NEW."id", NEW."weekday"); RETURN NULL;', hash='a5b87cebf661c1da5fd35a8cceadeb6d0a219b16', operation='INSERT', pgid='pgtrigger_insert_insert_4408a', table='facilities_openinghours', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='openinghours',
            trigger=pgtrigger.compiler.Trigger(name='update_update', sql=pgtrigger.compiler.UpsertTriggerSql(condition='WHEN (OLD.* IS DISTINCT FROM NEW.*)', func='INSERT INTO "facilities_openinghoursevent" ("closes", "facility_id", "id", "opens", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "weekday") VALUES (NEW."closes", NEW."facility_id", NEW."id", NEW."opens", _pgh_attach_context(), NOW(), \'update\', NEW."id", NEW."weekday"); RETURN NULL;', hash='2bf5edc37b6fff168a315045d4082a3666d2004e', operation='UPDATE', pgid='pgtrigger_update_update_7f566', table='facilities_openinghours', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='openinghours',
            trigger=pgtrigger.compiler.Trigger(name='delete_delete', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "facilities_openinghoursevent" ("closes", "facility_id", "id", "opens", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "weekday") VALUES (OLD."closes", OLD."facility_id", OLD."id", OLD."opens", _pgh_attach_context(), NOW(), \'delete\', OLD."id", OLD."weekday"); RETURN NULL;', hash='e39ac8d26a845992c7e2fe08fffd1aff5a545d63', operation='DELETE', pgid='pgtrigger_delete_delete_3a771', table='facilities_openinghours', when='AFTER')),
        ),
        migrations.AddIndex(
            model_name='openinghoursevent',
            index=models.Index(fields=['pgh_created_at'], name='facilities_openinghou_event_at'),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='openinghoursevent',
            trigger=pgtrigger.compiler.Trigger(name='append_only', sql=pgtrigger.compiler.UpsertTriggerSql(func="RAISE EXCEPTION 'pgtrigger: Cannot update or delete rows from % table', TG_TABLE_NAME;", hash='4a1f1b7a741c044eaee60df9ce6a529caf161ba3', operation='UPDATE OR DELETE', pgid='pgtrigger_append_only_5e088', table='facilities_openinghoursevent', when='BEFORE')),
        ),
        migrations.AddIndex(
            model_name='ownerwindow',
            index=models.Index(fields=['facility', 'starts_at', 'ends_at'], name='fac_ownerwindow_span'),
        ),
        migrations.AddConstraint(
            model_name='ownerwindow',
            constraint=models.CheckConstraint(condition=models.Q(('starts_at__lt', models.F('ends_at'))), name='facilities_ownerwindow_order', violation_error_message='終了日時は開始日時より後にしてください。'),
        ),
        migrations.AddIndex(
            model_name='space',
            index=models.Index(fields=['capacity'], name='fac_space_capacity'),
        ),
        migrations.AddConstraint(
            model_name='space',
            constraint=models.UniqueConstraint(fields=('facility', 'name'), name='facilities_space_unique_name'),
        ),
        migrations.AddConstraint(
            model_name='space',
            constraint=models.CheckConstraint(condition=models.Q(('capacity__gt', 0)), name='facilities_space_capacity_positive'),
        ),
        migrations.AddConstraint(
            model_name='occupancy',
            constraint=django.contrib.postgres.constraints.ExclusionConstraint(condition=models.Q(('is_active', True)), expressions=[('space', '='), ('during', '&&')], name='facilities_occupancy_no_overlap', violation_error_message='この時間帯はすでに予約が入っています。別の時間か部屋を選んでください。'),
        ),
        migrations.AddConstraint(
            model_name='occupancy',
            constraint=models.CheckConstraint(condition=models.Q(('during__isempty', False), ('during__lower_inf', False), ('during__upper_inf', False)), name='facilities_occupancy_bounded'),
        ),
        migrations.AddConstraint(
            model_name='occupancy',
            constraint=models.UniqueConstraint(fields=('booking', 'space'), name='facilities_occupancy_unique'),
        ),
        migrations.AddIndex(
            model_name='feerateevent',
            index=models.Index(fields=['pgh_created_at'], name='facilities_feerate_event_at'),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='feerateevent',
            trigger=pgtrigger.compiler.Trigger(name='append_only', sql=pgtrigger.compiler.UpsertTriggerSql(func="RAISE EXCEPTION 'pgtrigger: Cannot update or delete rows from % table', TG_TABLE_NAME;", hash='4472a64e91ae88c75928a31d9000c2640346194e', operation='UPDATE OR DELETE', pgid='pgtrigger_append_only_29d99', table='facilities_feerateevent', when='BEFORE')),
        ),
        migrations.AddConstraint(
            model_name='feerate',
            constraint=models.CheckConstraint(condition=models.Q(('starts__lt', models.F('ends'))), name='facilities_feerate_order', violation_error_message='終了時刻は開始時刻より後にしてください。'),
        ),
        migrations.AddConstraint(
            model_name='feerate',
            constraint=models.CheckConstraint(condition=models.Q(('day_type__in', ['weekday', 'holiday'])), name='facilities_feerate_daytype'),
        ),
        migrations.AddConstraint(
            model_name='feerate',
            constraint=models.UniqueConstraint(fields=('space', 'day_type', 'starts'), name='facilities_feerate_unique'),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='feerate',
            trigger=pgtrigger.compiler.Trigger(name='insert_insert', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "facilities_feerateevent" ("day_type", "ends", "hourly_fee", "id", "label", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "space_id", "starts") VALUES (NEW."day_type", NEW."ends", NEW."hourly_fee", NEW."id", NEW."label", _pgh_attach_context(), NOW(), \'insert\', NEW."id", NEW."space_id", NEW."starts"); RETURN NULL;', hash='03ad68dc5844167ab2213786a579150bfa7d8965', operation='INSERT', pgid='pgtrigger_insert_insert_086d2', table='facilities_feerate', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='feerate',
            trigger=pgtrigger.compiler.Trigger(name='update_update', sql=pgtrigger.compiler.UpsertTriggerSql(condition='WHEN (OLD.* IS DISTINCT FROM NEW.*)', func='INSERT INTO "facilities_feerateevent" ("day_type", "ends", "hourly_fee", "id", "label", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "space_id", "starts") VALUES (NEW."day_type", NEW."ends", NEW."hourly_fee", NEW."id", NEW."label", _pgh_attach_context(), NOW(), \'update\', NEW."id", NEW."space_id", NEW."starts"); RETURN NULL;', hash='79a843f16f07082e641638ba2cd8696be12b37c4', operation='UPDATE', pgid='pgtrigger_update_update_aa553', table='facilities_feerate', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='feerate',
            trigger=pgtrigger.compiler.Trigger(name='delete_delete', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "facilities_feerateevent" ("day_type", "ends", "hourly_fee", "id", "label", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "space_id", "starts") VALUES (OLD."day_type", OLD."ends", OLD."hourly_fee", OLD."id", OLD."label", _pgh_attach_context(), NOW(), \'delete\', OLD."id", OLD."space_id", OLD."starts"); RETURN NULL;', hash='54afd02e22db029f1682846cd485acb631d392fb', operation='DELETE', pgid='pgtrigger_delete_delete_d96ad', table='facilities_feerate', when='AFTER')),
        ),
        migrations.AddIndex(
            model_name='booking',
            index=models.Index(fields=['space', 'starts_at'], name='fac_booking_space_start'),
        ),
        migrations.AddIndex(
            model_name='booking',
            index=models.Index(fields=['status', 'starts_at'], name='fac_booking_status_start'),
        ),
        migrations.AddIndex(
            model_name='booking',
            index=models.Index(fields=['group', 'starts_at'], name='fac_booking_group_start'),
        ),
        migrations.AddIndex(
            model_name='booking',
            index=models.Index(fields=['user', '-starts_at'], name='fac_booking_user_start'),
        ),
        migrations.AddIndex(
            model_name='booking',
            index=models.Index(fields=['series'], name='fac_booking_series'),
        ),
        migrations.AddIndex(
            model_name='booking',
            index=models.Index(fields=['starts_at', 'id'], name='fac_booking_start'),
        ),
        migrations.AddIndex(
            model_name='booking',
            index=models.Index(fields=['exemption_state', 'starts_at', 'id'], name='fac_booking_exemption_start'),
        ),
        migrations.AddIndex(
            model_name='booking',
            index=django.contrib.postgres.indexes.GinIndex(django.contrib.postgres.indexes.OpClass(django.db.models.functions.text.Upper('purpose'), name='gin_trgm_ops'), name='fac_booking_purpose_trgm'),
        ),
        migrations.AddConstraint(
            model_name='booking',
            constraint=models.CheckConstraint(condition=models.Q(('starts_at__lt', models.F('ends_at'))), name='facilities_booking_order', violation_error_message='終了日時は開始日時より後にしてください。'),
        ),
        migrations.AddConstraint(
            model_name='booking',
            constraint=models.CheckConstraint(condition=models.Q(('status__in', ['requested', 'confirmed', 'declined', 'cancelled', 'used', 'no_show'])), name='facilities_booking_status_valid'),
        ),
        migrations.AddConstraint(
            model_name='booking',
            constraint=models.CheckConstraint(condition=models.Q(('exemption_state__in', ['none', 'automatic', 'applied', 'approved', 'rejected'])), name='facilities_booking_exemption_valid'),
        ),
        migrations.AddConstraint(
            model_name='booking',
            constraint=models.CheckConstraint(condition=models.Q(('exemption_percent__lte', 100)), name='facilities_booking_exemption_percent'),
        ),
        migrations.AddConstraint(
            model_name='booking',
            constraint=models.CheckConstraint(condition=models.Q(('list_price', django.db.models.expressions.CombinedExpression(models.F('room_fee'), '+', models.F('equipment_fee'))), ('final_price__lte', models.F('list_price'))), name='facilities_booking_price_sums'),
        ),
        migrations.AddConstraint(
            model_name='booking',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('status', 'used'), _negated=True), ('attendees__isnull', False), _connector='OR'), name='facilities_booking_used_has_attendees'),
        ),
        migrations.AddConstraint(
            model_name='timeslot',
            constraint=models.CheckConstraint(condition=models.Q(('starts__lt', models.F('ends'))), name='facilities_timeslot_order'),
        ),
        migrations.AddConstraint(
            model_name='timeslot',
            constraint=models.UniqueConstraint(fields=('facility', 'name'), name='facilities_timeslot_unique'),
        ),
    ]
