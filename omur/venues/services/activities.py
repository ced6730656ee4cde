"""Activities, their rooms and their sessions: the recurrence rule expanded over the activity's dates,
public holidays skipped, the facility's opening hours and the room's size checked."""

import datetime as dt
from typing import Any

from dateutil.rrule import rrulestr
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from omur.cases.recurrence import normalise_rrule
from omur.core.audit import audit_record, diff_fields
from omur.core.calendar import holiday_name, is_public_holiday
from omur.core.exceptions import ApplicationError
from omur.services.models import Location, OpeningHours
from omur.venues.models import Activity, Room, Session, SessionStatus, Term
from omur.venues.rooms import room_clashes

ACTIVITY_FIELDS = (
    "name",
    "kind",
    "track",
    "service",
    "location",
    "room",
    "term",
    "leader",
    "description",
    "starts_on",
    "ends_on",
    "recurrence",
    "starts_at",
    "duration_minutes",
    "capacity",
    "absence_limit",
    "offer_hours",
    "min_attendance_percent",
    "is_open",
)


class ActivityInvalid(ApplicationError):
    message = gettext_lazy("The activity could not be saved.")


def _ends_at(starts_at: dt.time, minutes: int) -> dt.time:
    return (dt.datetime.combine(dt.date(2000, 1, 1), starts_at) + dt.timedelta(minutes=minutes)).time()


def expand_dates(recurrence: str, start: dt.date, end: dt.date) -> tuple[list[dt.date], dict[dt.date, str]]:
    """The dates the rule gives from start to end, and the public holidays it fell on (skipped)."""
    rule: Any = rrulestr(normalise_rrule(recurrence), dtstart=dt.datetime.combine(start, dt.time(0, 0)))
    dates, skipped = [], {}
    for moment in rule.between(
        dt.datetime.combine(start, dt.time(0, 0)), dt.datetime.combine(end, dt.time(23, 59)), inc=True
    ):
        day = moment.date()
        if is_public_holiday(day):
            skipped[day] = holiday_name(day) or ""
        else:
            dates.append(day)
    return dates, skipped


def _closed_weekdays(location: Location, dates: list[dt.date], starts_at: dt.time, ends_at: dt.time) -> list[int]:
    """Weekdays on which the session would fall outside the facility's opening hours (none recorded:
    nothing to check)."""
    hours = list(OpeningHours.objects.filter(location=location))
    if not hours:
        return []
    bad = set()
    for weekday in {d.weekday() for d in dates}:
        if not any(h.weekday == weekday and h.opens_at <= starts_at and ends_at <= h.closes_at for h in hours):
            bad.add(weekday)
    return sorted(bad)


def _validate(data: dict[str, Any], *, places_taken: int = 0, activity_id: int | None = None) -> None:
    errors: dict[str, list[str]] = {}
    try:
        data["recurrence"] = normalise_rrule(data["recurrence"])
    except ValueError:
        errors.setdefault("recurrence", []).append(
            _("This is not a recurrence rule we can read; write for example FREQ=WEEKLY;BYDAY=TU,TH.")
        )
    if data["ends_on"] < data["starts_on"]:
        errors.setdefault("ends_on", []).append(_("The last day is before the first day."))
    room: Room | None = data.get("room")
    if room is not None and room.location_id != data["location"].pk:
        errors.setdefault("room", []).append(
            _("This room belongs to another facility: choose one at %(place)s.") % {"place": data["location"]}
        )
    elif room is not None and room.capacity < data["capacity"]:
        errors.setdefault("capacity", []).append(
            _("%(room)s holds %(n)s people: lower the places or choose a larger room.")
            % {"room": room.name, "n": room.capacity}
        )
    if data["capacity"] < places_taken:
        errors.setdefault("capacity", []).append(
            _("%(n)s places are already taken: the activity cannot have fewer places than that.") % {"n": places_taken}
        )
    if data["duration_minutes"] < 15 or data["duration_minutes"] > 600:
        errors.setdefault("duration_minutes", []).append(_("A session lasts from 15 minutes to 10 hours."))
    if not errors:
        dates, _skipped = expand_dates(data["recurrence"], data["starts_on"], data["ends_on"])
        if not dates:
            errors.setdefault("recurrence", []).append(_("The rule gives no session between the first and last day."))
        ends_at = _ends_at(data["starts_at"], data["duration_minutes"])
        if ends_at <= data["starts_at"]:
            errors.setdefault("duration_minutes", []).append(_("A session must end on the day it starts."))
        else:
            _room_taken(room, dates, data["starts_at"], ends_at, activity_id, errors)
            closed = _closed_weekdays(data["location"], dates, data["starts_at"], ends_at)
            if closed:
                from omur.cases.recurrence import WEEKDAYS, weekday_labels

                labels = weekday_labels()
                errors.setdefault("starts_at", []).append(
                    _("%(place)s is not open at %(start)s–%(end)s on: %(days)s. Check the facility's opening hours.")
                    % {
                        "place": data["location"],
                        "start": data["starts_at"].strftime("%H:%M"),
                        "end": ends_at.strftime("%H:%M"),
                        "days": ", ".join(labels[WEEKDAYS[d]] for d in closed),
                    }
                )
    if errors:
        raise ValidationError(errors)


