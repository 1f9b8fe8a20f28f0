"""Error pages in the site's layout. The 500 page renders without a request context, so it needs no database."""

from django.http import HttpResponse
from django.template import loader
from django.views import defaults


def bad_request(request, exception):
    return defaults.bad_request(request, exception, template_name="errors/400.html")


def permission_denied(request, exception):
    return defaults.permission_denied(request, exception, template_name="errors/403.html")


def page_not_found(request, exception):
    return defaults.page_not_found(request, exception, template_name="errors/404.html")


def server_error(request):
    template = loader.get_template("errors/500.html")
    return HttpResponse(template.render({"request_path": request.path}), status=500)
