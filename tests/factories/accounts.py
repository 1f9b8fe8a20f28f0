import factory
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group as Role

from civic_portal.accounts.models import User

PASSWORD = "correct-horse-battery-9"


class UserFactory(factory.django.DjangoModelFactory):
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


class StaffFactory(UserFactory):
    is_staff = True

    @factory.post_generation
    def center_staff(self, create, extracted, **kwargs):
        if create:
            self.groups.add(Role.objects.get(name="center_staff"))
