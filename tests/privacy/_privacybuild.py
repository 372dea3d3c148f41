"""Small hand-built exports for the privacy tests: a few organizations, projects, clients and
enrollments, every date chosen so that the expected results can be worked out by hand."""

from __future__ import annotations

import datetime as dt

import attrs

from hmis_core import Export
from hmis_core.elements import (
    Affiliation,
    Assessment,
    AssessmentLevel,
    AssessmentType,
    Client,
    Destination,
    DOBDataQuality,
    Enrollment,
    Exit,
    ExportDirective,
    ExportPeriodType,
    ExportRecord,
    HashStatus,
    NameDataQuality,
    NoYes,
    NoYesReasonsForMissingData,
    Organization,
    PrioritizationStatus,
    Project,
    RecordType,
    RelationshipToHoH,
    Services,
    SourceType,
    SSNDataQuality,
    User,
)

D = dt.date
T = dt.datetime
SETUP = T(2015, 1, 5, 8, 0)
EXPORT_END = D(2025, 9, 30)
BORN = D(1980, 5, 17)
"""DOB of every client unless given."""
CREATED = T(2020, 1, 1, 9, 0)
"""DateCreated of every client unless given."""
EXPORT = "E1"

__all__ = ["Builder", "D", "T"]


def _common(created: dt.datetime, updated: dt.datetime | None = None) -> dict[str, object]:
    return {"date_created": created, "date_updated": updated or created, "user_id": "U1",
            "export_id": EXPORT}


@attrs.define
class Builder:
    """Collects records; ``build()`` gives the Export."""

    records: list[object] = attrs.field(factory=list)
    export_end: dt.date = EXPORT_END

    def organization(self, oid: str) -> Builder:
        self.records.append(Organization(organization_id=oid, organization_name=f"Org {oid}",
                                         victim_service_provider=NoYes.NO, **_common(SETUP)))
        return self

    def project(self, pid: str, oid: str) -> Builder:
        self.records.append(Project(project_id=pid, organization_id=oid,
                                    project_name=f"Project {pid}",
                                    operating_start_date=D(2010, 1, 1),
                                    continuum_project=NoYes.YES, **_common(SETUP)))
        return self

    def client(self, pid: str, *, first: str = "Ann", last: str = "Smith",
               ssn: str | None = "123456789", dob: dt.date | None = BORN,
               created: dt.datetime = CREATED,
               updated: dt.datetime | None = None, deleted: dt.datetime | None = None,
               extra_text: str | None = None) -> Builder:
        self.records.append(Client(
            personal_id=pid, first_name=first, last_name=last, ssn=ssn, dob=dob,
            name_data_quality=NameDataQuality(1), ssn_data_quality=SSNDataQuality(1),
            dob_data_quality=DOBDataQuality(1), am_ind_ak_native=NoYes.NO, asian=NoYes.NO,
            black_af_american=NoYes.NO, hispanic_latinao=NoYes.NO,
            mid_east_n_african=NoYes.NO, native_hi_pacific=NoYes.NO, white=NoYes.YES,
            veteran_status=NoYesReasonsForMissingData(0), additional_race_ethnicity=extra_text,
            date_deleted=deleted, **_common(created, updated)))
        return self

    def enrollment(self, eid: str, pid: str, project: str, entry: dt.date, *,
                   household: str | None = None, relationship: int = 1,
                   created: dt.datetime | None = None,
                   updated: dt.datetime | None = None) -> Builder:
        when = created or T(entry.year, entry.month, entry.day, 10, 0)
        self.records.append(Enrollment(
            enrollment_id=eid, personal_id=pid, project_id=project, entry_date=entry,
            household_id=household or f"H-{eid}",
            relationship_to_hoh=RelationshipToHoH(relationship),
            disabling_condition=NoYesReasonsForMissingData(0), **_common(when, updated)))
        return self

    def exit(self, xid: str, eid: str, pid: str, day: dt.date, *,
             created: dt.datetime | None = None, other: str | None = None) -> Builder:
        when = created or T(day.year, day.month, day.day, 15, 0)
        self.records.append(Exit(exit_id=xid, enrollment_id=eid, personal_id=pid,
                                 exit_date=day, destination=Destination(17) if other else
                                 Destination(410), other_destination=other, **_common(when)))
        return self

    def service(self, sid: str, eid: str, pid: str, day: dt.date, *,
                created: dt.datetime | None = None) -> Builder:
        when = created or T(day.year, day.month, day.day, 12, 0)
        self.records.append(Services(services_id=sid, enrollment_id=eid, personal_id=pid,
                                     date_provided=day, record_type=RecordType(200),
                                     type_provided=200, **_common(when)))
        return self

    def user(self, uid: str, first: str, last: str, email: str) -> Builder:
        self.records.append(User(user_id=uid, user_first_name=first, user_last_name=last,
                                 user_email=email, date_created=SETUP, date_updated=SETUP,
                                 export_id=EXPORT))
        return self

    def affiliation(self, aid: str, project: str, residential: str) -> Builder:
        self.records.append(Affiliation(affiliation_id=aid, project_id=project,
                                        res_project_id=residential, **_common(SETUP)))
        return self

    def assessment(self, aid: str, eid: str, pid: str, day: dt.date, location: str) -> Builder:
        when = T(day.year, day.month, day.day, 11, 0)
        self.records.append(Assessment(
            assessment_id=aid, enrollment_id=eid, personal_id=pid, assessment_date=day,
            assessment_location=location, assessment_type=AssessmentType(3),
            assessment_level=AssessmentLevel(2), prioritization_status=PrioritizationStatus(1),
            **_common(when)))
        return self

    def build(self) -> Export:
        header = ExportRecord(
            export_id=EXPORT, source_type=SourceType(1), source_id="XX-501",
            source_contact_first="Pat", source_contact_last="Admin",
            source_contact_email="pat@example.org",
            export_date=T(self.export_end.year, self.export_end.month, self.export_end.day,
                          23, 0) + dt.timedelta(days=1),
            export_start_date=D(2015, 1, 1), export_end_date=self.export_end,
            software_name="tests", export_period_type=ExportPeriodType(3),
            export_directive=ExportDirective(2), hash_status=HashStatus(1),
            implementation_id="tests", csv_version="2026 v1")
        return Export.from_records([header, *self.records])
