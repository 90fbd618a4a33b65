"""Finding help: the public search and a helping place's page."""

from django.urls import path

from . import views

app_name = "directory"
urlpatterns = [
    path("help/", views.search, name="search"),
    path("help/<uuid:pk>/", views.place, name="place"),
]
