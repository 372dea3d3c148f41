"""Veterans, chronic homelessness and youth: Q25a, Q25b, Q25d, Q26a, Q26b, Q26d, Q27a, Q27b,
Q27m (APR_CAPER.md §6). The youth and veteran variants of other layouts (Q25i, Q27d, …) live
beside the tables whose layout they reuse."""

from __future__ import annotations

from hmis_core.reports._tally import Tally, table
from hmis_core.reports._universe import CO, Context, Enr, funded_projects


def veteran_status(ctx: Context, p: Enr) -> int | None:
    """3.07 VeteranStatus of the client (None when missing)."""
    return ctx.col("Client", "VeteranStatus")[p.client_row] if p.client_row is not None else None


def _veteran_line(ctx: Context, p: Enr) -> int:
    if p.veteran:
        return 2 if p.chronic == "Y" else 3
    status = veteran_status(ctx, p)
    if status == 0:
        return 4
    return 5 if status in (8, 9) else 6


@table("Q25a")
def q25a(ctx: Context, t: Tally) -> None:
    """Adults by veteran status, chronic veterans apart (§6 Q25a)."""
    t.by_line((p for p in ctx.persons if p.adult), lambda p: _veteran_line(ctx, p), total=7)


@table("Q25b")
def q25b(ctx: Context, t: Tally) -> None:
    """Households (not child-only) by their adults' veteran status, first match wins: a
    chronically homeless veteran, a veteran, an adult who is not a veteran, an adult who
    doesn't know / prefers not to answer, else data not collected (DL order, [DECISION])."""
    adults_by_household: dict[str, list[Enr]] = {}
    for p in ctx.persons:
        if p.adult:
            adults_by_household.setdefault(p.hid, []).append(p)
    for p in ctx.persons:
        if p.rel != 1 or p.hh == CO:
            continue
        lines = {_veteran_line(ctx, a) for a in adults_by_household.get(p.hid, [])}
        line = min(lines) if lines else 6
        t.add_hh(line, p)
        t.add_hh(7, p)


_VETERAN_AGES = ((18, 24, 2), (25, 34, 3), (35, 44, 4), (45, 54, 5), (55, 64, 6), (65, 200, 7))


@table("Q25d")
def q25d(ctx: Context, t: Tally) -> None:
    """Veterans (adults) by age band (§2.5)."""

    def line(p: Enr) -> int | None:
        for low, high, at in _VETERAN_AGES:
            if p.age is not None and low <= p.age <= high:
                return at
        return None

    t.by_line((p for p in ctx.persons if p.veteran), line, total=10)


_CHRONIC_LINE = {"Y": 2, "N": 3, "DK": 4, "M": 5}


@table("Q26a")
def q26a(ctx: Context, t: Tally) -> None:
    """Households by chronic status of their adults and head of household: any "Y", else any
    doesn't know / prefers not to answer, else any missing, else not chronic (DL order)."""
    leaders: dict[str, list[Enr]] = {}
    for p in ctx.persons:
        if p.adult_or_hoh:
            leaders.setdefault(p.hid, []).append(p)
    for p in ctx.persons:
        if p.rel != 1:
            continue
        found = {m.chronic for m in leaders.get(p.hid, [p])}
        status = next((s for s in ("Y", "DK", "M") if s in found), "N")
        t.add_hh(_CHRONIC_LINE[status], p)
        t.add_hh(6, p)


@table("Q26b")
def q26b(ctx: Context, t: Tally) -> None:
    """All persons by their own chronic status (§2.10, after household inheritance)."""
    t.by_line(ctx.persons, lambda p: _CHRONIC_LINE[p.chronic], total=6)


_CH_AGES = ((0, 17, 2), (18, 24, 3), (25, 34, 4), (35, 44, 5), (45, 54, 6), (55, 64, 7),
            (65, 200, 8))


