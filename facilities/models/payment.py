"""Payments of booking fees recorded by the front desk, with a receipt number unique within the fiscal year."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from civic_portal.core.models import actor_field

from .booking import Booking


class PaymentMethod(models.TextChoices):
    CASH = "cash", _("現金")
    BANK_TRANSFER = "bank_transfer", _("口座振込")
    PAYMENT_SLIP = "payment_slip", _("納付書")
    CASHLESS = "cashless", _("キャッシュレス決済")


class Payment(models.Model):
    """The payment of one booking: amount, method, day, receipt number (領収書番号), who recorded it and when."""

    booking = models.OneToOneField(Booking, on_delete=models.PROTECT, related_name="payment", verbose_name=_("予約"))
    amount = models.PositiveIntegerField(_("金額（円）"))
    method = models.CharField(_("支払方法"), max_length=20, choices=PaymentMethod.choices)
    paid_on = models.DateField(_("支払日"))
    fiscal_year = models.PositiveSmallIntegerField(_("年度"))
    receipt_number = models.CharField(_("領収書番号"), max_length=20)
    recorded_by = actor_field(_("記録した職員"))
    recorded_at = models.DateTimeField(_("記録日時"), auto_now_add=True)

    class Meta:
        verbose_name = _("使用料の支払")
        verbose_name_plural = _("使用料の支払")
        ordering = ["-paid_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["fiscal_year", "receipt_number"],
                name="facilities_payment_receipt_unique",
                violation_error_message=_("この領収書番号は今年度すでに使われています。"),
            ),
            models.CheckConstraint(condition=Q(method__in=PaymentMethod.values), name="facilities_payment_method"),
        ]

    def __str__(self):
        return f"{self.fiscal_year}-{self.receipt_number}"
