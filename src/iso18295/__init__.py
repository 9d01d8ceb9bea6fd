"""ISO 18295 (customer contact centres) as a typed Python domain API.

The data flows one way::

    documents (TOML/JSON) ──► load_scope ──► Scope (the model) ─┐
    interaction files ──► load_interactions_* ──► InteractionTable ┤
    agent activity ──► load_agent_states, load_schedule ──► tables ┴─► assess (rules)
                                                   ──► Assessment ──► reports

Everyday names live here: the model classes, loading and dumping, the rules
and the assessment engine.  Specialised families have their
own public namespaces: `iso18295.reports` (Markdown and JSON reports),
`iso18295.kpis` (KPI definitions and the functions that measure them),
`iso18295.staffing` (Erlang formulas for workforce planning),
`iso18295.plots` (matplotlib plots, with the ``plot`` extra) and
`iso18295.examples` (the bundled example centre); `iso18295.errors` holds
every exception and warning the library raises.  Everything with a leading
underscore is private.

Examples
--------
>>> import iso18295
>>> scope = iso18295.examples.load_example()
>>> scope.centre.name
'Northwind Contact Services'
"""

from typing import TYPE_CHECKING

from . import _namespaces, errors, examples, reports
from ._assessment.engine import Assessment, Provenance, assess
from ._assessment.findings import Finding
from ._assessment.scoring import Conclusion, Score
from ._io._schema import document_schema
from ._io.column_mapping import ColumnMapping
from ._io.documents import (
    FORMAT_VERSION,
    dump_scope,
    dump_scope_text,
    load_scope,
    load_scope_text,
)
from ._limits import MAX_COUNT, MAX_DURATION_SECONDS
from ._model.agent_states import AgentState, ScheduledActivity
from ._model.agreements import (
    ClientAgreement,
    Comparison,
    DataHandlingTerms,
    KpiKind,
    KpiTarget,
    Responsibility,
)
from ._model.assessment_policy import AssessmentPolicy, PolicyParameter
from ._model.calendar import WorkingCalendar
from ._model.channels import (
    Campaign,
    Channel,
    ChannelKind,
    ChannelOutage,
    ContactRules,
    Direction,
)
from ._model.columns import INTERACTION_COLUMNS, Column
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
from ._model.information import InformationTopic, InformationUpdate
from ._model.interactions import Interaction
from ._model.judgement import Attestation, Verdict, Waiver
from ._model.parties import Client, ContactCentre, OperatingModel, Relationship, Site
from ._model.people import (
    Agent,
    Competency,
    CompetencyArea,
    CompetencyAssessment,
    CompetencyOutcome,
    EngagementSurvey,
    LeavingReason,
    RoleProfile,
    StaffFunction,
    TrainingKind,
    TrainingRecord,
)
from ._model.policies import Policy, PolicyKind
from ._model.scope import Scope
from ._model.workforce import Forecast, StaffingPlan
from ._progress import Progress, tqdm_progress
from ._rules.basis import Basis, CheckMethod
from ._rules.clauses import Clause, Part
from ._rules.context import Condition, PriorFinding, RuleContext
from ._rules.coverage import ClauseCoverage
from ._rules.discipline import check_rule
from ._rules.outcome import Evidence, Measurement, NotSupplied, Outcome, Status
from ._rules.packs import RulePack
from ._rules.reads import reads
from ._rules.registry import ENTRY_POINT_GROUP, Registry, default_registry
from ._rules.rule import Rule
from ._version import __version__

if TYPE_CHECKING:
    from . import kpis, plots, staffing
    from ._io._load_result import LoadResult, QuarantinedRows
    from ._io.activity import ActivityLoadResult, load_agent_states, load_schedule
    from ._io.interactions import (
        interactions_from_arrow,
        interactions_from_dataframe,
        interactions_from_sql,
        iter_interaction_batches,
        load_interactions_csv,
        load_interactions_parquet,
    )
    from ._io.platforms import load_amazon_connect, load_genesys_cloud
    from ._model.activity import AgentStateTable, ScheduleTable
    from ._model.interaction_table import InteractionTable

