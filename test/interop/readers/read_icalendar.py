#!/usr/bin/python3
"""Read an .ics file back with Debian's python3-icalendar and print JSON (see python-icalendar.ts).

Usage:
  read_icalendar.py read FILE              -> {"events": [ReadEvent...]}
  read_icalendar.py expand FILE FROM TO    -> {"occurrences": [Occurrence...]}   (needs recurring_ical_events)
FROM/TO are ISO dates or datetimes; naive values are taken as UTC.
"""
import datetime as dt
import json
import sys

import icalendar


def iso(value, prop):
    # icalendar 4.x returns date for VALUE=DATE, aware datetime for Z/TZID, naive for floating.
    # Known TZIDs are resolved through pytz (the VTIMEZONE body is ignored); an unknown TZID
    # without a VTIMEZONE silently becomes naive, which we refuse.
    if not isinstance(value, dt.datetime):
        return value.isoformat()
    if value.tzinfo is None:
        tzid = getattr(prop, 'params', {}).get('TZID')
        if tzid:
            raise SystemExit(f'python-icalendar: TZID={tzid} could not be resolved')
        return value.strftime('%Y-%m-%dT%H:%M:%S')
    return value.astimezone(dt.timezone.utc).strftime('%Y-%m-%dT%H:%M:%SZ')


def end_of(ev):
    start = ev.decoded('DTSTART')
    if not isinstance(start, dt.date):  # icalendar 4 happily decodes junk as a TIME
        raise SystemExit(f'python-icalendar: bad DTSTART {ev["DTSTART"].to_ical()!r}')
    if 'DTEND' in ev:
        return ev.decoded('DTEND'), ev['DTEND']
    if 'DURATION' in ev:
        return start + ev.decoded('DURATION'), ev['DTSTART']
    # RFC 5545 3.6.1: a DATE start lasts one day, a DATE-TIME start lasts zero time.
    return (start if isinstance(start, dt.datetime) else start + dt.timedelta(days=1)), ev['DTSTART']


def categories(ev):
    raw = ev.get('CATEGORIES')
    if raw is None:
        return []
    # One CATEGORIES line -> vCategory; several lines -> list of them.
    items = raw if isinstance(raw, list) else [raw]
    return [str(c) for item in items for c in item.cats]


def read(cal):
    events = []
    for ev in cal.walk('VEVENT'):
        end, end_prop = end_of(ev)
        out = {
            'uid': str(ev.get('UID', '')),
            'summary': str(ev.get('SUMMARY', '')),
            'start': iso(ev.decoded('DTSTART'), ev['DTSTART']),
            'end': iso(end, end_prop),
        }
        if ev.get('LOCATION'):
            out['location'] = str(ev['LOCATION'])
        if categories(ev):
            out['categories'] = categories(ev)
        rrule = ev.get('RRULE')
        if rrule is not None:
            rrule = rrule[0] if isinstance(rrule, list) else rrule
            out['rrule'] = rrule.to_ical().decode()
        if 'RECURRENCE-ID' in ev:
            out['recurrenceId'] = iso(ev.decoded('RECURRENCE-ID'), ev['RECURRENCE-ID'])
        events.append(out)
    return {'events': events}


def parse_bound(text):
    value = dt.datetime.fromisoformat(text.replace('Z', '+00:00'))
    return value if value.tzinfo else value.replace(tzinfo=dt.timezone.utc)


def expand(cal, start, stop):
    import recurring_ical_events  # optional dependency, only needed here

    occurrences = []
    for ev in recurring_ical_events.of(cal).between(parse_bound(start), parse_bound(stop)):
        end, end_prop = end_of(ev)
        occurrences.append({
            'uid': str(ev.get('UID', '')),
            'summary': str(ev.get('SUMMARY', '')),
            'start': iso(ev.decoded('DTSTART'), ev['DTSTART']),
            'end': iso(end, end_prop),
        })
    occurrences.sort(key=lambda o: (o['start'], o['uid']))
    return {'occurrences': occurrences}


def main(argv):
    mode, path = argv[1], argv[2]
    with open(path, 'rb') as fh:
        cal = icalendar.Calendar.from_ical(fh.read())
    # icalendar swallows per-property parse errors into .errors; surface them instead.
    errors = [(c.name, e) for c in cal.walk() for e in c.errors]
    if errors:
        raise SystemExit(f'python-icalendar: parse errors {errors}')
    result = read(cal) if mode == 'read' else expand(cal, argv[3], argv[4])
    json.dump(result, sys.stdout, ensure_ascii=False)


if __name__ == '__main__':
    main(sys.argv)
