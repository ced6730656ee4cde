"""The office's roles. Each is a Django group of the same name (created by migration 0002), so a user's
roles can be changed in one place and take effect on the next request."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    OFFICE_MANAGER = "office_manager", _("Office manager")
    SOCIAL_WORKER = "social_worker", _("Social worker (case manager)")
    SOCIOLOGIST = "sociologist", _("Sociologist")
    THERAPIST = "therapist", _("Psychologist / special-education teacher / therapist")
    NURSE = "nurse", _("Nurse")
    CAREGIVER = "caregiver", _("Caregiver")
    CLEANER = "cleaner", _("Cleaner")
    PHYSIOTHERAPIST = "physiotherapist", _("Physiotherapist")
    CRAFTSPERSON = "craftsperson", _("Craftsperson (usta)")
    CALL_OPERATOR = "call_operator", _("Call-centre operator")
    DRIVER = "driver", _("Driver")
    KITCHEN_STAFF = "kitchen_staff", _("Kitchen staff")
    CENTRE_STAFF = "centre_staff", _("Centre staff")
    TOUR_COORDINATOR = "tour_coordinator", _("Tour coordinator")
    AUDITOR = "auditor", _("Auditor")
    SYSTEM_ADMIN = "system_admin", _("System administrator")


ALL_ROLES: frozenset[str] = frozenset(Role.values)

# Staff who work with people's files (case work and assessment).
CASE_ROLES = frozenset({Role.OFFICE_MANAGER, Role.SOCIAL_WORKER, Role.SOCIOLOGIST})
# Staff who deliver care at home: they see the people on their own lists only.
FIELD_ROLES = frozenset(
    {Role.CAREGIVER, Role.CLEANER, Role.NURSE, Role.PHYSIOTHERAPIST, Role.CRAFTSPERSON, Role.DRIVER}
)
# Health and therapy staff: the only roles besides case managers that may see special-category data.
HEALTH_ROLES = frozenset({Role.NURSE, Role.PHYSIOTHERAPIST, Role.THERAPIST})

# The registry (omur.registry): case roles manage people; call operators take calls, so they may find
# a person and see identity and contact details; health roles see people and their special-category
# facts. Nobody else uses the registry pages (field staff will see their own lists in their apps).
REGISTRY_MANAGE_ROLES = CASE_ROLES
REGISTRY_VIEW_ROLES = CASE_ROLES | HEALTH_ROLES | {Role.CALL_OPERATOR}
HEALTH_DATA_ROLES = CASE_ROLES | HEALTH_ROLES
# The full TC Kimlik No (masked everywhere by default): for referrals and official forms.
TCKN_REVEAL_ROLES = CASE_ROLES | HEALTH_ROLES

# Demo logins: one user per role, with a Turkish name so screens read like the office's own.
DEMO_USERS: dict[str, tuple[str, str, str]] = {
    Role.OFFICE_MANAGER: ("mudur", "Selin", "Aydın"),
    Role.SOCIAL_WORKER: ("sosyal", "Ayşe", "Yılmaz"),
    Role.SOCIOLOGIST: ("sosyolog", "Mehmet", "Kaya"),
    Role.THERAPIST: ("terapist", "Zeynep", "Demir"),
    Role.NURSE: ("hemsire", "Fatma", "Çelik"),
    Role.CAREGIVER: ("bakici", "Emine", "Şahin"),
    Role.CLEANER: ("temizlik", "Hatice", "Yıldız"),
    Role.PHYSIOTHERAPIST: ("fizyoterapist", "Ali", "Öztürk"),
    Role.CRAFTSPERSON: ("usta", "Mustafa", "Arslan"),
    Role.CALL_OPERATOR: ("operator", "Elif", "Doğan"),
    Role.DRIVER: ("sofor", "Hüseyin", "Koç"),
    Role.KITCHEN_STAFF: ("mutfak", "Hacer", "Kurt"),
    Role.CENTRE_STAFF: ("merkez", "Murat", "Özdemir"),
    Role.TOUR_COORDINATOR: ("tur", "İbrahim", "Aslan"),
    Role.AUDITOR: ("denetci", "Gülşen", "Polat"),
    Role.SYSTEM_ADMIN: ("yonetici", "Ömer", "Erdoğan"),
}
