from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DialogueConfig(AppConfig):
    name = "kompanjong.dialogue"
    verbose_name = _("Case dialogue")
