"""HUD HMIS privacy rules as library functions: consent, visibility, de-identification,
small-cell suppression, retention and audit review.

* :class:`Consent` and the consent checks (:func:`consent_findings`) — release of
  information windows, data entered without consent, household members not covered,
  consents about to lapse;
* :func:`visibility` / :func:`filter_export` — what one agency may see, given consents,
  locked clients and protected projects (which share deduplication identifiers only);
* :func:`deidentify` — names and SSNs dropped, keyed HMAC-SHA256 pseudonyms for IDs, DOB
  to a year or an age band, optional per-person date shifting;
* :func:`suppress` — small-cell suppression of count tables with complementary
  suppression, and :func:`recoverable_cells` to check any published table;
* :func:`retention_plan` / :func:`apply_retention` — identifying data not in use for seven
  years, reported and, on request, de-identified;
* :class:`AuditEvent` / :func:`audit_report` — audit trail summaries and flags;
* :func:`comparable_database_check` — a victim service provider's comparable database against
  HUD's standard (validation counts, every APR/CAPER table produced), with
  :func:`aggregate_only` releases and :func:`is_victim_service_provider` to refuse
  client-level output for VSPs.

Nothing here performs I/O or logs (except the ``write_zip``/``write_sage`` methods of the
comparable-database results, when called), and no finding, flag or plan holds a name, SSN or
date of birth. HUD's hashed export (HashStatus 4) is *not* de-identification: see
:func:`deidentify`.

>>> from hmis_core.privacy import suppress
>>> suppress([[4, 16, 20], [11, 19, 30], [15, 35, 50]]).cells
((None, None, 20), (None, None, 30), (15, 35, 50))
"""

from __future__ import annotations

from hmis_core.privacy._audit import (
    AuditAction,
    AuditEvent,
    AuditFlag,
    AuditPolicy,
    AuditReport,
    AuditSummary,
    audit_report,
)
from hmis_core.privacy._comparable import (
    ComparableCheck,
    ReleasedReport,
    ReleasedTable,
    ReportCheck,
    TableStatus,
    ValidationCount,
    aggregate_only,
    comparable_database_check,
    is_victim_service_provider,
)
from hmis_core.privacy._consent import (
    Consent,
    ConsentMethod,
    ConsentScope,
    Window,
    consent_findings,
    consent_windows,
    expiring_consents,
    household_members_without_consent,
    merge_windows,
    records_without_consent,
)
from hmis_core.privacy._deidentify import (
    AGE_BAND_COLUMN,
    DEFAULT_AGE_BANDS,
    DIRECT_IDENTIFIERS,
    FREE_TEXT_COLUMNS,
    STAFF_CONTACT_COLUMNS,
    DobMode,
    age_band,
    date_shift,
    deidentify,
    pseudonym,
)
from hmis_core.privacy._retention import (
    RetentionCandidate,
    RetentionPlan,
    apply_retention,
    retention_plan,
)
from hmis_core.privacy._suppress import (
    Cell,
    Suppression,
    add_totals,
    recoverable_cells,
    suppress,
)
from hmis_core.privacy._visibility import (
    DEDUP_IDENTIFIERS,
    Access,
    Visibility,
    filter_export,
    visibility,
)

__all__ = [
    "AGE_BAND_COLUMN",
    "DEDUP_IDENTIFIERS",
    "DEFAULT_AGE_BANDS",
    "DIRECT_IDENTIFIERS",
    "FREE_TEXT_COLUMNS",
    "STAFF_CONTACT_COLUMNS",
    "Access",
    "AuditAction",
    "AuditEvent",
    "AuditFlag",
    "AuditPolicy",
    "AuditReport",
    "AuditSummary",
    "Cell",
    "ComparableCheck",
    "Consent",
    "ConsentMethod",
    "ConsentScope",
    "DobMode",
    "ReleasedReport",
    "ReleasedTable",
    "ReportCheck",
    "RetentionCandidate",
    "RetentionPlan",
    "Suppression",
    "TableStatus",
    "ValidationCount",
    "Visibility",
    "Window",
    "add_totals",
    "age_band",
    "aggregate_only",
    "apply_retention",
    "audit_report",
    "comparable_database_check",
    "consent_findings",
    "consent_windows",
    "date_shift",
    "deidentify",
    "expiring_consents",
    "filter_export",
    "household_members_without_consent",
    "is_victim_service_provider",
    "merge_windows",
    "pseudonym",
    "records_without_consent",
    "recoverable_cells",
    "retention_plan",
    "suppress",
    "visibility",
]
