// The page's inline stylesheet: system fonts, light and dark schemes, phone-first, and a print layout.

/** `calendarColor` is a validated `#rrggbb` (the calendar's `color`): a stripe, never text, so any colour stays legible. */
export function agendaStyle(calendarColor: string | undefined): string {
  return `
:root{color-scheme:light dark;--fg:#1b1f24;--muted:#57606a;--bg:#f6f7f9;--card:#fff;--line:#d8dde3;--accent:#1a56b0;--on-accent:#fff;--warn:#a4161a;--on-warn:#fff;--cal:${calendarColor ?? 'var(--accent)'}}
@media (prefers-color-scheme:dark){:root{--fg:#e6eaee;--muted:#a2acb6;--bg:#0f1216;--card:#181d23;--line:#2d343c;--accent:#8cb8ff;--on-accent:#0f1216;--warn:#ff9c94;--on-warn:#0f1216}}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;background:var(--bg);color:var(--fg);font:1rem/1.55 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Helvetica Neue",Arial,sans-serif;border-top:.375rem solid var(--cal)}
.page{max-width:46rem;margin:0 auto;padding:1.75rem 1rem 2.5rem}
a{color:var(--accent);text-underline-offset:.15em}
:focus-visible{outline:3px solid var(--accent);outline-offset:2px;border-radius:.2rem}
.vh{position:absolute;width:1px;height:1px;margin:-1px;padding:0;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;border:0}
.skip{position:absolute;left:.5rem;top:-3rem;padding:.5rem .75rem;background:var(--card);border-radius:.4rem}
.skip:focus{top:.75rem}
h1{font-size:clamp(1.5rem,1.1rem + 2vw,2.1rem);line-height:1.2;margin:0 0 .6rem;letter-spacing:-.01em;text-wrap:balance}
.lede{color:var(--muted);margin:0 0 1.25rem;max-width:38rem}
.subscribe{display:flex;flex-wrap:wrap;gap:.5rem}
.button{display:inline-flex;align-items:center;min-height:2.75rem;padding:.5rem 1rem;border:1px solid var(--accent);border-radius:.5rem;font-weight:600;text-decoration:none;background:var(--card)}
.button.primary{background:var(--accent);color:var(--on-accent)}
.button:hover{text-decoration:underline}
.button[hidden]{display:none}
.feed-address{font-size:.875rem;color:var(--muted);margin:.75rem 0 0;overflow-wrap:anywhere}
code{font:.875rem/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;color:var(--fg)}
main{margin-top:1.5rem}
main:focus{outline:none}
h2{position:sticky;top:0;z-index:1;margin:1.5rem 0 .5rem;padding:.5rem 0;background:var(--bg);border-bottom:1px solid var(--line);font-size:1rem;letter-spacing:.01em}
ol{list-style:none;margin:0;padding:0}
.event{background:var(--card);border:1px solid var(--line);border-left:.25rem solid var(--cal);border-radius:.5rem;padding:.85rem 1rem;margin:.75rem 0}
.event>*{margin:.3rem 0}
h3{font-size:1.125rem;line-height:1.3;margin:0 0 .4rem;text-wrap:balance}
.when{font-weight:600;font-variant-numeric:tabular-nums}
.zone{font-weight:400;color:var(--muted);font-size:.875rem;white-space:nowrap}
.local{color:var(--accent);font-variant-numeric:tabular-nums}
.repeats{font-weight:600}
.next{font-variant-numeric:tabular-nums}
.where{color:var(--muted)}
.badge{display:inline-block;vertical-align:.15em;margin-right:.25rem;padding:0 .45rem;border-radius:.3rem;background:var(--warn);color:var(--on-warn);font-size:.75rem;font-weight:700;letter-spacing:.04em;text-transform:uppercase}
.tentative .badge{background:transparent;color:var(--fg);border:1px solid var(--muted)}
.cancelled{border-left-color:var(--warn)}
.cancelled h3 s{text-decoration-thickness:.08em}
.cancelled .when,.cancelled .local{text-decoration:line-through}
summary{cursor:pointer;color:var(--accent);width:max-content;max-width:100%}
.description{font-size:.9375rem}
.description p{margin:.5rem 0}
.links{display:flex;flex-wrap:wrap;gap:.25rem 1.25rem;padding-top:.2rem}
footer{margin-top:2.5rem;padding-top:1rem;border-top:1px solid var(--line);color:var(--muted);font-size:.875rem}
footer p{margin:.3rem 0}
@media (max-width:39.99rem){.button{flex:1 1 auto;justify-content:center}}
@media (min-width:40rem){.page{padding:2.5rem 1.5rem 3rem}.event{padding:1rem 1.25rem}}
@media print{
:root{--fg:#000;--muted:#333;--bg:#fff;--card:#fff;--line:#999;--accent:#000;--warn:#000;--on-warn:#fff}
body{border:0;font-size:11pt}.page{max-width:none;padding:0}
.subscribe,.feed-address,.links,.skip{display:none}
h2{position:static}.event{break-inside:avoid;border-left-width:1px}
details[open]>summary{display:none}
}
/* Closed details print their text where the browser allows it; elsewhere the script opens them before printing. */
@supports selector(::details-content){@media print{summary{display:none}details::details-content{content-visibility:visible;display:block}}}
`.trim();
}
