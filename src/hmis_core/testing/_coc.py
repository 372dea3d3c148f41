"""The synthetic Continuum of Care: organizations (one a victim service provider), projects of
every type with funders, inventory, CoC and participation records, and users."""

from __future__ import annotations

import datetime
import random
from collections.abc import Sequence

import attrs

from hmis_core.testing._people import name_bank
from hmis_core.testing._sink import RowMaker, Sink

__all__ = ["CoC", "Project", "build_coc"]

# (project type, RRH subtype, funding source codes, target, weight) - the project mix.
# Funding codes are HUD list 2.06.1: 2 CoC PSH, 3 CoC RRH, 4 CoC SSO, 5 CoC TH, 6 CoC SH,
# 8 ESG ES, 9 ESG HP, 10 ESG RRH, 11 ESG SO, 21 PATH, 22 RHY BCP, 24 RHY TLP, 33 SSVF,
# 46 local or other.
_CORE: list[tuple[int, int | None, tuple[int, ...], str]] = [
    (0, None, (8,), "adults"), (0, None, (8, 46), "families"), (0, None, (22,), "youth"),
    (1, None, (8,), "adults"), (2, None, (5,), "families"), (2, None, (24,), "youth"),
    (3, None, (2,), "adults"), (3, None, (2,), "families"), (4, None, (11, 21), "adults"),
    (6, None, (4,), "adults"), (7, None, (46,), "adults"), (8, None, (6,), "adults"),
    (9, None, (46,), "adults"), (10, None, (46,), "families"), (11, None, (46,), "adults"),
    (12, None, (9,), "families"), (12, None, (33,), "veterans"), (13, 2, (3,), "families"),
    (13, 2, (10,), "adults"), (13, 1, (10,), "adults"), (13, 2, (33,), "veterans"),
    (14, None, (4,), "all"),
]
_NAMES = {0: "Emergency Shelter", 1: "Night Shelter", 2: "Transitional Housing",
          3: "Permanent Supportive Housing", 4: "Street Outreach", 6: "Services",
          7: "Other Services", 8: "Safe Haven", 9: "PH Housing Only", 10: "PH With Services",
          11: "Day Center", 12: "Prevention", 13: "Rapid Re-Housing", 14: "Coordinated Entry"}
LODGING = frozenset({0, 1, 2, 3, 8, 9, 10, 13})
PERMANENT = frozenset({3, 9, 10, 13})


@attrs.define
class Project:
    project_id: str
    organization_id: str
    project_type: int
    rrh_subtype: int | None
    funders: tuple[int, ...]
    serves: str
    operating_start: datetime.date
    victim_service_provider: bool = False


@attrs.define
class CoC:
    coc_code: str
    export_id: str
    projects: list[Project]
    by_type: dict[int, list[Project]]
    users: list[str]


def _dt(day: datetime.date, rng: random.Random) -> str:
    return f"{day.isoformat()} {rng.randint(7, 18):02d}:{rng.randint(0, 59):02d}:00"


