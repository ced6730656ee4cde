"""Running PyVRP's search on encoded parts, in this process or in worker processes (see ``solver``)."""

from __future__ import annotations

import math
import multiprocessing
import time
import warnings
from collections import defaultdict
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray
from pyvrp import (
    Activity,
    ActivityType,
    CostEvaluator,
    IteratedLocalSearch,
    IteratedLocalSearchCallbacks,
    IteratedLocalSearchParams,
    PenaltyManager,
    ProblemData,
    RandomNumberGenerator,
    Route,
    Solution,
    SolveParams,
)
from pyvrp.exceptions import PenaltyBoundWarning
from pyvrp.search import LocalSearch, NeighbourhoodParams, PerturbationManager, compute_neighbours

from omur.routing.encode import Encoded
from omur.routing.options import Clock, SolveOptions

_MAX_MATES = 10  # extra neighbours per visit from its usual carer's other clients


@dataclass
class Outcome:
    routes: list[tuple[int, list[int]]] = field(default_factory=list)
    cost: float = math.inf
    iterations: int = 0
    placed: int = 0


@dataclass
class Job:
    component: int
    seed: int
    spec: Encoded
    first: Encoded | None  # the same part without preference prices, searched first (see solve_one)
    first_share: float
    weight: float
    fleet: bool  # vehicles have a fixed cost: minimise their number first
    fleet_share: float


class StopAt(IteratedLocalSearchCallbacks):
    """Stop at a wall-clock deadline, after ``max_iterations`` (reproducible runs), or as soon as
    the best solution places ``target`` clients (used when trying a smaller fleet)."""

    def __init__(self, clock: Clock, deadline: float, max_iterations: int | None, target: int | None = None) -> None:
        self._clock = clock
        self._deadline = deadline
        self._max_iterations = max_iterations
        self._iterations = 0
        self._target = target
        self.reached = False

    def on_best(self, best: Solution) -> None:
        if self._target is not None and best.is_feasible() and best.num_clients() >= self._target:
            self.reached = True

    def __call__(self, best_cost: float) -> bool:
        if self.reached or (self._max_iterations is not None and self._iterations >= self._max_iterations):
            return True
        self._iterations += 1
        return self._clock() >= self._deadline


def neighbours(
    data: ProblemData, client_reach: NDArray[np.bool_] | None, k: int, mates: list[list[int]] | None = None
) -> Any:
    """PyVRP's granular neighbourhood, without pairs of visits no single staff member may serve, and
    with the visits that share a usual carer added to each other's neighbours.

    The granular search only tries to put a visit next to its neighbours. A client's usual carer may
    work on the other side of town, so without the second rule the move to that carer's route is
    never even tried; the usual carer's other clients are where that route is.
    """
    if client_reach is None:
        result: dict[Activity, list[Activity]] = compute_neighbours(data, NeighbourhoodParams(num_neighbours=k))
    else:
        wide = compute_neighbours(data, NeighbourhoodParams(num_neighbours=min(4 * k, max(1, data.num_clients - 1))))
        share = (client_reach.T.astype(np.int32) @ client_reach.astype(np.int32)) > 0
        result = {}
        for activity, near in wide.items():
            if activity.is_client():
                near = [n for n in near if not n.is_client() or share[activity.idx, n.idx]][:k]
            result[activity] = near
    if mates:
        for activity, near in result.items():
            if activity.is_client() and mates[activity.idx]:
                known = {n.idx for n in near if n.is_client()}
                extra = [j for j in mates[activity.idx] if j != activity.idx and j not in known][:_MAX_MATES]
                near.extend(Activity(ActivityType.CLIENT, j) for j in extra)
    return result


def run_search(
    data: ProblemData,
    client_reach: NDArray[np.bool_] | None,
    initial: list[tuple[int, list[int]]] | None,
    seed: int,
    clock: Clock,
    deadline: float,
    max_iterations: int | None,
    num_neighbours: int,
    target: int | None = None,
    mates: list[list[int]] | None = None,
) -> Outcome:
    """PyVRP's iterated local search (as ``pyvrp.solve`` runs it) with our neighbourhood and stop."""
    params = SolveParams()
    stop = StopAt(clock, deadline, max_iterations, target)
    rng = RandomNumberGenerator(seed=seed)
    search = LocalSearch(data, rng, neighbours(data, client_reach, num_neighbours, mates), PerturbationManager())
    for operator in params.operators:
        if operator.supports(data):
            search.add_operator(operator(data))
    penalties = PenaltyManager(params.penalty.midpoint_penalties(data), params.penalty)
    with warnings.catch_warnings():
        # Raised when a part has no feasible solution with every required visit; handled below.
        warnings.simplefilter("ignore", PenaltyBoundWarning)
        if initial:
            init = Solution(data, [Route(data, visits, vt) for vt, visits in initial])
        else:
            init = search(Solution.make_random(data, rng), penalties.max_cost_evaluator(), exhaustive=True)
        ils = IteratedLocalSearchParams(
            num_iters_no_improvement=params.ils.num_iters_no_improvement,
            history_length=params.ils.history_length,
            exhaustive_on_best=params.ils.exhaustive_on_best,
            callbacks=stop,
        )
        algorithm = IteratedLocalSearch(data, penalties, search, init, ils)
        result = algorithm.run(stop, collect_stats=False, display=False)
    best = result.best
    if initial and not best.is_feasible() and init.is_feasible():
        best = init
    cost: float = math.inf
    if best.is_feasible():
        cost = CostEvaluator([0] * data.num_load_dimensions, 0, 0).cost(best)
    routes = [(r.vehicle_type(), [a.idx for a in r if a.is_client()]) for r in best.routes()]
    return Outcome(routes=routes, cost=cost, iterations=result.num_iterations, placed=best.num_clients())


