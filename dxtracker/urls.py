from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

from plans.forms import AdminSignInForm
from plans.views.accounts import SignInView

admin.site.site_header = "dxtracker"
admin.site.site_title = "dxtracker"
admin.site.login_form = AdminSignInForm

urlpatterns = [
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