def _room_taken(
    room: Room | None,
    dates: list[dt.date],
    starts_at: dt.time,
    ends_at: dt.time,
    activity_id: int | None,
    errors: dict[str, list[str]],
) -> None:
    """The room must be free at the sessions' times from today on: other activities' sessions and
    hall or meeting bookings take rooms too (omur.venues.rooms)."""
    if room is None:
        return
    today = timezone.localdate()
    clashes = room_clashes(
        room_id=room.pk,
        days=[d for d in dates if d >= today],
        start=starts_at,
        end=ends_at,
        ignore={"sessions": activity_id} if activity_id else None,
    )
    if clashes:
        errors.setdefault("room", []).append(
            _("%(room)s is taken at some of these times: %(clashes)s. Choose another room or time.")
            % {"room": room.name, "clashes": "; ".join(clashes)}
        )


@transaction.atomic
def activity_create(*, actor: Any, **data: Any) -> Activity:
    fields = {k: data[k] for k in ACTIVITY_FIELDS if k in data}
    _validate(fields)
    activity = Activity.objects.create(**fields)
    audit_record(
        actor=actor,
        action="activity.create",
        obj=activity,
        changes={"capacity": activity.capacity, "location": activity.location_id, "service": activity.service_id},
    )
    sessions_generate(actor=actor, activity=activity)
    return activity


@transaction.atomic
def activity_update(*, actor: Any, activity: Activity, **data: Any) -> Activity:
    """Save changes. Capacity is changed with a conditional UPDATE (never below the places already
    taken, even if someone enrols meanwhile); more places are offered to the waitlist at once;
    changed times or dates regenerate the sessions not yet held."""
    from omur.venues.services.enrolment import offer_free_places

    current = Activity.objects.get(pk=activity.pk)
    fields = {k: data[k] for k in ACTIVITY_FIELDS if k in data}
    merged = {k: fields.get(k, getattr(current, k)) for k in ACTIVITY_FIELDS}
    _validate(merged, places_taken=current.places_taken, activity_id=current.pk)
    before = {k: getattr(current, k) for k in fields}
    capacity = merged.pop("capacity")
    for key, value in merged.items():
        setattr(current, key, value)
    current.save(update_fields=[*merged.keys(), "name_folded", "updated_at"])
    if capacity != current.capacity:
        changed = Activity.objects.filter(pk=current.pk, places_taken__lte=capacity).update(capacity=capacity)
        if not changed:
            raise ActivityInvalid(_("Places were taken meanwhile: the activity cannot have fewer than are taken."))
    current.refresh_from_db()
    after = {k: getattr(current, k) for k in fields}
    audit_record(actor=actor, action="activity.update", obj=current, changes=diff_fields(before, after))
    if any(
        k in fields and before[k] != after[k]
        for k in ("recurrence", "starts_on", "ends_on", "starts_at", "duration_minutes", "room")
    ):
        sessions_generate(actor=actor, activity=current, replace_future=True)
    if current.capacity > before.get("capacity", current.capacity):
        offer_free_places(actor=actor, activity=current)
    return current


