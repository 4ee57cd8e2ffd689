// Resolved calendar → index.html: a static, self-contained agenda that reads without JavaScript.
import { DateTime } from 'luxon';
import type { Calendar } from '../pipeline.js';
import type { ResolvedEvent } from '../resolve-events.js';
import { formatDate } from '../time-text.js';
import { zoneAbbreviation } from '../zones.js';

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

interface Day {
  key: string;
  label: string;
  events: ResolvedEvent[];
}

/** The day an event belongs to, in its venue's zone. */
function dayOf(event: ResolvedEvent): string {
  const t = event.timing;
  return t.kind === 'all-day' ? formatDate(t.startDate) : DateTime.fromMillis(t.startMs, { zone: t.zone }).toISODate()!;
}

function groupByDay(events: readonly ResolvedEvent[]): Day[] {
  const days = new Map<string, Day>();
  for (const event of events) {
    const key = dayOf(event);
    let day = days.get(key);
    if (!day) {
      const label = DateTime.fromISO(key, { zone: 'UTC' }).setLocale('en-GB').toFormat('cccc d LLLL yyyy');
      day = { key, label, events: [] };
      days.set(key, day);
    }
    day.events.push(event);
  }
  return [...days.values()].sort((a, b) => (a.key < b.key ? -1 : 1));
}

function renderWhen(event: ResolvedEvent): string {
  const t = event.timing;
  if (t.kind === 'all-day') {
    const lastDay = DateTime.fromObject(t.endDate, { zone: 'UTC' }).minus({ days: 1 });
    const first = DateTime.fromObject(t.startDate, { zone: 'UTC' });
    const span = lastDay > first ? ` to <time datetime="${lastDay.toISODate()}">${lastDay.setLocale('en-GB').toFormat('d LLLL')}</time>` : '';
    return `<p class="when">All day${span}</p>`;
  }
  const start = DateTime.fromMillis(t.startMs, { zone: t.zone }).setLocale('en-GB');
  const end = DateTime.fromMillis(t.endMs, { zone: t.zone }).setLocale('en-GB');
  const endText = end.hasSame(start, 'day') ? end.toFormat('HH:mm') : end.toFormat('d LLL HH:mm');
  const utcStart = new Date(t.startMs).toISOString();
  const utcEnd = new Date(t.endMs).toISOString();
  return (
    `<p class="when"><time datetime="${utcStart}">${start.toFormat('HH:mm')}</time>–<time datetime="${utcEnd}">${endText}</time> ` +
    `<span class="zone">${escapeHtml(zoneAbbreviation(t.zone, t.startMs))}, ${escapeHtml(t.zone)}</span></p>` +
    `<p class="local" data-start="${t.startMs}" data-end="${t.endMs}" hidden></p>`
  );
}

function renderEvent(event: ResolvedEvent): string {
  const cancelled = event.status === 'cancelled';
  return [
    `<li class="event${cancelled ? ' cancelled' : ''}" id="${escapeHtml(event.id)}">`,
    `<h3>${cancelled ? '<span class="badge">Cancelled</span> ' : ''}${escapeHtml(event.title)}</h3>`,
    renderWhen(event),
    event.location ? `<p class="where">${escapeHtml(event.location)}</p>` : '',
    event.description ? `<p class="description">${escapeHtml(event.description).replace(/\n/g, '<br>')}</p>` : '',
    '<p class="links">',
    `<a href="events/${encodeURIComponent(event.id)}.ics" download>Add to calendar</a>`,
    event.url ? ` · <a href="${escapeHtml(event.url)}" rel="noopener">Source</a>` : '',
    '</p>',
    '</li>',
  ].join('');
}

