"""Directory editors keep their own organisation's entries."""

from django.urls import path

from . import editor_views as views

app_name = "directory_editor"
urlpatterns = [
    path("directory/", views.home, name="home"),
    path("directory/services/<uuid:pk>/edit/", views.edit_service, name="service"),
    path("directory/services/<uuid:pk>/checked/", views.service_checked, name="service_checked"),
    path("directory/locations/<uuid:pk>/edit/", views.edit_location, name="location"),
    path("directory/locations/<uuid:pk>/checked/", views.location_checked, name="location_checked"),
    path("directory/places/<uuid:pk>/hours/", views.edit_hours, name="hours"),
]
