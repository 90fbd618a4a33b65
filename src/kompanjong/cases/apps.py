from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "kompanjong.cases"
    label = "cases"
    verbose_name = "Cases"

    def ready(self) -> None:
        from . import checks  # noqa: F401  (registers the start-up check)
