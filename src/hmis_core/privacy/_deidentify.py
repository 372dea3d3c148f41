"""De-identification of an export: drop direct identifiers, pseudonymise IDs, coarsen dates.

What :func:`deidentify` does to each cell (everything not listed is kept as it is):

* Client.csv FirstName, MiddleName, LastName, NameSuffix and SSN are emptied. Their data
  quality columns (NameDataQuality, SSNDataQuality, DOBDataQuality) are left unchanged: they
  describe what was collected in the source, so data-quality reports still run, and an
  empty name with quality 1 reads "collected, withheld from this release".
* PersonalID (and any other ID column named in ``pseudonymize``) becomes a keyed pseudonym,
  the first 32 hex characters of HMAC-SHA256(key, column name + NUL + ID), in every file,
  so joins between files still work and the same key gives the same pseudonyms every time.
  Affiliation.ResProjectID follows ProjectID.
* DOB: ``"year"`` keeps the year only, written as 1 July of that year (mid-year, so ages
  computed from it are off by at most six months either way and are not biased upwards as
  1 January would make them; 1 January is also the usual "default DOB" that data-quality
  checks flag). ``"age_band"`` empties DOB and adds a column ``AgeBand`` ("18-24", "65+", …)
  with the age on ``as_of`` (default: the export's ExportEndDate); write it with
  ``write_export(..., keep_extra_columns=True)``. AgeBand is not an HMIS CSV column, so
  reading the files back reports it (``extra_column``), as HUD's Eva would. ``"keep"``
  keeps DOB, shifted with the other dates when ``shift_dates``; without shifting the
  result is *not* de-identified.
* ``shift_dates``: every date and date-time of the client files (Client.csv and every file
  keyed to it) moves back by the same whole number of days per person, from 1 to
  ``max_shift_days`` (default 365), derived from the key and the person's original
  PersonalID. Dates only move back, so none lands after the export date. Intervals within
  one person's records (length of stay, age at entry, days to move-in) are kept; intervals
  between people are not, so household members' entry dates no longer line up. Project,
  funder and export dates do not move. With DOB ``"year"``, the DOB is shifted first and
  then reduced to its year.
* ``drop_free_text``: free-text columns of the client files (:data:`FREE_TEXT_COLUMNS`,
  e.g. OtherDestination, LocationDetails, AssessmentAnswer) are emptied: users type names,
  addresses and phone numbers into them. The one required column among them
  (Assessment.AssessmentLocation) gets the text ``Redacted`` instead, so the file stays
  valid.
* ``drop_staff_contacts``: the names, phones and e-mails of HMIS users (User.csv) and of
  the export's contact person (Export.csv) are emptied.
* Invalid texts (a DOB of ``13/45/1990``) in a column that is coarsened or shifted are
  emptied: they cannot be transformed, and kept they would leak the original. Columns
  outside the specification are not carried over.

HUD's hashed export (HashStatus 4, names as SHA-256 of their Soundex code) is **not**
de-identification: there are only 8,918 Soundex codes, so hashing them all turns every name
hash back into its Soundex code, and a list of common names narrows each code to a few names
(a dictionary attack); SSNs keep their last four digits in clear, which leaves 100,000
guesses for the rest.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
from collections.abc import Collection, Iterable, Mapping, Sequence
from typing import Any, Literal

from hmis_core._export import Export
from hmis_core._table import Table
from hmis_core.elements import FileSpec, Standard, format_value
from hmis_core.privacy._tables import cells, new_table

__all__ = [
    "AGE_BAND_COLUMN",
    "DEFAULT_AGE_BANDS",
    "DIRECT_IDENTIFIERS",
    "FREE_TEXT_COLUMNS",
    "STAFF_CONTACT_COLUMNS",
    "DobMode",
    "age_band",
    "date_shift",
    "deidentify",
    "pseudonym",
]

DobMode = Literal["year", "age_band", "keep"]
"""How :func:`deidentify` generalises dates of birth."""

DIRECT_IDENTIFIERS: tuple[str, ...] = ("FirstName", "MiddleName", "LastName", "NameSuffix",
                                       "SSN")
"""Client.csv columns :func:`deidentify` always empties."""

FREE_TEXT_COLUMNS: Mapping[str, tuple[str, ...]] = {
    "Client": ("AdditionalRaceEthnicity",),
    "Exit": ("OtherDestination",),
    "IncomeBenefits": ("OtherIncomeSourceIdentify", "OtherBenefitsSourceIdentify",
                       "OtherInsuranceIdentify"),
    "Services": ("OtherTypeProvided", "MovingOnOtherType"),
    "CurrentLivingSituation": ("VerifiedBy", "LocationDetails"),
    "Assessment": ("AssessmentLocation",),
    "AssessmentQuestions": ("AssessmentAnswer",),
    "AssessmentResults": ("AssessmentResult",),
    "Event": ("LocationCrisisOrPHHousing",),
}
"""Free-text columns of client files, by file (emptied with ``drop_free_text``)."""

STAFF_CONTACT_COLUMNS: Mapping[str, tuple[str, ...]] = {
    "Export": ("SourceContactFirst", "SourceContactLast", "SourceContactPhone",
               "SourceContactExtension", "SourceContactEmail"),
    "User": ("UserFirstName", "UserLastName", "UserPhone", "UserExtension", "UserEmail"),
}
"""Names and contacts of HMIS users (emptied with ``drop_staff_contacts``)."""

DEFAULT_AGE_BANDS: tuple[int, ...] = (0, 5, 13, 18, 25, 35, 45, 55, 65)
"""Lower bounds of the age bands (HUD's APR/CAPER age groups): 0-4, 5-12, …, 65+."""

AGE_BAND_COLUMN = "AgeBand"
"""The extra Client.csv column written with ``dob="age_band"``."""

MIN_KEY_BYTES = 16
REDACTED = "Redacted"
"""Written instead of an empty cell in a required column that is withheld."""
_MID_YEAR = (7, 1)


def _check_key(key: bytes) -> None:
    if not isinstance(key, bytes | bytearray):
        raise TypeError("the key must be bytes")
    if len(key) < MIN_KEY_BYTES:
        raise ValueError(f"the key must be at least {MIN_KEY_BYTES} bytes: a short key lets "
                         "anyone who guesses it reverse the pseudonyms of short IDs")


def _namespace(column: str) -> str:
    return "ProjectID" if column == "ResProjectID" else column


def pseudonym(key: bytes, value: str, *, namespace: str = "PersonalID") -> str:
    """The keyed pseudonym of one ID: 32 hex characters of HMAC-SHA256(key, namespace NUL value).

    The same key, namespace (the ID's column name) and value always give the same
    pseudonym; without the key it cannot be computed or reversed.

    >>> key = b"0123456789abcdef"
    >>> p = pseudonym(key, "C1")
    >>> len(p), p == pseudonym(key, "C1"), p == pseudonym(key, "C1", namespace="HouseholdID")
    (32, True, False)
    """
    _check_key(key)
    message = namespace.encode("utf-8") + b"\x00" + value.encode("utf-8")
    return hmac.new(bytes(key), message, hashlib.sha256).hexdigest()[:32]


def date_shift(key: bytes, personal_id: str, *, max_days: int = 365) -> int:
    """The per-person date offset in days, from -``max_days`` to -1 (always back in time).

    Derived from the key and the *original* PersonalID, independently of its pseudonym.

    >>> key = b"0123456789abcdef"
    >>> shift = date_shift(key, "C1")
    >>> -365 <= shift <= -1, shift == date_shift(key, "C1")
    (True, True)
    """
    _check_key(key)
    if max_days < 1:
        raise ValueError("max_days must be at least 1")
    digest = hmac.new(bytes(key), b"date-shift\x00" + personal_id.encode("utf-8"),
                      hashlib.sha256).digest()
    return -(1 + int.from_bytes(digest[:8], "big") % max_days)


def _band_labels(bands: Sequence[int]) -> list[str]:
    labels = []
    for i, low in enumerate(bands):
        labels.append(f"{low}+" if i + 1 == len(bands) else f"{low}-{bands[i + 1] - 1}")
    return labels


def age_band(dob: datetime.date, as_of: datetime.date,
             bands: Sequence[int] = DEFAULT_AGE_BANDS) -> str:
    """The label of the age band of someone born on ``dob``, on ``as_of`` ("" if not born yet
    or younger than the first band).

    >>> d = datetime.date
    >>> age_band(d(2000, 7, 2), d(2025, 7, 1)), age_band(d(2000, 7, 1), d(2025, 7, 1))
    ('18-24', '25-34')
    >>> age_band(d(1950, 1, 1), d(2025, 1, 1))
    '65+'
    """
    if list(bands) != sorted(set(bands)) or not bands or bands[0] < 0:
        raise ValueError("age bands must be increasing lower bounds, the first 0 or more")
    age = as_of.year - dob.year - ((as_of.month, as_of.day) < (dob.month, dob.day))
    label = ""
    for low, name in zip(bands, _band_labels(bands), strict=True):
        if age >= low:
            label = name
    return label


def _id_columns(standard: Standard) -> frozenset[str]:
    return frozenset(c.name for f in standard.files for c in f.columns
                     if c.type == "S" and c.name.endswith("ID"))


class _Plan:
    """Everything :func:`deidentify` decided before touching the tables."""

    def __init__(
        self,
        export: Export,
        *,
        key: bytes,
        dob: DobMode,
        shift_dates: bool,
        max_shift_days: int,
        pseudonymize: Iterable[str],
        drop_free_text: bool,
        drop_staff_contacts: bool,
        age_bands: Sequence[int],
        as_of: datetime.date | None,
        clients: Collection[str] | None,
    ) -> None:
        _check_key(key)
        if dob not in ("year", "age_band", "keep"):
            raise ValueError(f"dob must be 'year', 'age_band' or 'keep', not {dob!r}")
        if max_shift_days < 1:
            raise ValueError("max_shift_days must be at least 1")
        names = {_namespace(n) for n in pseudonymize}
        unknown = names - _id_columns(export.standard)
        if unknown:
            raise ValueError(f"not ID columns of {export.standard.name}: {sorted(unknown)}")
        self.key = bytes(key)
        self.dob = dob
        self.shift_dates = shift_dates
        self.max_shift_days = max_shift_days
        self.ids = frozenset(names)
        self.drop_free_text = drop_free_text
        self.drop_staff_contacts = drop_staff_contacts and clients is None
        self.bands = tuple(age_bands)
        self.only = None if clients is None else frozenset(clients)
        self.as_of: datetime.date | None = None
        if dob == "age_band":
            age_band(datetime.date(2000, 1, 1), datetime.date(2000, 1, 1), self.bands)
            record = export.export_record
            reference = as_of if as_of is not None else (
                record.export_end_date if record is not None else None)
            if reference is None:
                raise ValueError("dob='age_band' needs as_of (the export has no Export.csv "
                                 "ExportEndDate to compute ages on)")
            self.as_of = (reference.date() if isinstance(reference, datetime.datetime)
                          else reference)
        self._pseudonyms: dict[tuple[str, str], str] = {}
        self._shifts: dict[str, int] = {}

    def pseudonym(self, namespace: str, value: str) -> str:
        if not value:
            return value
        found = self._pseudonyms.get((namespace, value))
        if found is None:
            found = pseudonym(self.key, value, namespace=namespace)
            self._pseudonyms[(namespace, value)] = found
        return found

    def shift(self, personal_id: str) -> int:
        found = self._shifts.get(personal_id)
        if found is None:
            found = date_shift(self.key, personal_id, max_days=self.max_shift_days)
            self._shifts[personal_id] = found
        return found


def _shifted(value: Any, days: int) -> str:
    try:
        return format_value(value + datetime.timedelta(days=days))
    except OverflowError:
        return ""


def _dob_text(value: Any, raw: str, plan: _Plan, personal_id: str) -> str:
    if not raw:
        return ""
    if not isinstance(value, datetime.date):  # invalid text: cannot be coarsened safely
        return raw if plan.dob == "keep" and not plan.shift_dates else ""
    day = value
    if plan.shift_dates:
        try:
            day = day + datetime.timedelta(days=plan.shift(personal_id))
        except OverflowError:
            return ""
    if plan.dob == "year":
        return format_value(datetime.date(day.year, *_MID_YEAR))
    if plan.dob == "age_band":
        return ""
    return format_value(day)


def _table(table: Table, spec: FileSpec, export: Export, plan: _Plan) -> Table:
    all_rows = range(len(table))
    header = list(spec.column_names)
    columns = [cells(table[name], all_rows) for name in header]
    client_file = spec.category == "client"
    personal_ids = (cells(table["PersonalID"], all_rows) if spec.has_column("PersonalID")
                    else None)
    if plan.only is None:
        targets: Sequence[int] = all_rows
    elif client_file and personal_ids is not None:
        pid_values = table["PersonalID"]
        targets = [r for r in all_rows if pid_values[r] in plan.only]
    else:
        targets = []
    emptied: set[str] = set()
    if spec.name == "Client":
        emptied.update(DIRECT_IDENTIFIERS)
    if plan.drop_free_text:
        emptied.update(FREE_TEXT_COLUMNS.get(spec.name, ()))
    if plan.drop_staff_contacts:
        emptied.update(STAFF_CONTACT_COLUMNS.get(spec.name, ()))
    for name, column in zip(header, columns, strict=True):
        source = table[name]
        column_spec = spec.column(name)
        if name in emptied:
            blank = "" if column_spec.nullable else REDACTED
            for r in targets:
                if column[r]:
                    column[r] = blank
        elif _namespace(name) in plan.ids:
            namespace = _namespace(name)
            for r in targets:
                column[r] = plan.pseudonym(namespace, column[r])
        elif spec.name == "Client" and name == "DOB":
            assert personal_ids is not None
            values, codes, raws = source.values, source.codes, source.raw_texts
            for r in targets:
                code = codes[r]
                column[r] = _dob_text(values[code], raws[code], plan, personal_ids[r])
        elif plan.shift_dates and client_file and column_spec.type in ("D", "T"):
            assert personal_ids is not None
            values, codes = source.values, source.codes
            for r in targets:
                code = codes[r]
                if code == 0:
                    continue
                value = values[code]
                column[r] = ("" if value is None
                             else _shifted(value, plan.shift(personal_ids[r])))
    if spec.name == "Client" and plan.dob == "age_band":
        assert plan.as_of is not None
        bands = [""] * len(table)
        dobs = table["DOB"]
        for r in targets:
            value = dobs[r]
            if isinstance(value, datetime.date):
                bands[r] = age_band(value, plan.as_of, plan.bands)
        header.append(AGE_BAND_COLUMN)
        columns.append(bands)
    return new_table(spec, export.standard, header, columns)


def deidentify(
    export: Export,
    *,
    key: bytes,
    dob: DobMode = "year",
    shift_dates: bool = False,
    max_shift_days: int = 365,
    pseudonymize: Iterable[str] = ("PersonalID",),
    drop_free_text: bool = True,
    drop_staff_contacts: bool = True,
    age_bands: Sequence[int] = DEFAULT_AGE_BANDS,
    as_of: datetime.date | None = None,
    clients: Collection[str] | None = None,
) -> Export:
    """A de-identified copy of ``export`` (the input is not changed).

    See the module notes for what happens to each column. ``key`` (at least 16 bytes, kept
    secret and separate from the release) drives the pseudonyms and the date shifts: keep
    it to link a later release, destroy it to make the links unrecoverable. ``pseudonymize``
    names the ID columns to replace (default PersonalID only; add e.g. ``"HouseholdID"``,
    ``"EnrollmentID"``, ``"UserID"``). ``clients`` limits the work to the rows of those
    original PersonalIDs (every other row, and the files without client data, stay as they
    are); :func:`~hmis_core.privacy.apply_retention` uses it.

    >>> import hmis_core
    >>> export, _ = hmis_core.read_export(hmis_core.sample_export_path())
    >>> out = deidentify(export, key=b"a secret key of 32 bytes or so..")
    >>> client = out.clients[0]
    >>> client.first_name, client.ssn, client.dob.month, len(client.personal_id)
    (None, None, 7, 32)
    >>> out.enrollments.by("PersonalID", client.personal_id) != []
    True
    """
    plan = _Plan(export, key=key, dob=dob, shift_dates=shift_dates,
                 max_shift_days=max_shift_days, pseudonymize=pseudonymize,
                 drop_free_text=drop_free_text, drop_staff_contacts=drop_staff_contacts,
                 age_bands=age_bands, as_of=as_of, clients=clients)
    tables: dict[str, Table] = {}
    for spec in export.standard.files:
        table = export.table(spec.name)
        if table.present:
            tables[spec.name] = _table(table, spec, export, plan)
    return Export(tables, standard=export.standard)
