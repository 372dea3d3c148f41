"""The data-quality report an HMIS lead hands to projects: HUD's data-quality framework (the
APR's Q6a–Q6f) per project, organization and CoC, Eva's data-quality checks as findings, and
timeliness against the community's standard.

Timeliness: HMIS policies commonly require data to be entered within a few days of
collection (72 hours is usual, hence the default of 3 days). The days from a project start
(EntryDate) to the record's creation (Enrollment.DateCreated), and from a project exit to the
Exit record's creation, are counted per project for enrollments that started (exits that
happened) inside the report period — the same records as Q6e.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import statistics
from collections import Counter
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

import attrs

from hmis_core._export import Export
from hmis_core._findings import Finding, Severity
from hmis_core._gc import paused_gc
from hmis_core.privacy import is_victim_service_provider
from hmis_core.reports._frame import Frame
from hmis_core.reports._layout import layout
from hmis_core.reports._report import ClientLevelOutputError, ReportTable, format_value
from hmis_core.reports._tally import TABLES, Tally
from hmis_core.reports._universe import ReportParameters, build_context

__all__ = ["DQ_TABLES", "DataQualityReport", "ScopeQuality", "Timeliness", "data_quality"]

DQ_TABLES = ("Q5a", "Q6a", "Q6b", "Q6c", "Q6d", "Q6e", "Q6f")
"""The APR tables of HUD's data-quality framework (Q5a gives the denominators)."""

BUCKETS = ("< 0 days", "0 days", "1-3 days", "4-6 days", "7-10 days", "11+ days")


def _bucket(days: int) -> str:
    if days < 0:
        return BUCKETS[0]
    if days == 0:
        return BUCKETS[1]
    if days <= 3:
        return BUCKETS[2]
    if days <= 6:
        return BUCKETS[3]
    return BUCKETS[4] if days <= 10 else BUCKETS[5]


@attrs.frozen
class Timeliness:
    """Days from collection (entry or exit date) to entry into HMIS, for one scope.

    >>> import hmis_core
    >>> from hmis_core.reports import data_quality
    >>> export, _ = hmis_core.read_export(hmis_core.sample_export_path())
    >>> timeliness = data_quality(export, "2024-10-01", "2025-09-30").coc.timeliness
    >>> timeliness.standard_days, timeliness.entries["records"]
    (3, 157)
    >>> timeliness.entries["rate_within_standard"], timeliness.entries["median_days"]
    (1.0, 0)
    """

    standard_days: int
    entry_days: tuple[int, ...]
    """One value per project start in the period."""
    exit_days: tuple[int, ...]
    """One value per project exit in the period."""

    @staticmethod
    def _summary(days: Sequence[int], standard: int) -> dict[str, Any]:
        within = sum(1 for d in days if d <= standard)
        return {
            "records": len(days),
            "within_standard": within,
            "rate_within_standard": round(within / len(days), 4) if days else None,
            "median_days": statistics.median(days) if days else None,
            "mean_days": round(statistics.fmean(days), 2) if days else None,
            "distribution": {b: n for b in BUCKETS
                             for n in [Counter(_bucket(d) for d in days)[b]]},
        }

    @property
    def entries(self) -> dict[str, Any]:
        """Summary of the project starts: counts, share within the standard, median, buckets."""
        return self._summary(self.entry_days, self.standard_days)

    @property
    def exits(self) -> dict[str, Any]:
        return self._summary(self.exit_days, self.standard_days)

    def to_dict(self) -> dict[str, Any]:
        return {"standard_days": self.standard_days, "entries": self.entries,
                "exits": self.exits}


@attrs.frozen
class ScopeQuality:
    """Data quality of one project, organization or the whole CoC.

    ``tables`` holds the APR's Q5a and Q6a–Q6f for the scope.

    >>> import hmis_core
    >>> from hmis_core.reports import data_quality
    >>> export, _ = hmis_core.read_export(hmis_core.sample_export_path())
    >>> shelter = data_quality(export, "2024-10-01", "2025-09-30").projects[0]
    >>> shelter.scope, shelter.id, shelter.name, shelter.persons
    ('project', 'P0001', 'Emergency Shelter 1', 28)
    >>> shelter.issue_rates()["Q6a Date of Birth (3.03)"]
    0.1071
    >>> " ".join(shelter.tables)
    'Q5a Q6a Q6b Q6c Q6d Q6e Q6f'
    """

    scope: str
    """"project", "organization" or "coc"."""
    id: str
    name: str
    project_ids: tuple[str, ...]
    tables: dict[str, ReportTable]
    timeliness: Timeliness

    def issue_rates(self) -> dict[str, float]:
        """Element → % of issue rate (column F of Q6a–Q6c), for the summary."""
        out: dict[str, float] = {}
        for q in ("Q6a", "Q6b", "Q6c"):
            t = self.tables[q]
            for label, row in zip(t.row_labels, t.values, strict=False):
                value = row[-1]
                if isinstance(value, (int, Decimal)):
                    out[f"{q} {label}"] = float(value)
        return out

    @property
    def persons(self) -> int:
        value = self.tables["Q5a"]["B2"]
        return value if isinstance(value, int) else 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "scope": self.scope, "id": self.id, "name": self.name,
            "projects": list(self.project_ids), "persons": self.persons,
            "tables": {q: {"header": list(t.header),
                           "rows": [[label, *(float(v) if isinstance(v, Decimal) else v
                                              for v in row)]
                                    for label, row in zip(t.row_labels, t.values, strict=False)]}
                       for q, t in self.tables.items()},
            "timeliness": self.timeliness.to_dict(),
        }


