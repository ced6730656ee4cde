"""Reads for case work; import from here. Scoping by the actor's roles lives in these modules."""

from omur.cases.selectors.alerts import Due, Scope, case_manager_for, task_actionable_by, task_counts, task_inbox
from omur.cases.selectors.cases import (
    CaseOverview,
    assessment_get,
    assessment_list,
    assessors,
    can_manage_cases,
    care_plan_list,
    case_managers,
    case_overview,
    enrolment_get,
    enrolment_list,
    enrolment_scope,
    note_readers,
    referral_get,
    referral_list,
)
from omur.cases.selectors.notes import can_read_notes, case_notes_visible_to

__all__ = [
    "CaseOverview",
    "Due",
    "Scope",
    "assessment_get",
    "assessment_list",
    "assessors",
    "can_manage_cases",
    "can_read_notes",
    "care_plan_list",
    "case_manager_for",
    "case_managers",
    "case_notes_visible_to",
    "case_overview",
    "enrolment_get",
    "enrolment_list",
    "enrolment_scope",
    "note_readers",
    "referral_get",
    "referral_list",
    "task_actionable_by",
    "task_counts",
    "task_inbox",
]