# The one table of names loaded on first use (they import numpy), so that
# ``import iso18295`` stays light: name -> the module defining it.  The
# TYPE_CHECKING imports above give type checkers the same names.
_LAZY: dict[str, str] = {
    "ActivityLoadResult": "iso18295._io.activity",
    "AgentStateTable": "iso18295._model.activity",
    "InteractionTable": "iso18295._model.interaction_table",
    "LoadResult": "iso18295._io._load_result",
    "QuarantinedRows": "iso18295._io._load_result",
    "ScheduleTable": "iso18295._model.activity",
    "interactions_from_arrow": "iso18295._io.interactions",
    "interactions_from_dataframe": "iso18295._io.interactions",
    "interactions_from_sql": "iso18295._io.interactions",
    "iter_interaction_batches": "iso18295._io.interactions",
    "kpis": "iso18295.kpis",
    "load_agent_states": "iso18295._io.activity",
    "load_amazon_connect": "iso18295._io.platforms",
    "load_genesys_cloud": "iso18295._io.platforms",
    "load_interactions_csv": "iso18295._io.interactions",
    "load_interactions_parquet": "iso18295._io.interactions",
    "load_schedule": "iso18295._io.activity",
    "plots": "iso18295.plots",
    "staffing": "iso18295.staffing",
}

__getattr__, __dir__ = _namespaces.attach_lazy(__name__, _LAZY, globals())

__all__ = [
    "ENTRY_POINT_GROUP",
    "FORMAT_VERSION",
    "INTERACTION_COLUMNS",
    "MAX_COUNT",
    "MAX_DURATION_SECONDS",
    "ActivityLoadResult",
    "Agent",
    "AgentState",
    "AgentStateTable",
    "Assessment",
    "AssessmentPolicy",
    "Attestation",
    "Basis",
    "Campaign",
    "Channel",
    "ChannelKind",
    "ChannelOutage",
    "CheckMethod",
    "Clause",
    "ClauseCoverage",
    "Client",
    "ClientAgreement",
    "Column",
    "ColumnMapping",
    "Comparison",
    "Competency",
    "CompetencyArea",
    "CompetencyAssessment",
    "CompetencyOutcome",
    "Complaint",
    "ComplaintCategory",
    "ComplaintOutcome",
    "Conclusion",
    "Condition",
    "ContactCentre",
    "ContactRules",
    "ContinuityExercise",
    "ContinuityPlan",
    "CustomerSurvey",
    "DataHandlingTerms",
    "Direction",
    "EngagementSurvey",
    "Evidence",
    "ExerciseKind",
    "ExerciseResult",
    "Finding",
    "Forecast",
    "Frequency",
    "InformationTopic",
    "InformationUpdate",
    "Interaction",
    "InteractionTable",
    "KpiKind",
    "KpiTarget",
    "LeavingReason",
    "LoadResult",
    "Measurement",
    "NotSupplied",
    "OperatingModel",
    "Outcome",
    "Part",
    "Party",
    "Policy",
    "PolicyKind",
    "PolicyParameter",
    "PriorFinding",
    "Progress",
    "Provenance",
    "QualityEvaluation",
    "QuarantinedRows",
    "Registry",
    "Relationship",
    "Responsibility",
    "RoleProfile",
    "Rule",
    "RuleContext",
    "RulePack",
    "ScheduleTable",
    "ScheduledActivity",
    "Scope",
    "Score",
    "Site",
    "StaffFunction",
    "StaffingPlan",
    "Status",
    "TrainingKind",
    "TrainingRecord",
    "Verdict",
    "Waiver",
    "Weekday",
    "WeeklyHours",
    "WorkEnvironmentArea",
    "WorkEnvironmentAssessment",
    "WorkingCalendar",
    "__version__",
    "assess",
    "check_rule",
    "default_registry",
    "document_schema",
    "dump_scope",
    "dump_scope_text",
    "errors",
    "examples",
    "interactions_from_arrow",
    "interactions_from_dataframe",
    "interactions_from_sql",
    "iter_interaction_batches",
    "kpis",
    "load_agent_states",
    "load_amazon_connect",
    "load_genesys_cloud",
    "load_interactions_csv",
    "load_interactions_parquet",
    "load_schedule",
    "load_scope",
    "load_scope_text",
    "plots",
    "reads",
    "reports",
    "staffing",
    "tqdm_progress",
]

_namespaces.publish(__name__, [n for n in __all__ if n not in _LAZY], globals())
