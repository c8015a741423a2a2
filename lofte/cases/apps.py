from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "lofte.cases"
    label = "cases"
    verbose_name = _("Ärenden")

    def ready(self) -> None:
        # Fault reports are a source of the lägesbild (lofte.situation.sources.case_rows).
        from lofte.cases.selectors import CaseSource
        from lofte.situation.sources import register_case_source

        register_case_source(CaseSource())