def transfer(first: Encoded, spec: Encoded, routes: list[tuple[int, list[int]]]) -> list[tuple[int, list[int]]]:
    """Routes found without preferences, as a start for the search with them.

    Within a group of interchangeable staff the routes are handed out so that as many clients as
    possible keep their usual carer (greedy on the number of matches).
    """
    by_slot: dict[tuple[int, int], list[list[int]]] = defaultdict(list)
    for vt, clients in routes:
        by_slot[first.vehicle_slots[vt]].append([first.client_visit[c] for c in clients])
    slot_of = {slot: vt for vt, slot in enumerate(spec.vehicle_slots)}
    group_of = {m: gi for gi, members in enumerate(spec.group_members) for m in members}
    result: list[tuple[int, list[int]]] = []
    for gi, members in enumerate(first.group_members):
        legs = len(first.groups[gi][0].legs)
        bundles = [
            [by_slot[(gi, li)][k] if k < len(by_slot[(gi, li)]) else [] for li in range(legs)]
            for k in range(max((len(by_slot[(gi, li)]) for li in range(legs)), default=0))
        ]
        pairs = sorted(
            (
                (-sum(1 for leg in bundle for v in leg if first.preferred[v] == m), bi, mi)
                for bi, bundle in enumerate(bundles)
                for mi, m in enumerate(members)
            )
        )
        used_bundles: set[int] = set()
        used_members: set[int] = set()
        for _, bi, mi in pairs:
            if bi in used_bundles or mi in used_members:
                continue
            used_bundles.add(bi)
            used_members.add(mi)
            member = members[mi]
            for li, leg in enumerate(bundles[bi]):
                if leg:
                    result.append((slot_of[(group_of[member], li)], [spec.first_client[v] for v in leg]))
    return result


def solve_one(job: Job, clock: Clock, deadline: float, max_iterations: int | None, num_neighbours: int) -> Outcome:
    """Search one part.

    With preferences, first without them (the hard rules and travel: which visits fit where), then
    with them from that solution. Pricing preferences from the start gives every staff member their
    own profile and vehicle type, which makes placing visits harder; the prize of a visit dwarfs any
    preference, so the second phase never trades a visit for one.

    With a cost per vehicle (vans), after a first search the smallest route is taken away and the
    search is asked to place every visit with one vehicle fewer, for as long as that succeeds (the
    idea of ``pyvrp.minimise_fleet``, which does not allow optional visits); the time left polishes
    the smallest fleet found.
    """
    spec = job.spec
    search_args = (max_iterations, num_neighbours)
    if job.first is not None:
        middle = clock() + max(0.0, deadline - clock()) * job.first_share
        first = run_search(job.first.data, job.first.client_reach, None, job.seed, clock, middle, *search_args)
        start = transfer(job.first, spec, first.routes) if math.isfinite(first.cost) else None
        second = run_search(
            spec.data, spec.client_reach, start, job.seed, clock, deadline, *search_args, mates=spec.carer_mates
        )
        second.iterations += first.iterations
        return second
    if not job.fleet or spec.initial is not None:
        return run_search(
            spec.data, spec.client_reach, spec.initial, job.seed, clock, deadline, *search_args, mates=spec.carer_mates
        )
    return minimise_fleet(job, clock, deadline, max_iterations, num_neighbours)


