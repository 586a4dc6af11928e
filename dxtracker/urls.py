from django.conf import settings
from django.contrib import admin
from django.shortcuts import redirect
from django.templatetags.static import static as static_url
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

from plans.forms import AdminSignInForm
from plans.views.accounts import SignInView

admin.site.site_header = "dxtracker"
admin.site.site_title = "dxtracker"
admin.site.login_form = AdminSignInForm


def favicon(request):
    """Browsers ask for /favicon.ico whatever the page links: send them to the static icon (hashed in production)."""
    return redirect(static_url("favicon.svg"), permanent=False)


urlpatterns = [
    path("favicon.ico", favicon, name="favicon"),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("accounts/login/", SignInView.as_view(), name="login"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("dti/", include("indicators.urls")),
    path("reports/", include("reports.urls")),
    path("api/", include("api.urls")),
    path("", include("api.history_urls")),
    path("", include("plans.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
