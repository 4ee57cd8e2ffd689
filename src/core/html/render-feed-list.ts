// The page's list of the feeds of categories (calendar `feeds:`): for each, a subscribe link, its file and a
// link that shows only its events (the fragment #feed-<id>, read by FEED_FILTER_SCRIPT; without JavaScript
// every event shows). Rendered only for a calendar with feeds: other pages stay as they were.
import type { ResolvedFeed } from '../resolve-feeds.js';
import { escapeHtml } from './escape-html.js';
import { toWebcal } from './feed-links.js';

/** The header's list of feeds; '' for none. */
export function renderFeedList(feeds: readonly ResolvedFeed[]): string {
  if (feeds.length === 0) return '';
  const items = feeds.map((feed) => {
    const id = escapeHtml(feed.id);
    const name = escapeHtml(feed.name);
    const about = `<span class="vh"> (${name})</span>`;
    // As the main Subscribe link: webcal:// of the published address, or the file, which the script turns into webcal:// from the page's own address.
    const subscribe = feed.url ? `href="${escapeHtml(toWebcal(feed.url))}"` : `href="${escapeHtml(feed.path)}" data-from-location`;
    return (
      `<li id="feed-${id}" data-feed="${id}"><span class="feed-name">${name}</span>` +
      ` <span class="feed-links"><a class="feed-subscribe" ${subscribe}>Subscribe${about}</a>` +
      ` <a href="${escapeHtml(feed.path)}" type="text/calendar" download>Download .ics${about}</a>` +
      ` <a class="feed-show" href="#feed-${id}" data-feed="${id}" hidden>Show only these${about}</a></span></li>`
    );
  });
  return [
    '<nav class="feeds" aria-labelledby="feeds-title">',
    '<p class="feeds-title" id="feeds-title">Feeds by category</p>',
    `<ul>\n${items.join('\n')}\n</ul>`,
    '<p class="feed-filter" id="feed-filter" role="status" hidden>Showing only <strong id="feed-filter-name"></strong>. <a href="#all-events">Show all events</a></p>',
    '</nav>',
  ].join('\n');
}

/** `<li class="event" …>` with the ids of the feeds it is in, which the script filters by. */
export function withFeedIds(html: string, feedIds: readonly string[]): string {
  if (!html.startsWith('<li ')) throw new Error('an agenda entry starts with its <li>');
  return `<li data-feeds="${escapeHtml(feedIds.join(' '))}" ${html.slice(4)}`;
}

export const FEED_LIST_STYLE = `
.feeds{margin-top:1.25rem}
.feeds-title{font-weight:600;margin:0 0 .4rem}
.feeds ul{list-style:none;margin:0;padding:0}
.feeds li{display:flex;flex-wrap:wrap;gap:.15rem 1rem;align-items:baseline;margin:.35rem 0}
.feed-name{font-weight:600;flex:1 1 12rem}
.feed-links{display:flex;flex-wrap:wrap;gap:.15rem 1rem}
.feed-show[aria-current]{font-weight:700;text-decoration:none}
.feed-filter{margin:1rem 0 0;padding:.5rem .75rem;border:1px solid var(--line);border-radius:.5rem;background:var(--card)}
.feed-filter[hidden],.event[hidden],section[hidden]{display:none}
@media print{.feeds{display:none}}
`.trim();

/**
 * The page's second script, for a calendar with feeds: shows each feed's "Show only these" link, turns
 * relative subscribe links into webcal:// ones, and, while the address ends in #feed-<id>, shows only that
 * feed's events (and only the days that keep some). A fragment, not a query: no reload, and the static
 * page is the same file for every filter.
 */
export const FEED_FILTER_SCRIPT = `
(function () {
  'use strict';
  var status = document.getElementById('feed-filter');
  var statusName = document.getElementById('feed-filter-name');
  document.querySelectorAll('.feed-show').forEach(function (link) { link.hidden = false; });
  if (/^https?:$/.test(location.protocol)) {
    document.querySelectorAll('a.feed-subscribe[data-from-location]').forEach(function (link) {
      var feed = new URL(link.getAttribute('href'), location.href);
      link.href = 'webcal://' + feed.host + feed.pathname + feed.search;
    });
  }
  function apply() {
    var match = /^#feed-([a-z0-9._-]+)$/.exec(location.hash);
    var item = match && document.getElementById('feed-' + match[1]);
    var id = item && item.hasAttribute('data-feed') ? match[1] : null;
    document.querySelectorAll('li.event').forEach(function (event) {
      event.hidden = id !== null && (event.getAttribute('data-feeds') || '').split(' ').indexOf(id) < 0;
    });
    document.querySelectorAll('main section').forEach(function (day) {
      day.hidden = !day.querySelector('li.event:not([hidden])');
    });
    document.querySelectorAll('.feed-show').forEach(function (link) {
      if (link.getAttribute('data-feed') === id) link.setAttribute('aria-current', 'true');
      else link.removeAttribute('aria-current');
    });
    status.hidden = id === null;
    statusName.textContent = id === null ? '' : item.querySelector('.feed-name').textContent;
  }
  addEventListener('hashchange', apply);
  apply();
})();
`.trim();
