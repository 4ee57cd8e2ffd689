// Deterministic events.yaml of any size for the benchmark: varied zones, non-ASCII text, all-day and
// recurring shares, long descriptions. The same seed and count always give the same bytes.

/** Zones with daylight saving in both hemispheres, a half-hour change, and none. Times 07:00–19:45 avoid every gap. */
const ZONES = [
  'Europe/Brussels',
  'Europe/Zurich',
  'Europe/Vienna',
  'Europe/Kyiv',
  'America/New_York',
  'America/Sao_Paulo',
  'Asia/Tokyo',
  'Asia/Kolkata',
  'Australia/Sydney',
  'Australia/Lord_Howe',
  'Pacific/Auckland',
  'Africa/Nairobi',
  'UTC',
] as const;

const WORDS = [
  'talks', 'Geneva', 'Brussels', 'Wien', 'Genève', 'Zürich', 'Kyiv', 'Київ', 'переговоры', 'безопасность',
  'sécurité', 'délégation', 'Außenminister', 'Verhandlungen', '安全保障', '会議', 'dialogue', 'stability',
  'council', 'OSCE', 'NATO', 'ministers', 'round', 'session', 'statement', 'press', 'conference', 'Ελλάδα',
  'çalışma', 'naïve', 'café', 'résumé', 'delegation', 'working', 'dinner', 'call', 'summit', '🇺🇳', 'agenda',
  'follow-up', 'briefing', 'deputy', 'envoy', 'strategic', 'arms', 'control', 'Østerbro', 'Łódź', 'Ñuñoa',
];

const PLACES = [
  'Permanent Mission of the United States, Geneva',
  'NATO headquarters, Boulevard Léopold III, Brussels',
  'Hofburg, Wien',
  'Palais des Nations, Genève',
  'Міністерство закордонних справ, Київ',
  '外務省, 東京',
  'Itamaraty, Brasília',
];

const CATEGORIES = ['US', 'Russia', 'NATO', 'OSCE', 'Ukraine', 'EU', 'Phone call', 'Press', 'Été', 'Переговоры'];