@table("Q26d")
def q26d(ctx: Context, t: Tally) -> None:
    """Chronically homeless persons by age band; C2 and E3–E10 are grayed."""

    def line(p: Enr) -> int:
        if p.age is None:
            return 9 if p.age_group == "dkpnta" else 10
        return next(at for low, high, at in _CH_AGES if low <= p.age <= high)

    t.by_line((p for p in ctx.persons if p.chronic == "Y"), line, total=11)
    t.blank(2, 2)
    for gray in range(3, 11):
        t.blank(gray, 4)


@table("Q27a")
def q27a(ctx: Context, t: Tally) -> None:
    """Youth (§2.7) by age: 12–17 and 18–24. Youth status needs a known age, so the
    doesn't know and not collected lines stay 0."""
    t.by_line((p for p in ctx.persons if p.youth),
              lambda p: 2 if (p.age or 0) <= 17 else 3, total=6)


@table("Q27b")
def q27b(ctx: Context, t: Tally) -> None:
    """Parenting youth households, by the age of the youth head of household: B the parenting
    youth (HoH and adults 18–24), C their children (RelationshipToHoH 2), D every member, E
    households."""
    members: dict[str, list[Enr]] = {}
    for p in ctx.persons:
        members.setdefault(p.hid, []).append(p)
    for hoh in ctx.persons:
        if hoh.rel != 1 or not hoh.parenting_youth or hoh.age is None:
            continue
        line = 2 if hoh.age < 18 else 3
        for m in members.get(hoh.hid, [hoh]):
            if m.parenting_youth:
                t.add(line, 1, m)
            if m.rel == 2:
                t.add(line, 2, m)
            t.add(line, 3, m)
        t.add(line, 4, hoh)


_YHDP = 43


def _yhdp_projects(ctx: Context) -> set[str]:
    """Selected projects with a HUD:CoC – YHDP funder overlapping the report range (DL)."""
    return funded_projects(ctx.frame, (_YHDP,), ctx.start, ctx.end) & set(ctx.projects)


def _school_lines(attend: int | None, recent: int | None, current: int | None) -> list[int]:
    lines = [{0: 2, 1: 3, 2: 4, 8: 5, 9: 5}.get(attend, 6) if attend is not None else 6]
    if attend == 0:
        lines.append(8 + recent if recent is not None and 0 <= recent <= 7
                     else (16 if recent in (8, 9) else 17))
    elif attend in (1, 2):
        lines.append(19 + current if current is not None and 0 <= current <= 4
                     else (24 if current in (8, 9) else 25))
    return lines


@table("Q27m")
def q27m(ctx: Context, t: Tally) -> None:
    """Education status of youth heads of household who exited from a YHDP-funded project
    (DL's universe, §9 item 12): the latest YouthEducationStatus record at project start
    (column B) and at exit (column C). The most-recent-status section counts those not
    enrolled (CurrentSchoolAttend 0), the current-status section those enrolled (1, 2)."""
    t.blank(7)
    t.blank(18)
    projects = _yhdp_projects(ctx)
    if not projects:
        return
    f = ctx.frame
    stage_col = f.col("YouthEducationStatus", "DataCollectionStage")
    when = f.col("YouthEducationStatus", "InformationDate")
    attend = f.col("YouthEducationStatus", "CurrentSchoolAttend")
    recent = f.col("YouthEducationStatus", "MostRecentEdStatus")
    current = f.col("YouthEducationStatus", "CurrentEdStatus")
    for p in ctx.persons:
        if not (p.youth and p.rel == 1 and p.leaver and p.project_id in projects):
            continue
        rows = ctx.rows_of("YouthEducationStatus", p)
        for col, stage in ((1, 1), (2, 3)):
            at = [r for r in rows if stage_col[r] == stage]
            if not at:
                continue
            r = max(at, key=lambda r: (when[r] is not None, when[r] or p.entry))
            for line in _school_lines(attend[r], recent[r], current[r]):
                t.add(line, col, p)
            t.add(26, col, p)
