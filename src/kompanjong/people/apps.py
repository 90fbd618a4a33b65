from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "kompanjong.people"
    label = "people"
    verbose_name = "People and organisations"
