from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class JapaneseFirstLocaleMiddleware(LocaleMiddleware):
    """Japanese unless the visitor chose another language with the switch (cookie); the browser's
    Accept-Language is not used, so every citizen sees the same Japanese pages by default."""

    def process_request(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in dict(settings.LANGUAGES):
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
