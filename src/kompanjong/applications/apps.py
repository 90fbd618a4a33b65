from django.apps import AppConfig


class ApplicationsConfig(AppConfig):
    name = "kompanjong.applications"
    label = "applications"
    verbose_name = "Applications"
