from django.conf import settings
from django.shortcuts import redirect


class StaffMFAMiddleware:
    """In production staff reach /admin/ only with TOTP enabled (allauth.mfa); otherwise they are sent to set it up."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            settings.STAFF_MFA_REQUIRED
            and request.path.startswith("/admin/")
            and request.user.is_authenticated
            and request.user.is_staff
            and not _has_totp(request.user)
        ):
            return redirect("mfa_activate_totp")
        return self.get_response(request)


def _has_totp(user) -> bool:
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
