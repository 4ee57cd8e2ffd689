// The structure of events.yaml format 1 in zod: the one source of both validation and events.schema.json.
// Structural only (types, required keys, unknown keys); time semantics live in resolve-times.ts.
import { z } from 'zod';

export const ID_PATTERN = /^[a-z0-9][a-z0-9._-]*$/;

/**
 * Every file system takes a name of 255 bytes (ext4, APFS, NTFS): an id becomes events/<id>.ics, and
 * `expand` adds `.<yyyymmdd>t<hhmm>` (14) to it; 200 leaves room for both and for editors' backup names.
 */
export const MAX_ID_LENGTH = 200;

/** Longer UIDs than this are no calendar app's (Google's are about 40 characters, Outlook's about 120). */
export const MAX_UID_LENGTH = 255;

const text = (description: string, example: string) => z.string().meta({ description, examples: [example] });

const dateTime = (description: string, example: string) =>
  z.string().meta({
    description: `${description} Written \`YYYY-MM-DD\` (all-day) or \`YYYY-MM-DD HH:MM[:SS]\` ("T" also accepted), optionally with an offset (\`Z\`, \`+01:00\`) to name an absolute instant.`,
    examples: [example],
  });

/** A bound far above any use (each feed is a file holding a share of the events, up to all of them). */
export const MAX_FEEDS = 50;

/** `feeds: by-category`: one feed per category the events have, made by resolve-feeds.ts. */
export const FEEDS_BY_CATEGORY = 'by-category';

/** The most feeds `by-category` makes (each event is in one per category it has): past it, name the feeds wanted. */
export const MAX_FEEDS_BY_CATEGORY = 200;

/** A feed of some categories' events, published beside the whole calendar as feeds/<id>.ics. */
export const writtenFeedSchema = z
  .strictObject({
    id: z
      .string()
      .regex(ID_PATTERN)
      .max(MAX_ID_LENGTH)
      .meta({ description: 'The feed\'s identity and file name, feeds/<id>.ics: unique, lower-case letters, digits, ".", "_" and "-". Keep it: subscribers follow the address.', examples: ['nato'] }),
    name: text('The feed\'s name in calendar apps (default: the calendar\'s name and the categories, like "Russia–West security talks — NATO").', 'NATO–Russia talks').optional(),
    description: text('A longer description of the feed (default: which events it holds).', 'The NATO–Russia Council and the talks around it').optional(),
    categories: z
      .array(z.string())
      .min(1)
      .meta({ description: 'The feed holds every event with any of these categories (compared without regard to case); each must be the category of some event.', examples: [['NATO']] }),
  })
  .meta({ description: 'A feed of the events in some categories.' });

export const writtenCalendarSchema = z
  .strictObject({
    name: text('The calendar\'s name, shown by calendar apps when someone subscribes.', 'Russia–West security talks, January 2022'),
    description: text('A longer description of the calendar.', 'Geneva, Brussels and Vienna rounds').optional(),
    timezone: text('Default IANA time zone for events that name none (default UTC).', 'Europe/Brussels').optional(),
    domain: text('Domain part of every event\'s UID, "<event id>@<domain>" (default calfeed.invalid). Keep it stable: changing it duplicates every event for subscribers.', 'talks.example.org').optional(),
    url: text('Public http(s) address of the feed; enables the Google Calendar link on the agenda page.', 'https://talks.example.org/calendar.ics').optional(),
    refresh: text('How often calendar apps should re-fetch the feed, as an ISO 8601 duration or like 6h (default PT12H).', 'PT6H').optional(),
    color: text('Calendar colour: #rgb / #rrggbb hex or a CSS colour name.', '#1f5fbf').optional(),
    expand: text('Publish every repeating event as separate one-off events up to this date (inclusive), for calendar apps that cannot follow repeat rules. Default: publish the rule.', '2022-12-31').optional(),
    feeds: z
      .union([z.literal(FEEDS_BY_CATEGORY), z.array(writtenFeedSchema).max(MAX_FEEDS)])
      .meta({
        description: `More feeds to publish beside the whole calendar: \`${FEEDS_BY_CATEGORY}\` for one per category the events have, or a list of feeds, each of the events in some categories (at most ${MAX_FEEDS}).`,
        examples: [[{ id: 'nato', name: 'NATO–Russia talks', categories: ['NATO'] }], FEEDS_BY_CATEGORY],
      })
      .optional(),
  })
  .meta({ description: 'The calendar as a whole.', examples: [{ name: 'Russia–West security talks, January 2022', timezone: 'Europe/Brussels' }] });

export const STATUSES = ['confirmed', 'tentative', 'cancelled'] as const;

