"""The crisis response (002 "Step 5: Responding to a crisis"; 001 "Responding to a crisis";
000 challenge 6): what is prepared before (protocols, teams), the incident and its timeline,
the check-ins with the network, the impact per community, the statements briefed to the network
before the press, and recovery. Every record belongs to one municipality and keeps its history;
the access layer opens them through two information categories (``crisis_response`` and
``check_ins``, ``coordinator.policies``)."""

from .communication import Briefing, MediaRequest, Statement, StatementState  # noqa: F401
from .incidents import (  # noqa: F401
    Channel,
    CheckIn,
    CheckInStatus,
    HateIncident,
    ImpactAssessment,
    Incident,
    IncidentKind,
    IncidentStatus,
    Level,
    RecoveryAction,
    Scale,
    TimelineEntry,
)
from .preparation import CrisisProtocol, CrisisTeam, TeamKind, TeamMember  # noqa: F401
from .reports import SituationReport  # noqa: F401
