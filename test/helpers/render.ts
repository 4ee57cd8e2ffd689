// The whole site rendered afresh: every event through ics, no store, as a cold build renders it.
import { renderSite, siteTexts, type Calendar, type Site } from '../../src/core/pipeline.js';
import { renderEvents } from '../../src/core/render-events.js';

export function renderSiteAfresh(calendar: Calendar, stampMs: number): Site {
  return siteTexts(renderSite(calendar, stampMs, renderEvents(calendar.events, stampMs)));
}
