from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser, PermissionsMixin
from django.contrib.auth.models import UserManager as DjangoUserManager
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.db import models
from django.db.models.functions import Lower, Upper
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from civic_portal.core.audit import audited, track_role_changes

from .roles import is_back_office_locked


class UserManager(DjangoUserManager["User"]):
    """Users are identified by email; there is no username."""

    use_in_migrations = True

    def _create_user(self, email: str | None, password: str | None, **extra_fields: Any) -> User:
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    # Email where Django's manager takes a username: the override changes the signature on purpose.
    def create_user(  # type: ignore[override]
        self, email: str | None = None, password: str | None = None, **extra_fields: Any
    ) -> User:
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(  # type: ignore[override]
        self, email: str | None = None, password: str | None = None, **extra_fields: Any
    ) -> User:
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


@audited(fields=["email", "full_name", "is_staff", "is_superuser", "is_active"])
class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField(_("メールアドレス"), unique=True)
    full_name = models.CharField(_("氏名"), max_length=100, blank=True)
    is_staff = models.BooleanField(_("管理画面の利用"), default=False)
    is_active = models.BooleanField(_("有効"), default=True)
    date_joined = models.DateTimeField(_("登録日時"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    # Not fields: answers cached on the user object for one request (civic_portal.accounts.roles, the MFA
    # middleware, indicators.permissions).
    _backoffice_check: bool
    _backoffice_locked: bool
    _role_names: frozenset[str]
    _indicator_department_ids: frozenset[int]

    class Meta:
        verbose_name = _("利用者")
        verbose_name_plural = _("利用者")
        constraints = [models.UniqueConstraint(Lower("email"), name="accounts_user_email_ci_unique")]
        # The admin's search (icontains is UPPER(...) LIKE), here and through the bookings', for three characters
        # or more.
        indexes = [
            GinIndex(OpClass(Upper("email"), name="gin_trgm_ops"), name="accounts_user_email_trgm"),
            GinIndex(OpClass(Upper("full_name"), name="gin_trgm_ops"), name="accounts_user_name_trgm"),
        ]

    def __str__(self) -> str:
        return self.full_name or self.email

    # While a back-office account has no TOTP (where required), no permission counts, a superuser's included.
    def has_perm(self, perm, obj=None):
        return super().has_perm(perm, obj) and not is_back_office_locked(self)

    def has_module_perms(self, app_label):
        return super().has_module_perms(app_label) and not is_back_office_locked(self)

    def get_full_name(self) -> str:
        return self.full_name or self.email

    def get_short_name(self) -> str:
        return self.full_name or self.email.split("@")[0]


track_role_changes(User)
