from django.urls import path

from . import views

app_name = "documents"

urlpatterns = [
    path("documents/<uuid:pk>/", views.document_file, name="file"),
]
