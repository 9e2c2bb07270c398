from django.urls import path

from . import tus

urlpatterns = [
    path("uploads/", tus.UploadCollection.as_view(), name="tus-uploads"),
    path("uploads/<uuid:upload_id>", tus.UploadResource.as_view(), name="tus-upload"),
]
