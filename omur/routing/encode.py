"""From a problem to PyVRP's ``ProblemData``: profiles, vehicle types, clients (see ``solver``)."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
from numpy.typing import NDArray
from pyvrp import Client, ClientGroup, Depot, ProblemData, VehicleType
from pyvrp import Location as PyvrpLocation
from pyvrp.constants import MAX_VALUE

from omur.routing.model import Staff, TimeWindow, Visit, is_compatible
from omur.routing.options import SolveOptions
from omur.routing.travel import TravelMatrix

INT64_MAX = int(np.iinfo(np.int64).max)
CEIL_TOLERANCE = 1e-9


@dataclass(frozen=True)
class Weights:
    preference: float
    keep: float
    available: frozenset[str]
    previous_staff: Mapping[str, str]

    @classmethod
    def from_options(cls, options: SolveOptions, staff: Sequence[Staff], previous_staff: Mapping[str, str]) -> Weights:
        return cls(options.preference_weight, options.keep_weight, frozenset(s.id for s in staff), previous_staff)

    def extra_cost(self, visit: Visit, staff: Staff) -> float:
        """Minutes added when ``staff`` serves ``visit`` (preferred carer, and staying with the previous one)."""
        extra = 0.0
        if visit.preferred_staff in self.available and visit.preferred_staff != staff.id:
            extra += self.preference
        previous = self.previous_staff.get(visit.id)
        if previous is not None and previous != staff.id:
            extra += self.keep
        return extra


@dataclass
class Component:
    visits: list[Visit]
    staff: list[Staff]


def find_components(visits: Sequence[Visit], staff: Sequence[Staff]) -> list[Component]:
    """Split into parts no rule connects: visits and staff linked by "may serve" (union-find)."""
    parent = list(range(len(visits) + len(staff)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for vi, visit in enumerate(visits):
        for si, member in enumerate(staff):
            if is_compatible(visit, member):
                a, b = find(vi), find(len(visits) + si)
                if a != b:
                    parent[a] = b
    groups: dict[int, Component] = {}
    for vi, visit in enumerate(visits):
        groups.setdefault(find(vi), Component([], [])).visits.append(visit)
    for si, member in enumerate(staff):
        root = find(len(visits) + si)
        if root in groups:
            groups[root].staff.append(member)
    # Visits nobody may serve form components without staff; they are explained, not solved.
    return [c for c in groups.values() if c.staff]


@dataclass
class Encoded:
    data: ProblemData
    client_visit: list[int]  # client -> visit (index in the component)
    first_client: list[int]  # visit -> its first client (a visit with several windows has several)
    vehicle_slots: list[tuple[int, int]]  # vehicle type -> (staff group, leg)
    groups: list[list[Staff]]
    group_members: list[list[int]]  # staff group -> staff (index in the component)
    preferred: list[int]  # visit -> preferred staff (index in the component), -1 for none
    client_reach: NDArray[np.bool_] | None  # profiles x clients, None when all pairs are compatible
    initial: list[tuple[int, list[int]]] | None
    weight: float
    carer_mates: list[list[int]] | None = None  # client -> clients with the same priced usual carer


def encode_phases(
    component: Component,
    matrix: TravelMatrix,
    options: SolveOptions,
    weights: Weights,
    previous_legs: Mapping[str, list[list[str]]],
) -> tuple[Encoded, Encoded | None]:
    """The part as the solver sees it, and (when preferences matter there) the same without them."""
    spec = encode(component, matrix, options, weights, previous_legs)
    ids = {m.id for m in component.staff}
    prefers = any(v.preferred_staff in ids for v in component.visits)
    if weights.preference <= 0 or not prefers or spec.initial is not None or options.placement_share <= 0:
        return spec, None
    return spec, encode(component, matrix, options, replace(weights, preference=0.0), previous_legs)


def scaled_ceil(values: NDArray[np.float64], scale: int) -> NDArray[np.int64]:
    result: NDArray[np.int64] = np.ceil(values * scale - CEIL_TOLERANCE).astype(np.int64)
    return result


def encode(
    component: Component,
    matrix: TravelMatrix,
    options: SolveOptions,
    weights: Weights,
    previous_legs: Mapping[str, list[list[str]]],
) -> Encoded:
    scale = options.time_scale
    visits, staff = component.visits, component.staff
    depot_locations = list(dict.fromkeys(s.base.location for s in staff))
    depot_index = {loc: i for i, loc in enumerate(depot_locations)}
    n_dep, n_vis = len(depot_locations), len(visits)

    idx = matrix.indices([*depot_locations, *(v.location for v in visits)])
    minutes = matrix.minutes[np.ix_(idx, idx)]
    finite = np.isfinite(minutes)
    base = np.zeros(minutes.shape, dtype=np.int64)
    base[finite] = scaled_ceil(minutes[finite], scale)

    prizes = [round(options.unplaced_penalty * v.priority * scale) for v in visits]
    prizes = [p * 2 if v.id in weights.previous_staff else p for p, v in zip(prizes, visits, strict=True)]
    horizon = max(math.ceil(s.shift.end * scale) for s in staff)
    largest = max([horizon, int(base[finite].max(initial=0)), *prizes, *(round(s.fixed_cost * scale) for s in staff)])
    unreachable = min(MAX_VALUE, 20 * (largest + 1))
    base[~finite] = unreachable

    # Profiles: one per distinct (reachable visits, extra cost per visit) signature.
    reach = np.array([[is_compatible(v, s) for v in visits] for s in staff], dtype=bool).reshape(len(staff), n_vis)
    extra = np.array(
        [[round(weights.extra_cost(v, s) * scale) for v in visits] for s in staff], dtype=np.int64
    ).reshape(len(staff), n_vis)
    profile_of: dict[bytes, int] = {}
    profile_rows: list[int] = []
    staff_profile: list[int] = []
    for si in range(len(staff)):
        key = reach[si].tobytes() + extra[si].tobytes()
        if key not in profile_of:
            profile_of[key] = len(profile_rows)
            profile_rows.append(si)
        staff_profile.append(profile_of[key])

    distances: list[NDArray[np.int64]] = []
    durations: list[NDArray[np.int64]] = []
    columns = np.arange(n_dep, n_dep + n_vis)
    for si in profile_rows:
        dist = base.copy()
        dist[:, columns] += extra[si][None, :]
        dur = base.copy()
        blocked = columns[~reach[si]]
        dist[:, blocked] = unreachable
        dur[:, blocked] = unreachable
        np.fill_diagonal(dist, 0)
        np.fill_diagonal(dur, 0)
        distances.append(dist)
        durations.append(dur)

    uses_load = any(v.demand for v in visits) or any(s.capacity is not None for s in staff)
    total_demand = sum(v.demand for v in visits)

    # Vehicle types: staff with the same base, profile, shift, break, capacity and cost are one type.
    position = {member.id: si for si, member in enumerate(staff)}
    group_of: dict[tuple[Any, ...], int] = {}
    groups: list[list[Staff]] = []
    for si, member in enumerate(staff):
        key = (
            depot_index[member.base.location],
            staff_profile[si],
            member.shift,
            member.lunch_break,
            member.capacity,
            member.fixed_cost,
        )
        if key not in group_of:
            group_of[key] = len(groups)
            groups.append([])
        groups[group_of[key]].append(member)
    vehicle_types: list[VehicleType] = []
    vehicle_slots: list[tuple[int, int]] = []
    for gi, group in enumerate(groups):
        head = group[0]
        profile = staff_profile[position[head.id]]
        for li, window in enumerate(head.legs):
            capacity = head.capacity if head.capacity is not None else total_demand
            vehicle_types.append(
                VehicleType(
                    num_available=len(group),
                    capacity=[capacity] if uses_load else [],
                    start_depot=depot_index[head.base.location],
                    end_depot=depot_index[head.base.location],
                    fixed_cost=round(head.fixed_cost * scale / len(head.legs)),
                    tw_early=math.ceil(window.start * scale - CEIL_TOLERANCE),
                    tw_late=max(
                        math.ceil(window.start * scale - CEIL_TOLERANCE),
                        math.floor(window.end * scale + CEIL_TOLERANCE),
                    ),
                    profile=profile,
                    name=f"{head.id}+{len(group) - 1}/{li}",
                )
            )
            vehicle_slots.append((gi, li))

    clients: list[Client] = []
    client_visit: list[int] = []
    client_groups: list[ClientGroup] = []
    for vi, visit in enumerate(visits):
        windows: tuple[TimeWindow | None, ...] = visit.windows or (None,)
        group_idx: int | None = None
        if len(windows) > 1:
            group_idx = len(client_groups)
            client_groups.append(ClientGroup(required=visit.required, name=visit.id))
        for allowed in windows:
            early, late = 0, INT64_MAX
            if allowed is not None:
                # A window narrower than one time unit collapses to its (rounded-up) start; the plan
                # check then drops the visit if that start is really too late.
                early = math.ceil(allowed.start * scale - CEIL_TOLERANCE)
                late = max(early, math.floor(allowed.end * scale + CEIL_TOLERANCE))
            client = Client(
                location=n_dep + vi,
                delivery=[visit.demand] if uses_load else [],
                service_duration=math.ceil(visit.duration * scale - CEIL_TOLERANCE),
                tw_early=early,
                tw_late=late,
                prize=0 if visit.required and group_idx is None else prizes[vi],
                required=visit.required and group_idx is None,
                group=group_idx,
                name=visit.id,
            )
            if group_idx is not None:
                client_groups[group_idx].add_client(len(clients))
            clients.append(client)
            client_visit.append(vi)

    locations = [PyvrpLocation(x=loc.x, y=loc.y) for loc in depot_locations] + [
        PyvrpLocation(x=v.location.x, y=v.location.y, name=v.id) for v in visits
    ]
    depots = [Depot(location=i) for i in range(n_dep)]
    # PyVRP's stub types the matrices as ``np.ndarray[int]``, which numpy's typing cannot express.
    matrices: tuple[list[Any], list[Any]] = (list(distances), list(durations))
    data = ProblemData(locations, clients, depots, vehicle_types, matrices[0], matrices[1], client_groups)

    client_reach: NDArray[np.bool_] | None = None
    profile_reach = reach[profile_rows][:, client_visit]
    if not profile_reach.all():
        client_reach = profile_reach

    initial = initial_routes(visits, staff, groups, vehicle_slots, clients, client_visit, previous_legs)
    first_client: list[int] = [-1] * n_vis
    for ci, vi in reversed(list(enumerate(client_visit))):
        first_client[vi] = ci
    preferred = [position.get(v.preferred_staff, -1) if v.preferred_staff else -1 for v in visits]
    carer_mates: list[list[int]] | None = None
    if weights.preference > 0 and any(p >= 0 for p in preferred):
        by_carer: dict[int, list[int]] = {}
        for ci, vi in enumerate(client_visit):
            if preferred[vi] >= 0:
                by_carer.setdefault(preferred[vi], []).append(ci)
        carer_mates = [by_carer.get(preferred[vi], []) if preferred[vi] >= 0 else [] for vi in client_visit]
    return Encoded(
        carer_mates=carer_mates,
        data=data,
        client_visit=client_visit,
        first_client=first_client,
        vehicle_slots=vehicle_slots,
        groups=groups,
        group_members=[[position[m.id] for m in g] for g in groups],
        preferred=preferred,
        client_reach=client_reach,
        initial=initial,
        weight=float(n_vis),
    )


def initial_routes(
    visits: Sequence[Visit],
    staff: Sequence[Staff],
    groups: Sequence[Sequence[Staff]],
    vehicle_slots: Sequence[tuple[int, int]],
    clients: Sequence[Client],
    client_visit: Sequence[int],
    previous_legs: Mapping[str, list[list[str]]],
) -> list[tuple[int, list[int]]] | None:
    """The previous plan as a PyVRP starting solution (only routes of staff in this component)."""
    if not previous_legs:
        return None
    first_client: dict[str, int] = {}
    for ci, vi in enumerate(client_visit):
        first_client.setdefault(visits[vi].id, ci)
    slot_of = {slot: vt for vt, slot in enumerate(vehicle_slots)}
    group_of = {m.id: gi for gi, g in enumerate(groups) for m in g}
    routes: list[tuple[int, list[int]]] = []
    for member in staff:
        for li, leg in enumerate(previous_legs.get(member.id, [])):
            chosen = [first_client[vid] for vid in leg if vid in first_client]
            if chosen and (group_of[member.id], li) in slot_of:
                routes.append((slot_of[(group_of[member.id], li)], chosen))
    return routes or None
