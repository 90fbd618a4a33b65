from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "kompanjong.api"
    label = "api"
    verbose_name = "API"