def build_coc(
    sink: Sink, rng: random.Random, *, clients: int, start: datetime.date, coc_code: str,
    export_id: str, project_types: Sequence[int] | None = None,
) -> CoC:
    """Write Organization, User, Project, Funder, ProjectCoC, Inventory, HMISParticipation and
    CEParticipation rows, and return the CoC for the client generator."""
    n_users = max(5, min(2000, clients // 400))
    users = [f"U{i:05d}" for i in range(1, n_users + 1)]
    bank = name_bank()
    user_maker = RowMaker("User")
    created = start - datetime.timedelta(days=3650)
    for i, uid in enumerate(users):
        sex = i % 2
        sink.add("User", user_maker.row({
            "UserID": uid, "UserFirstName": (bank.female if sex == 0 else bank.male).draw(rng),
            "UserLastName": bank.last.draw(rng), "UserEmail": f"user{i + 1}@example.org",
            "DateCreated": _dt(created, rng), "DateUpdated": _dt(created, rng),
            "ExportID": export_id,
        }))
    core = [c for c in _CORE if project_types is None or c[0] in project_types]
    if not core:
        raise ValueError(f"no project of types {project_types}; HUD project types are "
                         f"{sorted({c[0] for c in _CORE})}")
    n_projects = max(len(core), min(600, clients // 700))
    mix = list(core)
    while len(mix) < n_projects:
        mix.append(rng.choice(core))
    n_orgs = max(4, n_projects // 3)
    org_maker = RowMaker("Organization")
    for o in range(n_orgs):
        vsp = o == n_orgs - 1
        name = "Safe Harbor DV Services" if vsp else f"{bank.last.draw(rng)} Community Services"
        sink.add("Organization", org_maker.row({
            "OrganizationID": f"O{o + 1:04d}", "OrganizationName": name,
            "VictimServiceProvider": "1" if vsp else "0",
            "OrganizationCommonName": name.split(maxsplit=1)[0], "DateCreated": _dt(created, rng),
            "DateUpdated": _dt(created, rng), "UserID": users[0], "ExportID": export_id,
        }))
    projects: list[Project] = []
    for p, (ptype, subtype, funders, serves) in enumerate(mix):
        org = n_orgs - 1 if p == 1 else p % (n_orgs - 1)  # project 2 (a shelter) is the VSP's
        opened = start - datetime.timedelta(days=rng.randint(400, 3650))
        projects.append(Project(f"P{p + 1:04d}", f"O{org + 1:04d}", ptype, subtype, funders,
                                serves, opened, victim_service_provider=org == n_orgs - 1))
    _project_rows(sink, rng, projects, users, coc_code, export_id)
    by_type: dict[int, list[Project]] = {}
    for project in projects:
        by_type.setdefault(project.project_type, []).append(project)
    return CoC(coc_code, export_id, projects, by_type, users)


def _project_rows(
    sink: Sink, rng: random.Random, projects: list[Project], users: list[str], coc_code: str,
    export_id: str,
) -> None:
    makers = {n: RowMaker(n) for n in ("Project", "Funder", "ProjectCoC", "Inventory",
                                       "HMISParticipation", "CEParticipation")}
    inventory_id = 0
    for number, project in enumerate(projects, start=1):
        ptype = project.project_type
        stamp = {"DateCreated": _dt(project.operating_start, rng),
                 "DateUpdated": _dt(project.operating_start, rng), "UserID": users[0],
                 "ExportID": export_id}
        name = f"{_NAMES[ptype]} {number}"
        row = {"ProjectID": project.project_id, "OrganizationID": project.organization_id,
               "ProjectName": name, "ProjectCommonName": f"{_NAMES[ptype][:12]} {number}",
               "OperatingStartDate": project.operating_start.isoformat(),
               "ContinuumProject": "1", "ProjectType": str(ptype), **stamp}
        if ptype in LODGING:
            row["HousingType"] = "3" if ptype == 13 else "1"
        if ptype == 13:
            row["RRHSubType"] = str(project.rrh_subtype)
        if project.victim_service_provider:
            row["TargetPopulation"] = "1"
        sink.add("Project", makers["Project"].row(row))
        for f, code in enumerate(project.funders, start=1):
            funder = {"FunderID": f"F{number:04d}{f}", "ProjectID": project.project_id,
                      "Funder": str(code), "GrantID": f"G-{number:04d}-{f}",
                      "StartDate": project.operating_start.isoformat(), **stamp}
            if code == 46:
                funder["OtherFunder"] = "Local foundation"
            sink.add("Funder", makers["Funder"].row(funder))
        sink.add("ProjectCoC", makers["ProjectCoC"].row({
            "ProjectCoCID": f"PC{number:04d}", "ProjectID": project.project_id,
            "CoCCode": coc_code, "Geocode": f"{119000 + number % 900:06d}",
            "Address1": f"{rng.randint(1, 999)} Main St", "City": "Springfield", "State": "XX",
            "ZIP": f"{10000 + number:05d}", "GeographyType": str(rng.choice((1, 2, 3))), **stamp,
        }))
        if ptype in LODGING and project.rrh_subtype != 1:
            household_types = {"families": (3,), "youth": (1, 4), "adults": (1,),
                               "veterans": (1,), "all": (1, 3)}[project.serves]
            for household_type in household_types:
                inventory_id += 1
                beds = rng.randint(10, 80)
                units = beds if household_type != 3 else max(1, beds // 3)
                inventory = {"InventoryID": f"I{inventory_id:05d}",
                             "ProjectID": project.project_id, "CoCCode": coc_code,
                             "HouseholdType": str(household_type), "UnitInventory": str(units),
                             "BedInventory": str(beds),
                             "InventoryStartDate": project.operating_start.isoformat(), **stamp}
                if ptype in (0, 1):
                    inventory["Availability"] = "1"
                    inventory["ESBedType"] = "1"
                if project.serves == "veterans":
                    inventory["VetBedInventory"] = str(beds)
                sink.add("Inventory", makers["Inventory"].row(inventory))
        sink.add("HMISParticipation", makers["HMISParticipation"].row({
            "HMISParticipationID": f"H{number:04d}", "ProjectID": project.project_id,
            "HMISParticipationType": "2" if project.victim_service_provider else "1",
            "HMISParticipationStatusStartDate": project.operating_start.isoformat(), **stamp,
        }))
        if ptype == 14 or ptype in PERMANENT:
            access = ptype == 14
            ce = {"CEParticipationID": f"C{number:04d}", "ProjectID": project.project_id,
                  "AccessPoint": "1" if access else "0", "ReceivesReferrals": "0" if access
                  else "1", "CEParticipationStatusStartDate":
                  project.operating_start.isoformat(), **stamp}
            if access:
                ce.update(PreventionAssessment="1", CrisisAssessment="1", HousingAssessment="1",
                          DirectServices="0")
            sink.add("CEParticipation", makers["CEParticipation"].row(ce))
