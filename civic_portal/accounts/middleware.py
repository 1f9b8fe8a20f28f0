from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from .roles import is_back_office_locked

# allauth's own pages (sign out, set up TOTP) stay usable while the account is locked.
_OPEN_PREFIXES = ("/accounts/", "/i18n/", "/static/", "/healthz")


class StaffMFAMiddleware:
    """Back-office rights count only with TOTP: until it is set up, every staff right is withheld on every request.

    With STAFF_MFA_REQUIRED on, an account with back-office rights (admin access, a superuser, a back-office role)
    and no TOTP authenticator gets False from `has_perm` and from the back-office roles everywhere; the admin and
    any page that refuses it for that reason send it to set up TOTP.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.STAFF_MFA_REQUIRED and request.user.is_authenticated:
            request.user._backoffice_check = True
            if request.path.startswith("/admin/") and is_back_office_locked(request.user):
                return _to_totp_setup(request)
        return self.get_response(request)

    def process_exception(self, request, exception):
        if (
            isinstance(exception, PermissionDenied)
            and not request.path.startswith(_OPEN_PREFIXES)
            and is_back_office_locked(request.user)
        ):
            return _to_totp_setup(request)
        return None


def _to_totp_setup(request):
    messages.warning(request, _("管理業務の画面を使うには、2段階認証（TOTP）の設定が必要です。"))
    return redirect("mfa_activate_totp")
