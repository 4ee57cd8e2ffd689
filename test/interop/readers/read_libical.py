#!/usr/bin/python3
"""Read an .ics file back with libical (Debian gir1.2-ical-3.0 through python3-gi) and print JSON (see libical.ts).

libical is the parser of Evolution, GNOME Calendar and KDE (via KCalendarCore's libical backend).
It never refuses a calendar: what it cannot parse it keeps as an X-LIC-ERROR property inserted in
the tree. Any X-LIC-ERROR (or a component it could not make sense of) fails this reader, naming it.

Usage:
  read_libical.py read FILE              -> {"events": [ReadEvent...]}
  read_libical.py expand FILE FROM TO    -> {"occurrences": [Occurrence...]}
FROM/TO are ISO dates or datetimes; naive values are taken as UTC. Times with a TZID are turned into
instants by libical from the feed's own VTIMEZONE (never a builtin/system zone); a TZID the feed does
not define fails the reader. Occurrences come from libical's RRULE iterator.
"""
import datetime as dt
import json
import sys

import gi

gi.require_version('ICalGLib', '3.0')
from gi.repository import ICalGLib  # noqa: E402

K = ICalGLib.ComponentKind
P = ICalGLib.PropertyKind
UTC = ICalGLib.Timezone.get_utc_timezone()
# Guard against a runaway rule: no feed of ours has anywhere near this many occurrences per event.
MAX_OCCURRENCES = 10_000


def fail(message):
    raise SystemExit(f'libical: {message}')


def children(comp):
    """Sub-components, collected first: libical's get_first/get_next iterator is shared per parent."""
    out = []
    child = comp.get_first_component(K.ANY_COMPONENT)
    while child is not None:
        out.append(child)
        child = comp.get_next_component(K.ANY_COMPONENT)
    return out


def properties(comp, kind=P.ANY_PROPERTY):
    out = []
    prop = comp.get_first_property(kind)
    while prop is not None:
        out.append(prop)
        prop = comp.get_next_property(kind)
    return out


def where(comp):
    uid = comp.get_uid() if comp.isa() in (K.VEVENT_COMPONENT, K.VTODO_COMPONENT, K.VJOURNAL_COMPONENT) else None
    name = ICalGLib.Component.kind_to_string(comp.isa())
    return f'{name} {uid}' if uid else name


def lic_errors(comp):
    """Every X-LIC-ERROR libical inserted anywhere in the tree, and every component it could not parse."""
    found = []
    if comp.isa() == K.XLICINVALID_COMPONENT:
        found.append(f'{where(comp)}: invalid component')
    for prop in properties(comp, P.XLICERROR_PROPERTY):
        found.append(f'{where(comp)}: {unfolded(prop)}')
    for child in children(comp):
        found.extend(lic_errors(child))
    return found


def unfolded(prop):
    return prop.as_ical_string().replace('\r\n ', '').replace('\n ', '').strip()


def in_range(time):
    """libical takes e.g. `T250000` as hour 25 without an X-LIC-ERROR: check the fields ourselves."""
    if not 1 <= time.get_month() <= 12 or not 1 <= time.get_day() <= ICalGLib.Time.days_in_month(time.get_month(), time.get_year()):
        return False
    return time.is_date() or (0 <= time.get_hour() <= 23 and 0 <= time.get_minute() <= 59 and 0 <= time.get_second() <= 59)


def tzid_of(prop):
    param = prop.get_first_parameter(ICalGLib.ParameterKind.TZID_PARAMETER)
    return param.get_tzid() if param is not None else None


class Resolver:
    """TZID -> the ICalTimezone libical built from this calendar's VTIMEZONE of that TZID."""

    def __init__(self, root):
        self.root = root
        self.cache = {}

    def zone(self, prop, what):
        tzid = tzid_of(prop)
        if tzid is None:
            return None
        if tzid not in self.cache:
            tz = self.root.get_timezone(tzid)
            if tz is None or tz.get_component() is None:
                fail(f'{what};TZID={tzid} has no VTIMEZONE in the calendar')
            self.cache[tzid] = tz
        return self.cache[tzid]