@attrs.frozen
class DataQualityReport:
    """The result of :func:`data_quality`: a :class:`ScopeQuality` per project, per
    organization and for the CoC, and Eva's data-quality checks as findings.

    >>> import hmis_core
    >>> from hmis_core.reports import data_quality
    >>> export, _ = hmis_core.read_export(hmis_core.sample_export_path())
    >>> dq = data_quality(export, "2024-10-01", "2025-09-30")
    >>> len(dq.projects), len(dq.organizations), dq.coc.persons
    (22, 7, 321)
    >>> dq.finding_counts()["dob_unknown"]
    {'warning': 10}
    >>> "findings" in dq.to_dict(findings=False)
    False
    """

    start: dt.date
    end: dt.date
    standard_days: int
    projects: tuple[ScopeQuality, ...]
    organizations: tuple[ScopeQuality, ...]
    coc: ScopeQuality
    findings: tuple[Finding, ...]
    victim_service_providers: tuple[str, ...] = ()
    """Reported projects of victim service providers: their client-level findings are kept
    out of :meth:`to_dict` unless asked for explicitly (then refused)."""

    def finding_counts(self) -> dict[str, dict[str, int]]:
        """Check code → {severity: count}."""
        out: dict[str, Counter[str]] = {}
        for f in self.findings:
            out.setdefault(f.code, Counter())[f.severity.value] += 1
        return {code: dict(c) for code, c in sorted(out.items())}

    def to_dict(self, *, findings: bool | None = None) -> dict[str, Any]:
        """JSON-ready. Findings carry PersonalIDs (client-level, no names, SSNs or birth
        dates): ``findings=False`` keeps only their counts. By default (None) they are
        included unless a reported project belongs to a victim service provider; asking for
        them (True) then raises :class:`~hmis_core.reports.ClientLevelOutputError`."""
        if findings and self.victim_service_providers:
            raise ClientLevelOutputError(
                "client-level findings are refused: projects "
                f"{', '.join(self.victim_service_providers)} belong to a victim service "
                "provider")
        if findings is None:
            findings = not self.victim_service_providers
        doc: dict[str, Any] = {
            "start": self.start.isoformat(), "end": self.end.isoformat(),
            "timeliness_standard_days": self.standard_days,
            "coc": self.coc.to_dict(),
            "organizations": [o.to_dict() for o in self.organizations],
            "projects": [p.to_dict() for p in self.projects],
            "finding_counts": self.finding_counts(),
        }
        if findings:
            doc["findings"] = [f.to_dict() for f in self.findings]
        elif self.victim_service_providers:
            doc["findings_withheld"] = ("client-level findings withheld: victim service "
                                        "provider projects in scope")
        return doc

    def to_json(self, *, findings: bool | None = None) -> str:
        return json.dumps(self.to_dict(findings=findings), indent=1, ensure_ascii=False)

    def to_text(self) -> str:
        """A short summary for the terminal."""
        lines = [f"Data quality {self.start} to {self.end} "
                 f"(timeliness standard {self.standard_days} days)", ""]
        head = f"{'scope':<44} {'persons':>8} {'PII issues':>10} {'entry on time':>13}"
        lines += [head, "-" * len(head)]
        for s in (self.coc, *self.organizations, *self.projects):
            overall = s.tables["Q6a"]["F6"]
            on_time = s.timeliness.entries["rate_within_standard"]
            lines.append(f"{(s.scope + ' ' + s.name)[:44]:<44} {s.persons:>8} "
                         f"{format_value(overall):>10} "
                         f"{'—' if on_time is None else f'{on_time:.1%}':>13}")
        counts = self.finding_counts()
        lines += ["", f"{len(self.findings)} data-quality findings"]
        for code, by in sorted(counts.items(), key=lambda kv: -sum(kv[1].values()))[:15]:
            lines.append(f"  {code:<40} " + ", ".join(f"{n} {s}" for s, n in by.items()))
        return "\n".join(lines) + "\n"

    def to_html(self) -> str:
        """One self-contained HTML page (inline CSS and SVG charts; nothing fetched)."""
        from hmis_core.reports._dq_html import render  # noqa: PLC0415 - it imports this

        return render(self)


