// Where the page's subscribe links point: webcal:// for calendar apps, Google Calendar's and Outlook.com's
// add-by-URL, the file itself.
import type { ResolvedCalendar } from '../resolve-calendar.js';

export interface FeedLinks {
  /** webcal:// of the published feed; without `url`, the relative file (the page's script turns it into webcal:// from its own address). */
  subscribe: string;
  subscribeFromLocation: boolean;
  /** Google Calendar's "add by URL" deep link: only with a public `url`, since Google fetches the feed itself. */
  google?: string | undefined;
  /** Outlook.com's "add from web" page with the address and the calendar's name filled in; with a `url` only, as Google. */
  outlook?: string | undefined;
  /** The feed's public https address, for apps where it is pasted (Outlook, Thunderbird, Google's "From URL"). */
  address?: string | undefined;
  download: string;
}

export const FEED_FILE = 'calendar.ics';

export function feedLinks(calendar: ResolvedCalendar): FeedLinks {
  if (!calendar.url) return { subscribe: FEED_FILE, subscribeFromLocation: true, download: FEED_FILE };
  const webcal = toWebcal(calendar.url);
  return {
    subscribe: webcal,
    subscribeFromLocation: false,
    // The cid takes the webcal:// form: Google answers an https:// cid with "isn't associated with an active
    // Google Calendar account" (calagator/calagator#556). The whole address is one query value, so encoded.
    google: `https://calendar.google.com/calendar/r?cid=${encodeURIComponent(webcal)}`,
    // Outlook fetches the https:// address (it has no webcal:// handler); the name is its suggestion for the calendar.
    outlook: `https://outlook.live.com/calendar/0/addfromweb?url=${encodeURIComponent(calendar.url)}&name=${encodeURIComponent(calendar.name)}`,
    address: calendar.url,
    download: FEED_FILE,
  };
}

/** `https://host/path` → `webcal://host/path`: the scheme that makes a browser hand the feed to the calendar app. */
export const toWebcal = (url: string) => url.replace(/^https?:/i, 'webcal:');