def minimise_fleet(job: Job, clock: Clock, deadline: float, max_iterations: int | None, num_neighbours: int) -> Outcome:
    spec = job.spec
    data = spec.data
    now = clock()
    best = run_search(
        data, spec.client_reach, None, job.seed, clock, now + (deadline - now) * 0.35, max_iterations, num_neighbours
    )
    iterations = best.iterations
    attempt = 0
    while math.isfinite(best.cost) and best.routes and clock() < deadline:
        attempt += 1
        victim = min(range(len(best.routes)), key=lambda k: (len(best.routes[k][1]), k))
        vt = best.routes[victim][0]
        in_use = sum(1 for t, _ in best.routes if t == vt)
        if in_use <= 1:  # PyVRP needs at least one vehicle of a type; one van left is the minimum
            break
        types = data.vehicle_types()
        types[vt] = types[vt].replace(num_available=in_use - 1)
        smaller = data.replace(vehicle_types=types)
        start = [r for k, r in enumerate(best.routes) if k != victim]
        now = clock()
        trial = run_search(
            smaller,
            spec.client_reach,
            start,
            job.seed + attempt,
            clock,
            now + (deadline - now) * job.fleet_share,
            max_iterations,
            num_neighbours,
            target=best.placed,
        )
        iterations += trial.iterations
        if trial.placed < best.placed or not math.isfinite(trial.cost):
            break
        best, data = trial, smaller
    if clock() < deadline:
        polished = run_search(
            data, spec.client_reach, best.routes, job.seed, clock, deadline, max_iterations, num_neighbours
        )
        iterations += polished.iterations
        if polished.cost <= best.cost:
            best = polished
    best.iterations = iterations
    return best


def solve_jobs(
    jobs: list[Job], deadline: float, cpu_budget: float | None, max_iterations: int | None, num_neighbours: int
) -> list[tuple[int, int, Outcome]]:
    """Run jobs one after another, sharing the time left in proportion to their weight.

    ``deadline`` is wall-clock time; with ``cpu_budget`` the limit is this process's CPU time instead.
    """
    clock: Clock = time.time
    if cpu_budget is not None:
        clock = time.process_time
        deadline = clock() + cpu_budget
    results: list[tuple[int, int, Outcome]] = []
    remaining = sum(job.weight for job in jobs)
    for job in jobs:
        now = clock()
        share = job.weight / remaining if remaining > 0 else 1.0
        job_deadline = now + max(0.0, deadline - now) * share
        remaining -= job.weight
        outcome = solve_one(job, clock, job_deadline, max_iterations, num_neighbours)
        results.append((job.component, job.seed, outcome))
    return results


def plan_bins(built: Sequence[tuple[Encoded, Encoded | None]], options: SolveOptions) -> list[list[Job]]:
    order = sorted(range(len(built)), key=lambda i: (-built[i][0].weight, i))

    def job(i: int, k: int) -> Job:
        spec, first = built[i]
        # Only a part's first run removes vehicles explicitly; a retry with another seed searches
        # plainly (the cost per vehicle still pushes it to few), so the two hedge each other.
        fleet = (
            k == 0
            and options.fleet_attempt_share > 0
            and any(vt.fixed_cost > 0 and vt.num_available > 1 for vt in spec.data.vehicle_types())
        )
        return Job(
            i,
            options.seed + 7919 * k + i,
            spec,
            first,
            options.placement_share,
            spec.weight,
            fleet,
            options.fleet_attempt_share,
        )

    workers = options.workers
    if workers == 1 or not built:
        return [[job(i, 0) for i in order]]
    bins: list[list[Job]] = [[] for _ in range(workers)]
    loads = [0.0] * workers
    for i in order:  # longest part first onto the least loaded worker
        w = loads.index(min(loads))
        bins[w].append(job(i, 0))
        loads[w] += built[i][0].weight
    # A worker with much less to do than the busiest (an idle one, or a small kitchen next to a big
    # one) also solves the largest part with another seed in its spare time; the better result wins.
    top, retry = max(loads), 1
    for w in range(workers):
        spare = top - loads[w]
        if spare >= 0.5 * top:
            extra = job(order[0], retry)
            extra.weight = spare
            bins[w].append(extra)
            retry += 1
    return bins


def run_all(
    built: Sequence[tuple[Encoded, Encoded | None]], options: SolveOptions, deadline: float
) -> tuple[list[Outcome], int]:
    bins = [b for b in plan_bins(built, options) if b]
    cpu_budget = options.time_limit if options.clock == "cpu" else None
    results: list[tuple[int, int, Outcome]] = []
    if len(bins) <= 1:
        for b in bins:
            results.extend(solve_jobs(b, deadline, cpu_budget, options.max_iterations, options.num_neighbours))
    else:
        context = multiprocessing.get_context("spawn")  # safe inside threaded servers, unlike fork
        with ProcessPoolExecutor(max_workers=len(bins), mp_context=context) as pool:
            futures = [
                pool.submit(solve_jobs, b, deadline, cpu_budget, options.max_iterations, options.num_neighbours)
                for b in bins
            ]
            for future in futures:
                results.extend(future.result())
    best: list[Outcome] = [Outcome() for _ in built]
    chosen: list[tuple[float, int] | None] = [None for _ in built]
    iterations = 0
    for component, seed, outcome in sorted(results, key=lambda r: (r[0], r[1])):
        iterations += outcome.iterations
        key = (outcome.cost, seed)
        current = chosen[component]
        if current is None or key < current:
            chosen[component] = key
            best[component] = outcome
    return best, iterations
