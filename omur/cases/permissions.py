"""Which roles do what in case work. config/access.py gates the pages with these sets; the selectors
use them again to scope what a page shows (a therapist reaches the case page but sees therapy
enrolments and notes only)."""

from omur.accounts.roles import ALL_ROLES, CASE_ROLES, Role

# Manage cases: schedule and fill in assessments, record decisions, enrol, refer, close.
CASE_MANAGE_ROLES = CASE_ROLES
# Open a person's case page; what each sees on it is scoped by the selectors.
CASE_VIEW_ROLES = CASE_ROLES | {Role.THERAPIST, Role.NURSE, Role.PHYSIOTHERAPIST}
# Care plans: case roles edit them; the nurse and physiotherapist read the ones they deliver.
CARE_PLAN_VIEW_ROLES = CASE_ROLES | {Role.NURSE, Role.PHYSIOTHERAPIST}
# Write and read case notes (each note's level narrows who reads it, see selectors.notes).
NOTE_WRITE_ROLES = CASE_ROLES | {Role.THERAPIST}
GENERAL_NOTE_ROLES = CASE_ROLES | {Role.THERAPIST}
# Clinical notes: psychologists and therapists only (and a note's own author).
CLINICAL_NOTE_ROLES = frozenset({Role.THERAPIST})
# Refer a person elsewhere and record the answer: case roles, and therapists (who refer children on).
REFERRAL_ROLES = CASE_ROLES | {Role.THERAPIST}
# Assess: the home visit is made by a sociologist or a social worker.
ASSESSOR_ROLES = frozenset({Role.SOCIOLOGIST, Role.SOCIAL_WORKER})
# A case manager is a social worker, or the office manager standing in.
CASE_MANAGER_ROLES = frozenset({Role.SOCIAL_WORKER, Role.OFFICE_MANAGER})
# Anyone who may be given a task has an inbox. The auditor reads the trail and the system
# administrator keeps the system running: neither works cases, so neither has one.
TASK_ROLES = ALL_ROLES - {Role.AUDITOR, Role.SYSTEM_ADMIN}
# Who sees every open task in the office (to rebalance work), not only their own and their roles'.
TASK_OVERSEE_ROLES = frozenset({Role.OFFICE_MANAGER})
