from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "kompanjong.documents"
    label = "documents"
    verbose_name = "Documents"
