// The page's only script, a few lines with no framework: each timed event (and a series' next dates) also in
// the reader's own zone, the Subscribe link from the page's own address when the calendar names no `url` (and a
// second one to this address when it is not the published one's, as under calfeed serve), details opened to print. Times are read from each `<time datetime>`: the server-rendered text stays the source.
export const AGENDA_SCRIPT = `
(function () {
  'use strict';
  var zone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  var place = /\\//.test(zone) && !/^Etc\\//.test(zone) ? zone.slice(zone.lastIndexOf('/') + 1).replace(/_/g, ' ') : zone;
  // Assembled from parts so it reads like the server-rendered dates (en-GB would write "Sept").
  var dayParts = new Intl.DateTimeFormat('en-US', { timeZone: zone, weekday: 'short', day: 'numeric', month: 'short' });
  var day = { format: function (date) {
    var p = {};
    dayParts.formatToParts(date).forEach(function (part) { p[part.type] = part.value; });
    return p.weekday + ' ' + p.day + ' ' + p.month;
  } };
  var clock = new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  function addLocal(after, text) {
    var local = document.createElement('p');
    local.className = 'local';
    local.textContent = text + ' in your time, ' + place;
    after.after(local);
  }
  function instants(element) {
    return Array.prototype.map.call(element.querySelectorAll('time'), function (time) { return new Date(time.dateTime); });
  }
  document.querySelectorAll('.when.timed').forEach(function (when) {
    var times = instants(when), startDay = day.format(times[0]), endDay = day.format(times[1]);
    addLocal(when, startDay + ', ' + clock.format(times[0]) + (endDay === startDay ? '–' : ' – ' + endDay + ', ') + clock.format(times[1]));
  });
  document.querySelectorAll('.next').forEach(function (next) {
    if (next.querySelector('time').dateTime.indexOf('T') < 0) return; // all-day: the same dates everywhere
    addLocal(next, instants(next).map(function (start) { return day.format(start) + ', ' + clock.format(start); }).join('; '));
  });
  var subscribe = document.getElementById('subscribe');
  if (subscribe && subscribe.hasAttribute('data-from-location') && /^https?:$/.test(location.protocol)) {
    var feed = new URL(subscribe.getAttribute('href'), location.href);
    subscribe.href = 'webcal://' + feed.host + feed.pathname + feed.search;
  }
  var here = document.getElementById('subscribe-here');
  if (here && /^https?:$/.test(location.protocol)) {
    var local = new URL(here.getAttribute('href'), location.href);
    if (local.href !== new URL(here.getAttribute('data-published')).href) {
      here.href = 'webcal://' + local.host + local.pathname;
      here.textContent = 'Subscribe at ' + local.host;
      here.hidden = false;
    }
  }
  addEventListener('beforeprint', function () {
    document.querySelectorAll('details').forEach(function (details) { details.open = true; });
  });
})();
`.trim();
