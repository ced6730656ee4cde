"""Partners (public institutions, NGOs, universities), their protocols and joint works; and the
contacts the office keeps at other municipalities."""

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from omur.core.audit import audit_record, diff_fields
from omur.core.phones import normalise_phone
from omur.geo.models import Municipality
from omur.hub.models import JointWork, MunicipalityContact, Partner, Project, Protocol
from omur.hub.services.files import DOCUMENT_TYPES, checked_upload

PARTNER_FIELDS = ["name", "kind", "contact_name", "phone", "email", "website", "note"]


@transaction.atomic
def partner_save(*, actor: Any, partner: Partner | None = None, data: Mapping[str, Any]) -> Partner:
    creating = partner is None
    partner = partner or Partner()
    before = {f: getattr(partner, f) for f in PARTNER_FIELDS}
    for name in PARTNER_FIELDS:
        if name in data:
            setattr(partner, name, data[name])
    partner.phone = normalise_phone(partner.phone)
    if Partner.objects.filter(name__iexact=partner.name).exclude(pk=partner.pk).exists():
        raise ValidationError(_("A partner named “%(name)s” already exists.") % {"name": partner.name})
    partner.full_clean()
    partner.save()
    after = {f: getattr(partner, f) for f in PARTNER_FIELDS}
    audit_record(
        actor=actor,
        action="partner.create" if creating else "partner.update",
        obj=partner,
        changes=after if creating else diff_fields(before, after),
    )
    return partner


@transaction.atomic
def protocol_add(
    *,
    actor: Any,
    partner: Partner,
    title: str,
    signed_on: dt.date,
    valid_to: dt.date | None,
    scope: str,
    projects: Iterable[Project] = (),
    upload: Any = None,
) -> Protocol:
    if valid_to is not None and valid_to < signed_on:
        raise ValidationError(_("A protocol cannot end before it was signed."))
    protocol = Protocol(partner=partner, title=title, signed_on=signed_on, valid_to=valid_to, scope=scope)
    if upload is not None:
        protocol.original_name = str(getattr(upload, "name", ""))[:200]
        protocol.content_type = checked_upload(upload, allowed=DOCUMENT_TYPES)
        protocol.file.save(upload.name, upload, save=False)
    protocol.save()
    protocol.projects.set(list(projects))
    audit_record(actor=actor, action="partner.protocol", obj=partner, changes={"protocol": protocol.pk, "title": title})
    return protocol


@transaction.atomic
def joint_work_add(
    *,
    actor: Any,
    partner: Partner,
    project: Project,
    title: str,
    started_on: dt.date,
    ended_on: dt.date | None = None,
    description: str = "",
    protocol: Protocol | None = None,
) -> JointWork:
    if ended_on is not None and ended_on < started_on:
        raise ValidationError(_("A joint work cannot end before it started."))
    if protocol is not None and protocol.partner_id != partner.pk:
        raise ValidationError(_("That protocol belongs to another partner."))
    work = JointWork.objects.create(
        partner=partner,
        project=project,
        title=title,
        started_on=started_on,
        ended_on=ended_on,
        description=description,
        protocol=protocol,
    )
    audit_record(
        actor=actor, action="partner.joint_work", obj=partner, changes={"work": work.pk, "project": project.code}
    )
    return work


@transaction.atomic
def contact_add(
    *, actor: Any, municipality: Municipality, name: str, title: str = "", phone: str = "", email: str = ""
) -> MunicipalityContact:
    if not (phone or email):
        raise ValidationError(_("Give a phone number or an e-mail address for the contact."))
    contact = MunicipalityContact(
        municipality=municipality, name=name.strip(), title=title.strip(), phone=normalise_phone(phone), email=email
    )
    contact.full_clean()
    contact.save()
    audit_record(actor=actor, action="municipality.contact_add", obj=contact, changes={"municipality": municipality.pk})
    return contact


@transaction.atomic
def contact_remove(*, actor: Any, contact: MunicipalityContact) -> None:
    audit_record(actor=actor, action="municipality.contact_remove", obj=contact)
    contact.delete()
