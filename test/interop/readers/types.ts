// Shared shapes returned by every "real reader" in this folder.

/** One VEVENT as a reader understood it (masters only, not expanded). */
export interface ReadEvent {
  uid: string;
  summary: string;
  /** UTC instant `2022-01-10T07:55:00Z`, `YYYY-MM-DD` for all-day, or `YYYY-MM-DDTHH:MM:SS` (no Z) if floating. */
  start: string;
  /** Same format as `start`; computed from DURATION / defaults when DTEND is absent. */
  end: string;
  location?: string;
  categories?: string[];
  /** First RRULE, as its iCalendar value, e.g. `FREQ=WEEKLY;COUNT=3`. */
  rrule?: string;
  /** Set on override components (RECURRENCE-ID), same format as `start`. */
  recurrenceId?: string;
}

/** One expanded occurrence of an event. */
export interface Occurrence {
  uid: string;
  summary: string;
  start: string;
  end: string;
}

/** One line of `khal list` output; times are wall-clock in the khal viewer zone. */
export interface KhalLine {
  /** `YYYY-MM-DDTHH:MM` (viewer zone), or `YYYY-MM-DD` for all-day events. */
  start: string;
  /** For all-day events khal prints the INCLUSIVE last day (DTEND minus one day). */
  end: string;
  /** UTC offsets khal used, e.g. `-0500`; empty string for all-day events. */
  startOffset: string;
  endOffset: string;
  title: string;
  uid: string;
  location: string;
  allDay: boolean;
}
