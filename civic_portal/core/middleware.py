from urllib.parse import unquote_to_bytes

from django.conf import settings
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import BadRequest
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.translation import gettext as _


class JapaneseFirstLocaleMiddleware(LocaleMiddleware):
    """Japanese unless the visitor chose another language with the switch (cookie); the browser's
    Accept-Language is not used, so every citizen sees the same Japanese pages by default."""

    def process_request(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in dict(settings.LANGUAGES):
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


class MalformedInputMiddleware:
    """400 in Japanese, before any view runs, for input no page can use and the database would refuse with a 500.

    - a NUL byte in the path, the query string, a cookie or a posted form field (PostgreSQL text cannot hold one;
      a NUL in the session cookie would fail the session lookup of every middleware that asks for the user);
    - a query string whose percent-escapes are not UTF-8 (?q=%FF%FE). Such a path needs nothing: Django keeps the
      broken bytes percent-escaped (/%FF%FE/), which no URL pattern matches, so it is a 404;
    - lookups the admin cannot resolve (IncorrectLookupParameters escaping a view, e.g. the export of a changelist
      given an unknown parameter).

    BadRequest is answered by handler400 (templates/errors/400.html) and logged as a warning, so it mails nobody.
    Placed right after the locale middleware: the page is in the visitor's language and nothing has read the
    session yet.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if problem := _malformed_request(request):
            raise BadRequest(problem)
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        # CSRF protection reads the form of the same requests just after, so reading it here changes nothing.
        if request.method != "POST" or getattr(view_func, "csrf_exempt", False):
            return None
        try:
            fields = list(request.POST.lists())
        except OSError:  # the client went away (UnreadablePostError): the CSRF check deals with it
            return None
        if any("\x00" in key or any("\x00" in value for value in values) for key, values in fields):
            raise BadRequest(_("送信された内容に使えない文字（NUL）が含まれています。"))
        return None

    def process_exception(self, request, exception):
        if isinstance(exception, IncorrectLookupParameters):
            raise BadRequest(_("絞り込みの条件が正しくありません。")) from exception
        return None


def _malformed_request(request) -> str | None:
    if "\x00" in request.path_info:
        return _("URLに使えない文字（NUL）が含まれています。")
    query = unquote_to_bytes(_wsgi_bytes(request.META.get("QUERY_STRING", "")))
    if b"\x00" in query:
        return _("URLのパラメータに使えない文字（NUL）が含まれています。")
    try:
        query.decode("utf-8")
    except UnicodeDecodeError:
        return _("URLのパラメータの文字コードが正しくありません（UTF-8ではありません）。")
    if any("\x00" in value for value in request.COOKIES.values()):
        return _("Cookieに使えない文字（NUL）が含まれています。")
    return None


def _wsgi_bytes(wsgi_text: str) -> bytes:
    """The request's bytes behind a WSGI string (bytes read as ISO-8859-1); text beyond ISO-8859-1 was decoded by
    the server already (ASGI) and goes back to UTF-8."""
    try:
        return wsgi_text.encode("iso-8859-1")
    except UnicodeEncodeError:
        return wsgi_text.encode("utf-8", "surrogateescape")