class Moment:
    """A DATE, a floating DATE-TIME, or an instant (seconds since the epoch, computed by libical)."""

    def __init__(self, time, zone):
        self.is_date = time.is_date()
        self.floating = not self.is_date and zone is None and not time.is_utc()
        if self.is_date:
            self.value = dt.date(time.get_year(), time.get_month(), time.get_day())
        elif self.floating:
            self.value = dt.datetime(time.get_year(), time.get_month(), time.get_day(),
                                     time.get_hour(), time.get_minute(), time.get_second())
        else:
            self.value = time.as_timet_with_zone(UTC if time.is_utc() else zone)

    def shifted(self, delta):
        """This moment plus a duration: days for dates, seconds (exact time) otherwise."""
        out = Moment.__new__(Moment)
        out.is_date, out.floating = self.is_date, self.floating
        out.value = self.value + delta if not isinstance(self.value, int) else self.value + int(delta)
        return out

    def iso(self):
        if self.is_date:
            return self.value.isoformat()
        if self.floating:
            return self.value.strftime('%Y-%m-%dT%H:%M:%S')
        return (dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc) + dt.timedelta(seconds=self.value)).strftime('%Y-%m-%dT%H:%M:%SZ')

    def seconds(self):
        """For comparing with the UTC bounds of `expand`: dates and floating times are taken as UTC."""
        if isinstance(self.value, int):
            return self.value
        value = self.value if isinstance(self.value, dt.datetime) else dt.datetime.combine(self.value, dt.time())
        return int(value.replace(tzinfo=dt.timezone.utc).timestamp())


def time_of(prop):
    kind = prop.isa()
    if kind == P.DTSTART_PROPERTY:
        return prop.get_dtstart()
    if kind == P.DTEND_PROPERTY:
        return prop.get_dtend()
    if kind == P.RECURRENCEID_PROPERTY:
        return prop.get_recurrenceid()
    if kind == P.EXDATE_PROPERTY:
        return prop.get_exdate()
    fail(f'no time in {prop.get_property_name()}')


def moment(prop, resolver):
    name = prop.get_property_name()
    time = time_of(prop)
    if time is None or time.is_null_time() or not time.is_valid_time() or not in_range(time):
        fail(f'bad {name} value {unfolded(prop)!r}')
    zone = resolver.zone(prop, name)
    if time.is_utc() and zone is not None:
        fail(f'{name} has both a TZID and a Z: {unfolded(prop)!r}')
    return Moment(time, zone), zone