def _timeliness(frame: Frame, project_ids: Iterable[str], start: dt.date, end: dt.date,
                standard: int) -> Timeliness:
    wanted = set(project_ids)
    e_proj, e_entry = frame.col("Enrollment", "ProjectID"), frame.col("Enrollment", "EntryDate")
    e_made, e_id = frame.col("Enrollment", "DateCreated"), frame.col("Enrollment",
                                                                      "EnrollmentID")
    entries: list[int] = []
    eids: set[str] = set()
    for rows in frame.group_for("Enrollment", "ProjectID", wanted).values():
        for r in rows:
            eids.add(e_id[r])
            entry, made = e_entry[r], e_made[r]
            if entry is not None and made is not None and start <= entry <= end:
                entries.append((made.date() - entry).days)
    x_date, x_made = frame.col("Exit", "ExitDate"), frame.col("Exit", "DateCreated")
    exits = [(x_made[r].date() - x_date[r]).days
             for rows in frame.group_for("Exit", "EnrollmentID", eids).values() for r in rows
             if x_date[r] is not None and x_made[r] is not None and start <= x_date[r] <= end]
    del e_proj
    return Timeliness(standard, tuple(entries), tuple(exits))


def _scope(export: Export, frame: Frame, scope: str, ident: str, name: str,
           project_ids: tuple[str, ...], start: dt.date, end: dt.date,
           standard: int) -> ScopeQuality:
    ctx = build_context(export, ReportParameters(start, end, project_ids), frame=frame)
    tables = {}
    for q in DQ_TABLES:
        tally = Tally(layout("APR", q))
        TABLES[q](ctx, tally)
        tables[q] = tally.build()
    return ScopeQuality(scope, ident, name, project_ids, tables,
                        _timeliness(frame, project_ids, start, end, standard))


def data_quality(export: Export, start: dt.date | str, end: dt.date | str,
                 projects: Iterable[str] | None = None, *, timeliness_days: int = 3,
                 checks: bool = True) -> DataQualityReport:
    """HUD's data-quality framework (APR Q5a, Q6a–Q6f) per project, per organization and for
    the whole CoC; Eva's data-quality checks as findings (``checks=False`` skips them); and
    timeliness against a standard of ``timeliness_days`` days.

    ``projects`` defaults to every project in the export (Coordinated Entry included).

    >>> import hmis_core
    >>> from hmis_core.reports import data_quality
    >>> export, _ = hmis_core.read_export(hmis_core.sample_export_path())
    >>> dq = data_quality(export, "2024-10-01", "2025-09-30")
    >>> dq.coc.scope, len(dq.projects) == len(export["Project"])
    ('coc', True)
    """
    start = start if isinstance(start, dt.date) else dt.date.fromisoformat(start)
    end = end if isinstance(end, dt.date) else dt.date.fromisoformat(end)
    if end < start:
        raise ValueError(f"end {end} is before start {start}")
    if timeliness_days < 0:
        raise ValueError("timeliness_days must be 0 or more")
    with paused_gc():
        frame = Frame(export)
        p_ids = frame.col("Project", "ProjectID")
        p_org = frame.col("Project", "OrganizationID")
        p_name = frame.col("Project", "ProjectName")
        live = [r for r in frame.live("Project") if p_ids[r] is not None]
        wanted = set(projects) if projects is not None else {p_ids[r] for r in live}
        rows = sorted((r for r in live if p_ids[r] in wanted), key=lambda r: p_ids[r])
        o_ids = frame.col("Organization", "OrganizationID")
        o_names = {o_ids[r]: frame.col("Organization", "OrganizationName")[r]
                   for r in frame.live("Organization")}
        per_project = tuple(
            _scope(export, frame, "project", p_ids[r], p_name[r] or p_ids[r], (p_ids[r],),
                   start, end, timeliness_days) for r in rows)
        by_org: dict[str, list[str]] = {}
        for r in rows:
            by_org.setdefault(p_org[r] or "", []).append(p_ids[r])
        per_org = tuple(
            _scope(export, frame, "organization", org, o_names.get(org) or org or "(none)",
                   tuple(ids), start, end, timeliness_days)
            for org, ids in sorted(by_org.items()))
        every = tuple(p_ids[r] for r in rows)
        coc = _scope(export, frame, "coc", "CoC", "All projects", every, start, end,
                     timeliness_days)
        found: list[Finding] = []
        if checks:
            from hmis_core.reports._dq_checks import dq_findings  # noqa: PLC0415

            found = dq_findings(export, start, end, every)
    found.sort(key=lambda f: (-f.severity.rank, f.code, f.file or "", f.row or 0))
    vsp = tuple(p for p in every if is_victim_service_provider(export, p))
    return DataQualityReport(start, end, timeliness_days, per_project, per_org, coc,
                             tuple(found), vsp)


def worst(findings: Iterable[Finding]) -> Severity | None:
    """The highest severity among ``findings``."""
    return max((f.severity for f in findings), default=None)


def escape(value: object) -> str:
    return html.escape("" if value is None else str(value))
