// The events.yaml that `calfeed init` writes: one of each kind of event, every key explained in a comment.
// Its dates are in 2027, so that a new calendar's page does not open on past events; test/cli/init.test.ts
// checks and builds it with the bin.

/** The name `calfeed init` writes, and the file check, build and serve read when none is given. */
export const EVENTS_FILE = 'events.yaml';

/** The JSON Schema written beside it, which the first line points editors to. */
export const SCHEMA_FILE = 'events.schema.json';

export const STARTER_CALENDAR = `# yaml-language-server: $schema=./${SCHEMA_FILE}
#
# A starter calendar written by "calfeed init": a timed event with its own time zone, an all-day
# event and a repeating one. Replace them with your own, then run "calfeed check". Every key is
# explained in calfeed's README ("events.yaml, field by field"); ${SCHEMA_FILE} lets editors
# complete and check keys as you type.
calendar:                                           # the calendar as a whole
  name: Our group's calendar                        # required: the name apps show once subscribed
  description: Meetings and open days of our group  # optional: a longer text, shown by some apps
  timezone: Europe/Berlin                           # IANA zone of events that name none: put yours
  # The two placeholders below must be changed before anyone subscribes.
  domain: calendar.example.org                      # CHANGE to a domain you own; UIDs are "<id>@<domain>": never change it once people subscribe
  url: https://calendar.example.org/calendar.ics    # CHANGE to the address public/calendar.ics will have (or delete this line)
  refresh: PT12H                                    # how often apps should fetch the feed again (12 hours)
events:                                             # the events, in any order
  - id: planning-call-2027-01-14                    # required, unique, lower-case: keep it when you edit the event
    title: Planning call with the Toronto group     # required: the event's name
    start: 2027-01-14 12:00                         # a wall-clock time in the event's zone
    end: 2027-01-14 13:30                           # or duration: 90m
    timezone: America/Toronto                       # this event's own IANA zone; each reader also sees their own time
    location: Online                                # optional: where it takes place
    description: |                                  # optional free text; "|" keeps line breaks
      What we plan for 2027.
      The link to join is sent by mail.
    categories: [Planning]                          # optional list of tags
    status: confirmed                               # confirmed, tentative or cancelled

  - id: open-day-2027-05-22                         # required, unique: also names the event's file, events/<id>.ics
    title: Open day                                 # required: the event's name
    start: 2027-05-22                               # a date without a time: an all-day event
    end: 2027-05-23                                 # the last day, inclusive: Saturday and Sunday
    location: Community hall                        # optional: where it takes place

  - id: monthly-meeting-2027                        # required, unique: one id for the whole series
    title: Monthly meeting                          # required: the event's name
    start: 2027-01-05 19:00                         # the first meeting, in the calendar's zone (no timezone key)
    duration: 2h                                    # or end: 2027-01-05 21:00
    rrule: FREQ=MONTHLY;BYDAY=1TU;COUNT=12          # repeat: the first Tuesday of each month, 12 times, at 19:00 local all year
    exdates: [2027-08-03 19:00]                     # optional: occurrences to leave out (a summer break)
`;
