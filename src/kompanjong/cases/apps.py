from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "kompanjong.cases"
    label = "cases"
    verbose_name = "Cases"
