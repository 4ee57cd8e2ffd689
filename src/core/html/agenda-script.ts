// The page's only script, a few lines with no framework: each timed event also in the reader's own zone,
// the Subscribe link from the page's own address when the calendar names no `url`, details opened to print.
// Times read from each `<time datetime>`, so the server-rendered venue time stays the one source.
export const AGENDA_SCRIPT = `
(function () {
  'use strict';
  var zone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  var place = /\\//.test(zone) && !/^Etc\\//.test(zone) ? zone.slice(zone.lastIndexOf('/') + 1).replace(/_/g, ' ') : zone;
  var day = new Intl.DateTimeFormat('en-GB', { timeZone: zone, weekday: 'short', day: 'numeric', month: 'short' });
  var clock = new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  document.querySelectorAll('.when.timed').forEach(function (when) {
    var times = when.querySelectorAll('time');
    var start = new Date(times[0].dateTime);
    var end = new Date(times[1].dateTime);
    var startDay = day.format(start);
    var endDay = day.format(end);
    var local = document.createElement('p');
    local.className = 'local';
    local.textContent = startDay + ', ' + clock.format(start) + (endDay === startDay ? '–' : ' – ' + endDay + ', ') +
      clock.format(end) + ' in your time, ' + place;
    when.after(local);
  });
  var subscribe = document.getElementById('subscribe');
  if (subscribe && subscribe.hasAttribute('data-from-location') && /^https?:$/.test(location.protocol)) {
    var feed = new URL(subscribe.getAttribute('href'), location.href);
    subscribe.href = 'webcal://' + feed.host + feed.pathname + feed.search;
  }
  addEventListener('beforeprint', function () {
    document.querySelectorAll('details').forEach(function (details) { details.open = true; });
  });
})();
`.trim();