export const writtenEventSchema = z
  .strictObject({
    id: z
      .string()
      .regex(ID_PATTERN)
      .max(MAX_ID_LENGTH)
      .meta({
        description: 'The event\'s identity: unique, lower-case letters, digits, ".", "_" and "-". Keep it when editing the event, so subscribers get an update rather than a duplicate.',
        examples: ['geneva-ssd-2022-01-10'],
      }),
    uid: z
      .string()
      .max(MAX_UID_LENGTH)
      .meta({
        description: 'The UID to publish the event with, instead of "<id>@<domain>": `calfeed import` keeps each event\'s UID from the old feed, so that its subscribers see updates rather than every event twice. Unique; keep it as it is.',
        examples: ['7kukuqrfedlbvjpe6m1pl7hoi3@google.com'],
      })
      .optional(),
    title: text('What the event is called (the SUMMARY).', 'US–Russia Strategic Stability Dialogue'),
    start: dateTime('When the event starts, as a wall-clock time in the event\'s zone.', '2022-01-10 08:55'),
    end: dateTime('When the event ends (for an all-day event: the last day, inclusive). Give `end` or `duration`, not both; default one hour (timed) or one day (all-day).', '2022-01-10 16:30').optional(),
    duration: text('How long the event lasts, like 7h35m, 90m, 2d or ISO 8601 PT7H35M.', '7h35m').optional(),
    timezone: text('IANA time zone of the event\'s wall-clock times (default: the calendar\'s). Links such as Europe/Kiev are accepted; abbreviations such as EST or CET are not (name the place; a fixed offset is Etc/GMT+5).', 'Europe/Zurich').optional(),
    location: text('Where the event takes place.', 'Permanent Mission of the United States, Geneva').optional(),
    geo: z
      .strictObject({
        lat: z.number().min(-90).max(90).meta({ description: 'Latitude in degrees.', examples: [46.2253] }),
        lon: z.number().min(-180).max(180).meta({ description: 'Longitude in degrees.', examples: [6.1414] }),
      })
      .meta({ description: 'Coordinates of the venue.', examples: [{ lat: 46.2253, lon: 6.1414 }] })
      .optional(),
    description: text('Free text, several lines allowed.', 'Talks between the delegations led by Wendy Sherman and Sergei Ryabkov.').optional(),
    url: text('An http(s) address with more about the event.', 'https://example.org/source').optional(),
    categories: z
      .array(z.string())
      .meta({ description: 'Tags for the event.', examples: [['US', 'Russia']] })
      .optional(),
    status: z.enum(STATUSES).meta({ description: 'confirmed, tentative or cancelled.', examples: ['confirmed'] }).optional(),
    sequence: z
      .number()
      .int()
      .min(0)
      .max(2147483647)
      .meta({ description: 'Revision number override (SEQUENCE); default 0.', examples: [0] })
      .optional(),
    rrule: text('An RFC 5545 repeat rule, read in the event\'s own zone, so the series keeps its local time across daylight-saving changes. UNTIL may be written as a local date or time.', 'FREQ=WEEKLY;BYDAY=MO;COUNT=10').optional(),
    exdates: z
      .array(z.string())
      .meta({ description: 'Occurrences to leave out, as their wall-clock start in the event\'s zone (dates for an all-day series). Each must be an actual occurrence.', examples: [['2022-01-24 08:55']] })
      .optional(),
    expand: z
      .union([z.string(), z.literal(false)])
      .meta({ description: 'Publish this series as separate one-off events up to this date (inclusive), or false to keep the rule when the calendar expands.', examples: ['2022-12-31'] })
      .optional(),
  })
  .meta({ description: 'One event.' });

export const writtenFileSchema = z
  .strictObject({
    calendar: writtenCalendarSchema,
    events: z
      .array(writtenEventSchema)
      .meta({ description: 'The events, in any order.', examples: [[{ id: 'geneva-ssd-2022-01-10', title: 'US–Russia Strategic Stability Dialogue', start: '2022-01-10 08:55' }]] })
      .optional(),
    include: z
      .array(z.string())
      .meta({
        description:
          'More files of events, relative to this one: a file, or a folder (every .yaml and .yml file in it, in name order). Each holds an `events:` list and nothing else; the calendar block stays here.',
        examples: [['events/'], ['events/2022.yaml', 'events/2023.yaml']],
      })
      .optional(),
  })
  .meta({ title: 'calfeed events.yaml, format 1', description: 'A calendar published by calfeed as an iCalendar feed and an agenda page.' });

export type WrittenCalendar = z.infer<typeof writtenCalendarSchema>;
export type WrittenFeed = z.infer<typeof writtenFeedSchema>;
export type WrittenEvent = z.infer<typeof writtenEventSchema>;
export type WrittenFile = z.infer<typeof writtenFileSchema>;
