"""The in-memory HMIS CSV export shared by validation, deduplication and reports."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any, Generic, TypeVar, overload

from hmis_core._table import Table, TableBuilder
from hmis_core.elements import (
    FY2026,
    Affiliation,
    Assessment,
    AssessmentQuestions,
    AssessmentResults,
    CEParticipation,
    Client,
    CurrentLivingSituation,
    Disabilities,
    EmploymentEducation,
    Enrollment,
    Event,
    Exit,
    ExportRecord,
    Funder,
    HealthAndDV,
    HMISParticipation,
    IncomeBenefits,
    Inventory,
    Organization,
    Project,
    ProjectCoC,
    Services,
    Standard,
    User,
    YouthEducationStatus,
    format_value,
    record_columns,
)

__all__ = ["Export", "RecordView"]

R = TypeVar("R")


class RecordView(Sequence[R]):
    """Typed records over rows of a :class:`~hmis_core._table.Table`, made on access.

    Nothing is copied: ``view[i]`` builds the i-th record from the columns. Empty and invalid
    cells read as None (the table keeps the invalid text; see :meth:`Table.__getitem__`).

    >>> import hmis_core
    >>> export, _ = hmis_core.read_export(hmis_core.sample_export_path())
    >>> enrollments = export.enrollments          # a RecordView of Enrollment records
    >>> first = enrollments[0]
    >>> len(enrollments), first.enrollment_id, first.personal_id, first.entry_date
    (1199, 'E1', 'C1', datetime.date(2022, 6, 27))
    >>> enrollments.rows[0]                       # the table row it was built from
    0
    """

    def __init__(self, table: Table, rows: Sequence[int], make: Callable[[int], R]) -> None:
        self.table = table
        self.rows = rows
        """Table row of each record."""
        self._make = make

    def __len__(self) -> int:
        return len(self.rows)

    @overload
    def __getitem__(self, index: int) -> R: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[R]: ...
    def __getitem__(self, index: int | slice) -> R | Sequence[R]:
        if isinstance(index, slice):
            return [self._make(r) for r in self.rows[index]]
        return self._make(self.rows[index])

    def __iter__(self) -> Iterator[R]:
        return map(self._make, self.rows)

    def by(self, column: str, value: Any) -> list[R]:
        """Records whose ``column`` (HUD name) equals ``value``, via the table's index.

        >>> # export.enrollments.by("PersonalID", "P1")
        """
        index = self.table.index(column, include_deleted=len(self.rows) == len(self.table))
        return [self._make(r) for r in index.get(value, ())]


def _maker(table: Table, cls: type[R]) -> Callable[[int], R]:
    pairs = [(name, table.columns[spec.name]) for name, spec in record_columns(cls)]
    fields = [(name, col.codes, col.values) for name, col in pairs]

    def make(row: int) -> R:
        return cls(**{name: values[codes[row]] for name, codes, values in fields})

    return make


class _View(Generic[R]):
    """Descriptor: ``export.clients`` -> RecordView[Client] of live rows."""

    def __init__(self, cls: type[R]) -> None:
        self.cls = cls

    def __get__(self, export: Export, owner: type[Export] | None = None) -> RecordView[R]:
        return export.records(self.cls)


class Export:
    """One HMIS CSV export, held column-wise: a :class:`Table` per file of the standard.

    Build one with :func:`hmis_core.read_export` (from files) or :meth:`from_records`.
    Record views (``export.clients``, ``export.enrollments``, …) give typed attrs records
    without copying and leave deleted rows out; ``export.records(Client,
    include_deleted=True)`` keeps them. Files absent from the source are empty tables
    (``export.table("Event").present`` is False).

    >>> import datetime
    >>> from hmis_core.elements import NoYes, Organization
    >>> t = datetime.datetime(2025, 10, 1)
    >>> export = Export.from_records([Organization(organization_id="O1",
    ...     organization_name="Shelter Inc.", victim_service_provider=NoYes.NO,
    ...     date_created=t, date_updated=t, user_id="U1", export_id="E1")])
    >>> export.organizations[0].organization_name
    'Shelter Inc.'
    >>> export.table("Organization")["VictimServiceProvider"].raw(0)
    '0'
    >>> export.table("Event").present
    False
    """

    def __init__(
        self,
        tables: Mapping[str, Table],
        *,
        standard: Standard = FY2026,
        source: str | None = None,
    ) -> None:
        self.standard = standard
        self.source = source
        """Where the export was read from, if anywhere."""
        self._tables: dict[str, Table] = {}
        for spec in standard.files:
            table = tables.get(spec.name)
            self._tables[spec.name] = table if table is not None else Table.empty(spec, standard)
        unknown = set(tables) - set(self._tables)
        if unknown:
            raise KeyError(f"not files of {standard.name}: {sorted(unknown)}")

    # ----------------------------------------------------------------- construction

    @classmethod
    def from_records(
        cls, records: Iterable[object], *, standard: Standard = FY2026
    ) -> Export:
        """An export holding ``records`` (any mix of record classes), in the order given.

        Each value is stored as its canonical text and converted back once per distinct
        text, exactly as if the records had been written to CSV and read again.
        """
        grouped: dict[str, list[object]] = {}
        for record in records:
            grouped.setdefault(standard.file_of(type(record)).name, []).append(record)
        tables: dict[str, Table] = {}
        for name, group in grouped.items():
            spec = standard.file(name)
            names = [(attr, c.name) for attr, c in record_columns(spec.record_type)]
            builder = TableBuilder(spec, standard, [column for _, column in names])
            rows = [[format_value(getattr(r, attr)) for attr, _ in names] for r in group]
            builder.add_rows(rows)
            tables[spec.name] = builder.build()
        return cls(tables, standard=standard)

    # ----------------------------------------------------------------- access

    @property
    def tables(self) -> Mapping[str, Table]:
        """Every file's table, by file name, in spec order."""
        return self._tables

    def table(self, name: str) -> Table:
        """The table of file ``name`` (``"Client"`` or ``"Client.csv"``)."""
        return self._tables[name.removesuffix(".csv")]

    def __getitem__(self, name: str) -> Table:
        return self.table(name)

    def records(self, record_type: type[R], *, include_deleted: bool = False) -> RecordView[R]:
        """Typed records of one file; deleted rows only when ``include_deleted``."""
        spec = self.standard.file_of(record_type)
        table = self._tables[spec.name]
        return RecordView(table, table.rows(include_deleted=include_deleted),
                          _maker(table, record_type))

    def all_records(self, *, include_deleted: bool = True) -> Iterator[object]:
        """Every record of every file, in spec file order."""
        for spec in self.standard.files:
            yield from self.records(spec.record_type, include_deleted=include_deleted)

    @property
    def export_record(self) -> ExportRecord | None:
        """The Export.csv row (there should be exactly one), or None if there is none."""
        view = self.records(ExportRecord, include_deleted=True)
        return view[0] if len(view) else None

    def __repr__(self) -> str:
        counts = ", ".join(f"{n}={len(t)}" for n, t in self._tables.items() if t.present)
        return f"<Export {self.standard.name} {counts}>"

    organizations = _View(Organization)
    users = _View(User)
    projects = _View(Project)
    funders = _View(Funder)
    project_cocs = _View(ProjectCoC)
    inventories = _View(Inventory)
    affiliations = _View(Affiliation)
    hmis_participations = _View(HMISParticipation)
    ce_participations = _View(CEParticipation)
    clients = _View(Client)
    enrollments = _View(Enrollment)
    exits = _View(Exit)
    income_benefits = _View(IncomeBenefits)
    health_and_dvs = _View(HealthAndDV)
    employment_educations = _View(EmploymentEducation)
    disabilities = _View(Disabilities)
    services = _View(Services)
    current_living_situations = _View(CurrentLivingSituation)
    assessments = _View(Assessment)
    assessment_questions = _View(AssessmentQuestions)
    assessment_results = _View(AssessmentResults)
    events = _View(Event)
    youth_education_statuses = _View(YouthEducationStatus)
