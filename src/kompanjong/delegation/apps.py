from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DelegationConfig(AppConfig):
    name = "kompanjong.delegation"
    label = "delegation"
    verbose_name = _("Power of attorney")
