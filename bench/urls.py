"""The app's URLs plus a minimal view: the baseline every page is compared with."""

from django.http import HttpResponse
from django.urls import include, path


def hello(request):
    return HttpResponse("hello")


urlpatterns = [
    path("__bench__/hello", hello),  # bench.harness.HELLO_URL
    path("", include("config.urls")),
]
