from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.static import serve

from civic_portal.core.views import view_on_site

# Staff sign in through allauth, so its rate limits and MFA apply to the back office too.
admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]
admin.site.site_header = _("市民活動センター 管理画面")
admin.site.site_title = _("市民活動ポータル 管理")
admin.site.index_title = _("業務メニュー")

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    # Ahead of the admin's own "view on site": the audit list's proxy rows have no table to look up.
    path("admin/r/<path:content_type_id>/<path:object_id>/", admin.site.admin_view(view_on_site)),
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("groups/", include("groups.urls")),
    path("facilities/", include("facilities.urls")),
    path("grants/", include("grants.urls")),
    path("indicators/", include("indicators.urls")),
    path("", include("civic_portal.center.urls")),  # /news/ (and the events, lectures, consultations to come)
    path("", include("civic_portal.core.urls")),
]

if settings.DEBUG:
    urlpatterns += [path("media/<path:path>", serve, {"document_root": settings.MEDIA_ROOT})]

handler400 = "civic_portal.core.errors.bad_request"
handler403 = "civic_portal.core.errors.permission_denied"
handler404 = "civic_portal.core.errors.page_not_found"
handler429 = "civic_portal.core.errors.too_many_requests"  # allauth's rate limits
handler500 = "civic_portal.core.errors.server_error"
