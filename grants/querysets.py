"""Query vocabulary for grants."""

from django.db import models
from django.db.models import Q
from django.utils import timezone


class RoundQuerySet(models.QuerySet):
    def open(self, now=None):
        """Rounds whose call period includes now."""
        now = now or timezone.now()
        return self.filter(opens_at__lte=now, closes_at__gt=now)

    def upcoming(self, now=None):
        now = now or timezone.now()
        return self.filter(opens_at__gt=now)

    def closed(self, now=None):
        now = now or timezone.now()
        return self.filter(closes_at__lte=now)

    def matching_fields(self, field_ids):
        """Rounds open to any of the given activity fields (a round without fields is open to all)."""
        return self.filter(Q(fields__isnull=True) | Q(fields__in=list(field_ids))).distinct()


class ApplicationQuerySet(models.QuerySet):
    def lodged(self):
        """Applications actually submitted (not drafts; withdrawn ones count only if they had been submitted)."""
        return self.exclude(submitted_at__isnull=True)

    def awarded(self):
        from .models import AWARD_STATUSES

        return self.filter(status__in=AWARD_STATUSES)

    def for_manager(self, user):
        """Applications of groups the user manages."""
        from groups.models import Group

        return self.filter(group__in=Group.objects.managed_by(user))


class OtherFunderGrantQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def still_open(self, today=None):
        today = today or timezone.localdate()
        return self.filter(Q(deadline__isnull=True) | Q(deadline__gte=today))
