"""Equipment for loan: item types with a stock count, serial-numbered items, loans that never over-commit and
their workflow log."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from civic_portal.core.audit import audited
from civic_portal.core.models import StatusChangeBase, WorkflowModel, status_change_meta, status_fields
from groups.models import Group

from ..querysets import LoanQuerySet
from .catalogue import Facility


class EquipmentType(models.Model):
    facility = models.ForeignKey(
        Facility, on_delete=models.CASCADE, related_name="equipment_types", verbose_name=_("施設")
    )
    name = models.CharField(_("品名"), max_length=100)
    description = models.TextField(_("説明"), blank=True)
    stock = models.PositiveIntegerField(_("貸出可能数"))
    fee_per_use = models.PositiveIntegerField(_("使用料（1点1回、円）"), default=0)
    is_active = models.BooleanField(_("貸出中止でない"), default=True)

    class Meta:
        verbose_name = _("備品")
        verbose_name_plural = _("備品")
        ordering = ["facility", "name"]
        constraints = [models.UniqueConstraint(fields=["facility", "name"], name="facilities_equipmenttype_unique")]

    def __str__(self):
        return f"{self.name}（{self.stock}）"


class EquipmentItem(models.Model):
    equipment_type = models.ForeignKey(
        EquipmentType, on_delete=models.CASCADE, related_name="items", verbose_name=_("備品")
    )
    serial_number = models.CharField(_("製造番号・管理番号"), max_length=100)
    condition = models.CharField(_("状態"), max_length=200, blank=True)
    is_active = models.BooleanField(_("使用可能"), default=True)

    class Meta:
        verbose_name = _("備品（個体）")
        verbose_name_plural = _("備品（個体）")
        ordering = ["equipment_type", "serial_number"]
        constraints = [
            models.UniqueConstraint(fields=["equipment_type", "serial_number"], name="facilities_equipmentitem_unique")
        ]

    def __str__(self):
        return f"{self.equipment_type.name} #{self.serial_number}"


class LoanStatus(models.TextChoices):
    RESERVED = "reserved", _("予約済")
    HANDED_OVER = "handed_over", _("貸出中")
    RETURNED = "returned", _("返却済")
    OVERDUE = "overdue", _("返却遅れ")
    CANCELLED = "cancelled", _("取消")


L = LoanStatus
LOAN_TRANSITIONS: dict[str, frozenset[str]] = {
    L.RESERVED: frozenset({L.HANDED_OVER, L.CANCELLED}),
    L.HANDED_OVER: frozenset({L.RETURNED, L.OVERDUE}),
    L.OVERDUE: frozenset({L.RETURNED}),
    L.RETURNED: frozenset(),
    L.CANCELLED: frozenset(),
}
# Loans in these statuses hold stock.
ACTIVE_LOAN_STATUSES = frozenset({L.RESERVED, L.HANDED_OVER, L.OVERDUE})
# Loans whose items are with the borrower (to take back).
OUT_LOAN_STATUSES = frozenset({L.HANDED_OVER, L.OVERDUE})


@audited()
class Loan(WorkflowModel):
    TRANSITIONS = LOAN_TRANSITIONS

    equipment_type = models.ForeignKey(
        EquipmentType, on_delete=models.PROTECT, related_name="loans", verbose_name=_("備品")
    )
    quantity = models.PositiveIntegerField(_("数量"))
    booking = models.ForeignKey(
        "Booking", on_delete=models.CASCADE, null=True, blank=True, related_name="loans", verbose_name=_("施設予約")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="equipment_loans", verbose_name=_("借受人")
    )
    group = models.ForeignKey(
        Group, on_delete=models.PROTECT, null=True, blank=True, related_name="equipment_loans", verbose_name=_("団体")
    )
    starts_at = models.DateTimeField(_("貸出開始"))
    ends_at = models.DateTimeField(_("返却期限"))
    status = models.CharField(_("状態"), max_length=20, choices=LoanStatus.choices, default=LoanStatus.RESERVED)
    items = models.ManyToManyField(EquipmentItem, blank=True, related_name="loans", verbose_name=_("貸し出した個体"))
    fee = models.PositiveIntegerField(_("使用料（定価、円）"), default=0)
    handed_over_at = models.DateTimeField(_("貸出日時"), null=True, blank=True)
    returned_at = models.DateTimeField(_("返却日時"), null=True, blank=True)
    return_condition = models.CharField(_("返却時の状態"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("申込日時"), auto_now_add=True)

    objects = LoanQuerySet.as_manager()

    class Meta:
        verbose_name = _("備品の貸出")
        verbose_name_plural = _("備品の貸出")
        ordering = ["starts_at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="facilities_loan_quantity_positive"),
            models.CheckConstraint(
                condition=Q(starts_at__lt=F("ends_at")),
                name="facilities_loan_order",
                violation_error_message=_("返却期限は貸出開始より後にしてください。"),
            ),
            models.CheckConstraint(condition=Q(status__in=LoanStatus.values), name="facilities_loan_status_valid"),
            models.CheckConstraint(
                condition=~Q(status=LoanStatus.RETURNED) | Q(returned_at__isnull=False),
                name="facilities_loan_returned_has_time",
            ),
        ]
        indexes = [
            models.Index(fields=["equipment_type", "status", "starts_at", "ends_at"], name="fac_loan_type_span"),
            models.Index(fields=["status", "starts_at"], name="fac_loan_status_start"),
            models.Index(fields=["status", "ends_at"], name="fac_loan_status_end"),
            models.Index(fields=["starts_at", "id"], name="fac_loan_start"),  # the admin's list
        ]

    def __str__(self):
        return f"{self.equipment_type.name} ×{self.quantity}"


class LoanStatusChange(StatusChangeBase):
    """One step of a loan's workflow: who, when, from, to, note (no one for the nightly overdue job)."""

    LOGGED = "loan"

    loan = models.ForeignKey(Loan, on_delete=models.CASCADE, related_name="status_changes", verbose_name=_("貸出"))
    from_status, to_status = status_fields(LoanStatus, max_length=20)
    Meta = status_change_meta("loan", LoanStatus, prefix="fac_lsc", name=_("貸出の状態変更履歴"))