/** mulberry32: a small, fast, seeded generator; enough for test data. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface GeneratedEvent {
  id: string;
  title: string;
  start: string;
  end?: string;
  duration?: string;
  timezone: string;
  location?: string;
  geo?: { lat: number; lon: number };
  description?: string;
  url?: string;
  categories?: string[];
  status?: 'confirmed' | 'tentative' | 'cancelled';
  rrule?: string;
  exdates?: string[];
}

export interface GeneratedCalendar {
  calendar: { name: string; description: string; timezone: string; domain: string; url: string; refresh: string; color: string };
  events: GeneratedEvent[];
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The calendar as data (the bench's ground truth: peers and the count check read the same values). */
export function generateCalendar(count: number, seed = 20220110): GeneratedCalendar {
  const next = random(seed ^ count);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
  const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1));
  const sentence = (words: number) => Array.from({ length: words }, () => pick(WORDS)).join(' ');
  const events: GeneratedEvent[] = [];
  for (let i = 0; i < count; i++) {
    const year = int(2021, 2027);
    const month = int(1, 12);
    const day = int(1, 28);
    const date = `${year}-${pad(month)}-${pad(day)}`;
    const zone = pick(ZONES);
    const roll = next();
    const event: GeneratedEvent = { id: `event-${String(i).padStart(6, '0')}`, title: `${sentence(int(2, 6))} ${i}`, start: date, timezone: zone };
    if (roll < 0.1) {
      // All-day: one day, or several with an inclusive end.
      if (next() < 0.5) event.end = `${year}-${pad(month)}-${pad(Math.min(28, day + int(1, 3)))}`;
    } else {
      const hour = int(7, 18);
      const minute = pick([0, 15, 30, 45]);
      event.start = `${date} ${pad(hour)}:${pad(minute)}`;
      if (next() < 0.5) event.end = `${date} ${pad(hour + 1)}:${pad(minute)}`;
      else event.duration = pick(['30m', '1h30m', '2h', 'PT45M', '90m']);
    }
    if (roll >= 0.1 && roll < 0.15) {
      // Recurring (5%): weekly with a count and one exdate (always a real occurrence), or monthly for good.
      if (next() < 0.7) {
        event.rrule = `FREQ=WEEKLY;COUNT=${int(3, 12)}`;
        const second = new Date(Date.UTC(year, month - 1, day + 7));
        event.exdates = [`${second.getUTCFullYear()}-${pad(second.getUTCMonth() + 1)}-${pad(second.getUTCDate())}${event.start.slice(10)}`];
      } else {
        event.rrule = 'FREQ=MONTHLY;BYDAY=2TU';
      }
    }
    if (next() < 0.8) event.location = pick(PLACES);
    if (next() < 0.3) event.geo = { lat: Math.round((next() * 180 - 90) * 1e4) / 1e4, lon: Math.round((next() * 360 - 180) * 1e4) / 1e4 };
    if (next() < 0.85) {
      // Long descriptions: one to three paragraphs, about 60 to 900 characters (100,000 events stay under 64 MiB).
      const paragraphs = Array.from({ length: int(1, 3) }, () => `${sentence(int(8, 30))}.`);
      event.description = paragraphs.join('\n\n');
    }
    if (next() < 0.6) event.url = `https://example.org/news/${year}/${i}?ref=calfeed&lang=${pick(['en', 'ru', 'uk', 'de'])}`;
    if (next() < 0.7) event.categories = Array.from({ length: int(1, 3) }, () => pick(CATEGORIES)).filter((c, k, all) => all.indexOf(c) === k);
    if (next() < 0.6) event.status = pick(['confirmed', 'confirmed', 'tentative', 'cancelled'] as const);
    events.push(event);
  }
  return {
    calendar: {
      name: `Benchmark calendar, ${count} events – переговоры`,
      description: 'Generated for calfeed’s benchmark: varied zones, non-ASCII text, all-day and recurring events.',
      timezone: 'Europe/Brussels',
      domain: 'bench.example.org',
      url: 'https://bench.example.org/calendar.ics',
      refresh: 'PT6H',
      color: '#1f5fbf',
    },
    events,
  };
}

/** A YAML scalar that reads back as exactly this text: JSON's double-quoted form is valid YAML 1.2. */
const quoted = (text: string) => JSON.stringify(text);

/** events.yaml as a person would write it: block mappings, flow lists, `|` blocks for descriptions. */
export function renderEventsYaml(data: GeneratedCalendar): string {
  const c = data.calendar;
  const out: string[] = [
    '# yaml-language-server: $schema=./events.schema.json',
    `# Generated by scripts/bench/generate-events.ts: ${data.events.length} events.`,
    'calendar:',
    `  name: ${quoted(c.name)}`,
    `  description: ${quoted(c.description)}`,
    `  timezone: ${c.timezone}`,
    `  domain: ${c.domain}`,
    `  url: ${c.url}`,
    `  refresh: ${c.refresh}`,
    `  color: "${c.color}"`,
    'events:',
  ];
  for (const e of data.events) {
    out.push(`  - id: ${e.id}`, `    title: ${quoted(e.title)}`, `    start: ${e.start}`);
    if (e.end !== undefined) out.push(`    end: ${e.end}`);
    if (e.duration !== undefined) out.push(`    duration: ${e.duration}`);
    out.push(`    timezone: ${e.timezone}`);
    if (e.location !== undefined) out.push(`    location: ${quoted(e.location)}`);
    if (e.geo) out.push(`    geo: { lat: ${e.geo.lat}, lon: ${e.geo.lon} }`);
    if (e.description !== undefined) out.push('    description: |', ...e.description.split('\n').map((line) => (line ? `      ${line}` : '')));
    if (e.url !== undefined) out.push(`    url: ${e.url}`);
    if (e.categories) out.push(`    categories: [${e.categories.map(quoted).join(', ')}]`);
    if (e.status) out.push(`    status: ${e.status}`);
    if (e.rrule) out.push(`    rrule: ${e.rrule}`);
    if (e.exdates) out.push(`    exdates: [${e.exdates.join(', ')}]`);
  }
  return `${out.join('\n')}\n`;
}
