import time

import factory
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from django.contrib.auth.models import Group as Role

from civic_portal.accounts.models import User
from civic_portal.accounts.roles import BACK_OFFICE_ROLES
from tests.factories.base import ModelFactory

PASSWORD = "correct-horse-battery-9"
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def totp_code(step: int = 0) -> str:
    """The authenticator-app code of TOTP_SECRET now (step=1: the next 30-second window, for a second sign-in)."""
    return format_hotp_value(hotp_value(TOTP_SECRET, int(time.time()) // 30 + step))


class UserFactory(ModelFactory[User]):
    """A user whose email is verified, so allauth lets them sign in."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.jp")
    full_name = factory.Sequence(lambda n: f"利用者{n}")
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        if create and extracted is not False:
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.add(*Role.objects.filter(name__in=extracted))

    @factory.post_generation
    def totp(self, create, extracted, **kwargs):
        # Back-office accounts have TOTP set up, as production requires; totp=False makes one that has not.
        if not create or extracted is False:
            return
        back_office = self.is_staff or self.is_superuser or self.groups.filter(name__in=BACK_OFFICE_ROLES).exists()
        if extracted or back_office:
            TOTP.activate(self, TOTP_SECRET)


class StaffFactory(UserFactory):
    """Center staff (センター職員) with the role exactly as the migrations make it, and TOTP set up."""

    is_staff = True

    @factory.post_generation
    def center_staff(self, create, extracted, **kwargs):
        if create:
            self.groups.add(Role.objects.get(name="center_staff"))
