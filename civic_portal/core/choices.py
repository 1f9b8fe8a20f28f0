"""Code lists shared by several apps."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Weekday(models.IntegerChoices):
    """Days of the week as Python numbers them (date.weekday(): Monday is 0)."""

    MONDAY = 0, _("月")
    TUESDAY = 1, _("火")
    WEDNESDAY = 2, _("水")
    THURSDAY = 3, _("木")
    FRIDAY = 4, _("金")
    SATURDAY = 5, _("土")
    SUNDAY = 6, _("日")
