"""HUD reports computed from an :class:`~hmis_core.Export`: the CoC APR and the ESG CAPER,
exactly as HUD's FY2026 HMIS Programming Specifications lay them out.

>>> import hmis_core
>>> from hmis_core.reports import apr
>>> export, _ = hmis_core.read_export(hmis_core.sample_export_path())
>>> project = export.projects[0].project_id
>>> report = apr(export, "2024-10-01", "2025-09-30", project)
>>> report["Q7a"].header[1]
'Total'

Every table is a :class:`ReportTable` whose cells can list the clients behind them
(``report["Q7a"].members("B6")``); :meth:`Report.write_sage` writes the zip that HUD's Sage
repository accepts.
"""

from __future__ import annotations

from hmis_core.reports._coverage import Coverage, bed_coverage, service_coverage
from hmis_core.reports._dq import DataQualityReport, ScopeQuality, Timeliness, data_quality
from hmis_core.reports._engine import (
    REPORT_COLUMNS,
    REPORT_FILES,
    apr,
    caper,
    report_projects,
    run_report,
)
from hmis_core.reports._layout import TableLayout, layout, questions
from hmis_core.reports._report import ClientLevelOutputError, Member, Report, ReportTable
from hmis_core.reports._universe import ReportParameters

__all__ = [
    "REPORT_COLUMNS",
    "REPORT_FILES",
    "ClientLevelOutputError",
    "Coverage",
    "DataQualityReport",
    "Member",
    "Report",
    "ReportParameters",
    "ReportTable",
    "ScopeQuality",
    "TableLayout",
    "Timeliness",
    "apr",
    "bed_coverage",
    "caper",
    "data_quality",
    "layout",
    "questions",
    "report_projects",
    "run_report",
    "service_coverage",
]
