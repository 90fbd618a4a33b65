from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "kompanjong.directory"
    label = "directory"
    verbose_name = _("Directory of helping places")
    default_auto_field = "django.db.models.BigAutoField"