def span(ev, resolver):
    """(start, end, zone of DTSTART): the end from DTEND, else DTSTART + DURATION, else the RFC 5545 default."""
    dtstart = ev.get_first_property(P.DTSTART_PROPERTY)
    if dtstart is None:
        fail(f'{where(ev)} has no DTSTART')
    start, zone = moment(dtstart, resolver)
    dtend = ev.get_first_property(P.DTEND_PROPERTY)
    duration = ev.get_first_property(P.DURATION_PROPERTY)
    if dtend is not None:
        end, _ = moment(dtend, resolver)
        if end.is_date != start.is_date or end.floating != start.floating:
            fail(f'{where(ev)}: DTEND and DTSTART differ in value type')
    elif duration is not None:
        seconds = duration.get_duration().as_int()
        if start.is_date:
            if seconds % 86400:
                fail(f'{where(ev)}: DURATION of a DATE DTSTART is not whole days')
            end = start.shifted(dt.timedelta(days=seconds // 86400))
        elif start.floating:
            end = start.shifted(dt.timedelta(seconds=seconds))
        else:
            end = start.shifted(seconds)
    else:
        # RFC 5545 3.6.1: a DATE start lasts one day, a DATE-TIME start lasts zero time.
        end = start.shifted(dt.timedelta(days=1) if start.is_date else (dt.timedelta(0) if start.floating else 0))
    return start, end, zone


def read(root, resolver):
    events = []
    for ev in children(root):
        if ev.isa() != K.VEVENT_COMPONENT:
            continue
        start, end, _ = span(ev, resolver)
        out = {
            'uid': ev.get_uid() or '',
            'summary': ev.get_summary() or '',
            'start': start.iso(),
            'end': end.iso(),
        }
        if ev.get_location():
            out['location'] = ev.get_location()
        # libical splits CATEGORIES:a,b into one CATEGORIES property per item.
        categories = [p.get_categories() for p in properties(ev, P.CATEGORIES_PROPERTY)]
        if categories:
            out['categories'] = categories
        rrule = ev.get_first_property(P.RRULE_PROPERTY)
        if rrule is not None:
            out['rrule'] = rrule.get_rrule().to_string()
        recurrence_id = ev.get_first_property(P.RECURRENCEID_PROPERTY)
        if recurrence_id is not None:
            out['recurrenceId'] = moment(recurrence_id, resolver)[0].iso()
        events.append(out)
    return {'events': events}


def parse_bound(text):
    value = dt.datetime.fromisoformat(text.replace('Z', '+00:00'))
    value = value if value.tzinfo else value.replace(tzinfo=dt.timezone.utc)
    return int(value.timestamp())


def overlaps(start, end, lo, hi):
    """[start, end) overlaps [lo, hi); an event of zero length counts where it starts."""
    s, e = start.seconds(), end.seconds()
    return s < hi and (e > lo or (e == s and s >= lo))


def expand(root, resolver, lo_text, hi_text):
    lo, hi = parse_bound(lo_text), parse_bound(hi_text)
    events = [c for c in children(root) if c.isa() == K.VEVENT_COMPONENT]
    overridden = {}
    for ev in events:
        rid = ev.get_first_property(P.RECURRENCEID_PROPERTY)
        if rid is not None:
            overridden.setdefault(ev.get_uid(), set()).add(moment(rid, resolver)[0].iso())
    occurrences = []

    def emit(ev, start, end):
        if overlaps(start, end, lo, hi):
            occurrences.append({'uid': ev.get_uid() or '', 'summary': ev.get_summary() or '',
                                'start': start.iso(), 'end': end.iso()})

    for ev in events:
        start, end, zone = span(ev, resolver)
        if ev.get_first_property(P.RECURRENCEID_PROPERTY) is not None:
            emit(ev, start, end)  # an override stands for itself
            continue
        rrules = properties(ev, P.RRULE_PROPERTY)
        if properties(ev, P.RDATE_PROPERTY) or properties(ev, P.EXRULE_PROPERTY) or len(rrules) > 1:
            fail(f'{where(ev)}: RDATE/EXRULE/several RRULEs are not expanded by this reader')
        if not rrules:
            emit(ev, start, end)
            continue
        excluded = {moment(p, resolver)[0].iso() for p in properties(ev, P.EXDATE_PROPERTY)}
        excluded |= overridden.get(ev.get_uid(), set())
        length = (end.value - start.value)  # timedelta for dates/floating, seconds for instants
        # libical's own iterator, started at DTSTART carrying the feed's zone (UNTIL compares in UTC).
        first = ev.get_first_property(P.DTSTART_PROPERTY).get_dtstart()
        if zone is not None:
            first.set_timezone(zone)
        iterator = ICalGLib.RecurIterator.new(rrules[0].get_rrule(), first)
        if iterator is None:
            fail(f'{where(ev)}: libical refused RRULE {rrules[0].get_rrule().to_string()}')
        for _ in range(MAX_OCCURRENCES):
            time = iterator.next()
            if time is None or time.is_null_time():
                break
            occurrence = Moment(time, zone)
            if occurrence.seconds() >= hi:
                break
            if occurrence.iso() in excluded:
                continue
            emit(ev, occurrence, occurrence.shifted(length))
        else:
            fail(f'{where(ev)}: more than {MAX_OCCURRENCES} occurrences')
    occurrences.sort(key=lambda o: (o['start'], o['uid']))
    return {'occurrences': occurrences}


def main(argv):
    mode, path = argv[1], argv[2]
    with open(path, 'rb') as fh:
        raw = fh.read()
    try:
        text = raw.decode('utf-8')
    except UnicodeDecodeError as error:
        fail(f'{path} is not UTF-8: {error}')
    try:
        root = ICalGLib.Component.new_from_string(text)
    except TypeError:  # python-gi raises on the NULL libical returns when it finds no component at all
        root = None
    if root is None:
        fail(f'no calendar in {path}')
    errors = lic_errors(root)
    if errors:
        fail('X-LIC-ERROR inserted while parsing:\n  ' + '\n  '.join(errors))
    if root.isa() != K.VCALENDAR_COMPONENT:
        fail(f'top-level component is {where(root)}, not VCALENDAR')
    resolver = Resolver(root)
    result = read(root, resolver) if mode == 'read' else expand(root, resolver, argv[3], argv[4])
    json.dump(result, sys.stdout, ensure_ascii=False)


if __name__ == '__main__':
    main(sys.argv)
