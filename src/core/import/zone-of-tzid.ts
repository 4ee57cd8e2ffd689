// A TZID as feeds write it → the IANA zone calfeed publishes in: an IANA name as it is, a Windows name
// (Outlook and Exchange write `W. Europe Standard Time`) through CLDR's mapping, a path ending in an IANA
// name (`/mozilla.org/20050126_1/Europe/Berlin`, `/freeassociation.sourceforge.net/Tzfile/Europe/Paris`).
//
// The Windows mapping is the npm package windows-iana: it ships CLDR's windowsZones.xml (the table
// Unicode keeps for exactly this, updated with each CLDR release) as data, with no dependencies, and its
// first answer for a name is CLDR's territory "001", the zone Windows itself means. Node's ICU knows the
// mapping but exposes it to no JavaScript API, and a table typed by hand would go stale as Windows adds
// zones.
import { findIana } from 'windows-iana';
import { checkZone } from '../zones.js';

export type TzidZone = { ok: true; zone: string; windows: boolean } | { ok: false };

export function zoneOfTzid(tzid: string): TzidZone {
  const name = tzid.trim().replace(/^"|"$/g, '');
  if (isIana(name)) return { ok: true, zone: name, windows: false };
  const windows = findIana(name).find(isIana);
  if (windows) return { ok: true, zone: windows, windows: true };
  // A prefix of path segments before an IANA name: the longest tail that names a zone.
  const segments = name.split('/').filter(Boolean);
  for (let from = 1; from < segments.length; from++) {
    const tail = segments.slice(from).join('/');
    if (isIana(tail)) return { ok: true, zone: tail, windows: false };
  }
  return { ok: false };
}

/** A zone name calfeed accepts (abbreviation zones such as EST are not: their clocks are not the place's). */
const isIana = (name: string) => /^[A-Za-z]/.test(name) && checkZone(name).ok;