const STYLE = `
:root{color-scheme:light dark;--fg:#1b1f24;--muted:#57606a;--bg:#fff;--card:#f6f8fa;--accent:#1f5fbf}
@media (prefers-color-scheme:dark){:root{--fg:#e6edf3;--muted:#9da7b3;--bg:#0d1117;--card:#161b22;--accent:#6ea8fe}}
*{box-sizing:border-box}body{margin:0 auto;max-width:46rem;padding:1.5rem 1rem 3rem;font:16px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;color:var(--fg);background:var(--bg)}
h1{font-size:1.6rem;line-height:1.25;margin:0 0 .25rem}h2{font-size:1.05rem;margin:2rem 0 .5rem;color:var(--muted);text-transform:uppercase;letter-spacing:.04em}
h3{font-size:1.1rem;margin:0 0 .25rem}p{margin:.25rem 0}a{color:var(--accent)}
.subscribe{display:flex;flex-wrap:wrap;gap:.5rem;margin:1rem 0}.subscribe a{padding:.45rem .9rem;border:1px solid var(--accent);border-radius:.4rem;text-decoration:none}
.subscribe a.primary{background:var(--accent);color:var(--bg)}
ul{list-style:none;padding:0;margin:0}.event{background:var(--card);border-radius:.5rem;padding:.9rem 1rem;margin:.5rem 0}
.zone,.where,.local,.stamp,.description{color:var(--muted)}.cancelled h3{text-decoration:line-through}.badge{text-decoration:none;display:inline-block;font-size:.75rem;padding:0 .4rem;border-radius:.3rem;background:#b42318;color:#fff}
.description{font-size:.95rem}.stamp{margin-top:2rem;font-size:.85rem}
@media print{.subscribe,.links{display:none}.event{break-inside:avoid;border:1px solid #ccc}}
`;

// In the browser only: each timed event also in the reader's own zone.
const SCRIPT = `
(function(){var zone=Intl.DateTimeFormat().resolvedOptions().timeZone;var city=zone.split('/').pop().replace(/_/g,' ');
var t=new Intl.DateTimeFormat(undefined,{hour:'2-digit',minute:'2-digit',hourCycle:'h23'});var d=new Intl.DateTimeFormat(undefined,{weekday:'short',day:'numeric',month:'short'});
document.querySelectorAll('.local').forEach(function(p){var s=new Date(+p.dataset.start),e=new Date(+p.dataset.end);
p.textContent=d.format(s)+', '+t.format(s)+'–'+t.format(e)+' in your time, '+city;p.hidden=false;});
var feed=new URL('calendar.ics',location.href);var sub=document.getElementById('subscribe');if(sub&&/^https?:$/.test(feed.protocol))sub.href='webcal://'+feed.host+feed.pathname;})();
`;

export function renderAgenda({ calendar, events }: Calendar, stampMs: number): string {
  const webcal = calendar.url ? calendar.url.replace(/^https?:/, 'webcal:') : 'calendar.ics';
  const google = calendar.url ? `https://calendar.google.com/calendar/r?cid=${encodeURIComponent(webcal)}` : undefined;
  const stamp = DateTime.fromMillis(stampMs, { zone: 'UTC' }).toFormat("yyyy-MM-dd HH:mm 'UTC'");
  const days = groupByDay(events)
    .map((day) => `<section aria-labelledby="d${day.key}"><h2 id="d${day.key}"><time datetime="${day.key}">${escapeHtml(day.label)}</time></h2><ul>${day.events.map(renderEvent).join('')}</ul></section>`)
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(calendar.name)}</title>
<link rel="alternate" type="text/calendar" title="${escapeHtml(calendar.name)}" href="calendar.ics">
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>${escapeHtml(calendar.name)}</h1>
${calendar.description ? `<p class="description">${escapeHtml(calendar.description)}</p>` : ''}
<nav class="subscribe" aria-label="Subscribe">
<a class="primary" id="subscribe" href="${escapeHtml(webcal)}">Subscribe</a>
${google ? `<a href="${escapeHtml(google)}" rel="noopener">Add to Google Calendar</a>` : ''}
<a href="calendar.ics" download>Download .ics</a>
</nav>
</header>
<main>
${days}
</main>
<p class="stamp">Last updated <time datetime="${new Date(stampMs).toISOString()}">${stamp}</time>. Times are shown in each venue's zone${events.some((e) => e.timing.kind === 'timed') ? ' and, with JavaScript, in yours' : ''}.</p>
<script>${SCRIPT}</script>
</body>
</html>
`;
}
