"""Vietnamese first: the interface is Vietnamese unless the user chose another language."""

from django.conf import settings
from django.core.exceptions import BadRequest
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class VietnameseFirstLocaleMiddleware(LocaleMiddleware):
    """Like Django's LocaleMiddleware, but the browser's Accept-Language is not consulted.

    A provincial official whose browser happens to be set to English still gets the Vietnamese interface;
    the language switcher (Django's set_language view, which sets the language cookie) is the one way to change it.
    """

    def process_request(self, request):
        supported = {code for code, _name in settings.LANGUAGES}
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


class RefuseNulInQueryMiddleware:
    """A NUL character in the address or its query string is refused with our 400 page.

    Pages parse their parameters with bounded forms (plans/forms.py), but a NUL can still reach a database
    lookup through code we do not own (the admin's search and filters), and PostgreSQL refuses it with an
    error that would become a 500. One check here covers every URL.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or any("\x00" in key + value for key, value in request.GET.items()):
            raise BadRequest("NUL character in the request address")
        return self.get_response(request)
