from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "kompanjong.core"
    label = "core"
    verbose_name = "Kompanjong core"
