"""ISO 18295 (customer contact centres) as a typed Python domain API.

The data flows one way::

    documents (TOML/JSON) ──► load_scope ──► Scope (the model)
    interaction records ──► InteractionTable (columns)
                          └──► metrics, rules ──► assessment ──► reports

Everyday names live here: the model classes, loading and dumping, and the
errors.  Specialised families have their own public namespaces:
`iso18295.staffing` (Erlang formulas for workforce planning) and
`iso18295.examples` (the bundled example centre).  Everything with a leading
underscore is private.

Examples
--------
>>> import iso18295
>>> scope = iso18295.examples.load_example()
>>> scope.centre.name
'Northwind Contact Services'
"""

from typing import TYPE_CHECKING

from . import examples
from ._errors import (
    Iso18295Error,
    Iso18295Warning,
    LoadError,
    MetricError,
    ModelError,
    Problem,
    ReportError,
    RuleError,
    UndefinedMetricWarning,
)
from ._io.documents import (
    FORMAT_VERSION,
    dump_scope,
    dump_scope_text,
    load_scope,
    load_scope_text,
)
from ._model.agreements import (
    ClientAgreement,
    Comparison,
    DataHandlingTerms,
    Kpi,
    KpiTarget,
    Responsibility,
)
from ._model.channels import Campaign, Channel, ChannelKind, ContactRules, Direction
from ._model.common import Frequency, Party, Weekday, WeeklyHours
from ._model.complaints import Complaint, ComplaintCategory, ComplaintOutcome
from ._model.continuity import (
    ContinuityExercise,
    ContinuityPlan,
    ExerciseKind,
    ExerciseResult,
    WorkEnvironmentArea,
    WorkEnvironmentAssessment,
)
from ._model.feedback import CustomerSurvey, QualityEvaluation
from ._model.columns import INTERACTION_COLUMNS, Column
from ._model.interactions import Interaction
from ._model.parties import Client, ContactCentre, OperatingModel, Relationship, Site
from ._model.people import (
    Agent,
    AssessmentOutcome,
    Competency,
    CompetencyArea,
    CompetencyAssessment,
    EngagementSurvey,
    Function,
    RoleProfile,
    TrainingKind,
    TrainingRecord,
)
from ._model.policies import Policy, PolicyKind
from ._model.scope import Scope
from ._model.workforce import Forecast, StaffingPlan
from ._version import __version__

if TYPE_CHECKING:
    from . import staffing
    from ._model.tables import InteractionTable

# numpy-backed names load on first use, so ``import iso18295`` stays light.
_LAZY = {"InteractionTable": "._model.tables", "staffing": ".staffing"}


def __getattr__(name: str) -> object:
    """Import the numpy-backed parts of the API on first access."""
    if name not in _LAZY:
        raise AttributeError(f"module 'iso18295' has no attribute {name!r}")
    import importlib

    module = importlib.import_module(_LAZY[name], __name__)
    value = module if name == "staffing" else getattr(module, name)
    globals()[name] = value
    return value

__all__ = [
    "FORMAT_VERSION",
    "INTERACTION_COLUMNS",
    "Agent",
    "AssessmentOutcome",
    "Campaign",
    "Channel",
    "ChannelKind",
    "Client",
    "ClientAgreement",
    "Column",
    "Comparison",
    "Competency",
    "CompetencyArea",
    "CompetencyAssessment",
    "Complaint",
    "ComplaintCategory",
    "ComplaintOutcome",
    "ContactCentre",
    "ContactRules",
    "ContinuityExercise",
    "ContinuityPlan",
    "CustomerSurvey",
    "DataHandlingTerms",
    "Direction",
    "EngagementSurvey",
    "ExerciseKind",
    "ExerciseResult",
    "Forecast",
    "Frequency",
    "Function",
    "Interaction",
    "InteractionTable",
    "Iso18295Error",
    "Iso18295Warning",
    "Kpi",
    "KpiTarget",
    "LoadError",
    "MetricError",
    "ModelError",
    "OperatingModel",
    "Party",
    "Policy",
    "PolicyKind",
    "Problem",
    "QualityEvaluation",
    "Relationship",
    "ReportError",
    "Responsibility",
    "RoleProfile",
    "RuleError",
    "Scope",
    "Site",
    "StaffingPlan",
    "TrainingKind",
    "TrainingRecord",
    "UndefinedMetricWarning",
    "Weekday",
    "WeeklyHours",
    "WorkEnvironmentArea",
    "WorkEnvironmentAssessment",
    "__version__",
    "dump_scope",
    "dump_scope_text",
    "examples",
    "load_scope",
    "load_scope_text",
    "staffing",
]
