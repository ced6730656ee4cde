"""The life-course coverage matrix: policy areas × life stages, each cell the services offered there
and how many people each serves now (active enrolments). Four queries whatever the catalogue's size:
areas, stages, services with their active-enrolment counts (one GROUP BY), and the service-stage pairs."""

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q

from omur.cases.models import EnrolmentStatus
from omur.services.models import LifeStage, PolicyArea, Service


@dataclass
class CellService:
    service: Any
    active: int


@dataclass
class Cell:
    area: Any
    stage: Any  # None: services with no life stage
    services: list[CellService] = field(default_factory=list)

    @property
    def active(self) -> int:
        return sum(s.active for s in self.services)


@dataclass
class CoverageRow:
    area: Any
    cells: list[Cell]

    @property
    def active(self) -> int:
        # A service in several stages is counted once per row.
        seen: dict[int, int] = {}
        for cell in self.cells:
            for s in cell.services:
                seen[s.service.pk] = s.active
        return sum(seen.values())


@dataclass
class CoverageMatrix:
    stages: list[Any]
    rows: list[CoverageRow]
    unstaged: bool  # a trailing column for services without a life stage

    @property
    def empty_cells(self) -> int:
        return sum(1 for row in self.rows for cell in row.cells if cell.stage is not None and not cell.services)


def coverage_matrix() -> CoverageMatrix:
    """A service in several life stages appears in each of their cells with its whole count: the
    office reads the matrix as "who do we reach at this stage", and an enrolment is not split by age."""
    areas = list(PolicyArea.objects.order_by("order", "id"))
    stages = list(LifeStage.objects.order_by("order", "id"))
    services = Service.objects.annotate(active=Count("enrolments", filter=Q(enrolments__status=EnrolmentStatus.ACTIVE)))
    by_id = {s.pk: s for s in services.order_by("name_tr")}
    pairs = Service.life_stages.through.objects.filter(service_id__in=list(by_id)).values_list(
        "service_id", "lifestage_id"
    )
    staged: dict[int, list[int | None]] = {}
    for service_id, stage_id in pairs:
        staged.setdefault(service_id, []).append(stage_id)
    unstaged = any(pk not in staged for pk in by_id)
    columns: list[Any] = [*stages, None] if unstaged else list(stages)
    rows = []
    for area in areas:
        cells = {(st.pk if st is not None else None): Cell(area=area, stage=st) for st in columns}
        for service in by_id.values():
            if service.policy_area_id != area.pk:
                continue
            for column in staged.get(service.pk, [None]):
                if column in cells:
                    cells[column].services.append(CellService(service=service, active=service.active))
        rows.append(CoverageRow(area=area, cells=list(cells.values())))
    return CoverageMatrix(stages=stages, rows=rows, unstaged=unstaged)
