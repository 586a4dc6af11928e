from django.http import HttpResponse
from django.urls import path

app_name = "indicators"


def ranking(request):  # placeholder until the DTI pages land
    return HttpResponse("ranking")


urlpatterns = [
    path("", ranking, name="ranking"),
]