@transaction.atomic
def sessions_generate(*, actor: Any, activity: Activity, replace_future: bool = False) -> dict[str, Any]:
    """Create the sessions the rule gives (public holidays skipped). With replace_future, sessions
    from today on with no attendance taken are removed first, so a changed rule takes effect without
    touching the record of what was held. Returns counts and the skipped holidays."""
    today = timezone.localdate()
    removed = 0
    if replace_future:
        removed, _ = (
            Session.objects.filter(activity=activity, date__gte=today, attendance_taken_at__isnull=True)
            .filter(attendance__isnull=True)
            .delete()
        )
    dates, skipped = expand_dates(activity.recurrence, activity.starts_on, activity.ends_on)
    ends_at = _ends_at(activity.starts_at, activity.duration_minutes)
    existing = set(Session.objects.filter(activity=activity).values_list("date", "starts_at"))
    new = [
        Session(activity=activity, date=day, starts_at=activity.starts_at, ends_at=ends_at, room=activity.room)
        for day in dates
        if (day, activity.starts_at) not in existing and (not replace_future or day >= today)
    ]
    Session.objects.bulk_create(new)
    audit_record(
        actor=actor,
        action="activity.sessions_generate",
        obj=activity,
        changes={"created": len(new), "removed": removed, "holidays_skipped": [str(d) for d in skipped]},
    )
    return {"created": len(new), "removed": removed, "skipped": skipped}


@transaction.atomic
def session_cancel(*, actor: Any, session: Session, reason: str) -> Session:
    reason = (reason or "").strip()
    if not reason:
        raise ActivityInvalid(_("Say why the session is cancelled; the reason is shown to the participants' staff."))
    if session.attendance.exists():
        raise ActivityInvalid(_("Attendance was taken for this session, so it was held and cannot be cancelled."))
    Session.objects.filter(pk=session.pk).update(status=SessionStatus.CANCELLED, cancel_reason=reason[:200])
    session.refresh_from_db()
    audit_record(actor=actor, action="session.cancel", obj=session, changes={"reason": reason})
    return session


@transaction.atomic
def room_save(*, actor: Any, location: Location, room: Room | None = None, **data: Any) -> Room:
    """Add or change a room. A room cannot shrink below an activity planned in it."""
    capacity = data["capacity"]
    if room is not None:
        biggest = Activity.objects.filter(room=room, ends_on__gte=timezone.localdate()).order_by("-capacity").first()
        if biggest is not None and biggest.capacity > capacity:
            raise ValidationError(
                {
                    "capacity": [
                        _("%(activity)s has %(n)s places in this room: move it or lower its places first.")
                        % {"activity": biggest.name, "n": biggest.capacity}
                    ]
                }
            )
    clash = Room.objects.filter(location=location, name=data["name"])
    if room is not None:
        clash = clash.exclude(pk=room.pk)
    if clash.exists():
        raise ValidationError({"name": [_("This facility already has a room with this name.")]})
    if room is None:
        from django.utils.text import slugify

        base = slugify(f"{location.code}-{data['name']}".replace("ı", "i"))[:50] or location.code
        code, n = base, 1
        while Room.objects.filter(code=code).exists():
            n += 1
            code = f"{base}-{n}"
        room = Room.objects.create(location=location, code=code, **data)
        audit_record(actor=actor, action="room.create", obj=room, changes={"capacity": capacity})
        return room
    before = {k: getattr(room, k) for k in data}
    Room.objects.filter(pk=room.pk).update(**data, updated_at=timezone.now())
    room.refresh_from_db()
    audit_record(actor=actor, action="room.update", obj=room, changes=diff_fields(before, data))
    return room


def session_ends_at(activity: Activity) -> dt.time:
    return _ends_at(activity.starts_at, activity.duration_minutes)


@transaction.atomic
def term_create(*, actor: Any, name: str, starts_on: dt.date, ends_on: dt.date) -> Term:
    """A new teaching period ("2027 Bahar Dönemi"); activities take its dates by default."""
    name = " ".join((name or "").split())
    errors: dict[str, list[str]] = {}
    if not name:
        errors["name"] = [_("Give the term a name, e.g. 2027 Bahar Dönemi.")]
    elif Term.objects.filter(name__iexact=name).exists():
        errors["name"] = [_("There is already a term with this name.")]
    if ends_on < starts_on:
        errors["ends_on"] = [_("The last day must be on or after the first day.")]
    elif (ends_on - starts_on).days > 366:
        errors["ends_on"] = [_("A term lasts at most a year.")]
    if errors:
        raise ValidationError(errors)
    term = Term.objects.create(name=name, starts_on=starts_on, ends_on=ends_on)
    audit_record(
        actor=actor, action="term.create", obj=term, changes={"starts_on": str(starts_on), "ends_on": str(ends_on)}
    )
    return term
