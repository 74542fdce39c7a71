// The help portal's stylesheet, served at a content-hashed URL with a year-long cache.
import { createHash } from 'node:crypto';

export const PORTAL_CSS = `
:root{--ayuda-color-primary:#0b5cad;--ayuda-color-primary-contrast:#fff;--bg:#fff;--fg:#1b1f24;--muted:#4d5560;--line:#d6dbe1;--card:#f5f7fa;--mark:#fff1a8;--radius:10px;
font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;line-height:1.55;color:var(--fg);background:var(--bg);color-scheme:light dark}
@media (prefers-color-scheme:dark){:root{--ayuda-color-primary:#8cc4ff;--ayuda-color-primary-contrast:#0b1520;--bg:#12161b;--fg:#e8ecf1;--muted:#aab4bf;--line:#333c46;--card:#1b2129;--mark:#6b5a00}}
*{box-sizing:border-box}
body{margin:0}
a{color:var(--ayuda-color-primary)}
a:focus-visible,button:focus-visible,input:focus-visible{outline:3px solid var(--ayuda-color-primary);outline-offset:2px}
.skip{position:absolute;left:-9999px;top:0}
.skip:focus{left:1rem;top:1rem;background:var(--bg);padding:.5rem 1rem;z-index:10}
header.site{border-bottom:1px solid var(--line);background:var(--card)}
.wrap{max-width:50rem;margin:0 auto;padding:0 1rem}
header.site .wrap{display:flex;align-items:center;justify-content:space-between;gap:.5rem 1.5rem;min-height:3.5rem;flex-wrap:wrap;padding-block:.75rem}
.brand{font-weight:700;font-size:1.1rem;text-decoration:none;color:var(--fg)}
.brand span{color:var(--muted);font-weight:400}
nav.lang a{margin-left:.75rem}
.account-cases li,.account-payments li{margin:.4rem 0}
main{padding:1.5rem 0 3rem}
h1,p{overflow-wrap:break-word}
.pages{display:flex;flex-wrap:wrap;gap:.5rem 1.5rem;align-items:center;margin:1.5rem 0}
h1{font-size:1.9rem;line-height:1.2;margin:.5rem 0 1rem}
h2{font-size:1.35rem;margin:2rem 0 .75rem}
h3{font-size:1.1rem}
form.search{display:flex;gap:.5rem;margin:1rem 0 2rem}
form.search input{flex:1;min-width:0;font:inherit;padding:.7rem .9rem;border:2px solid var(--line);border-radius:var(--radius);background:var(--bg);color:var(--fg)}
form.search input:focus{border-color:var(--ayuda-color-primary)}
button,.button{font:inherit;font-weight:600;padding:.7rem 1.1rem;border:0;border-radius:var(--radius);background:var(--ayuda-color-primary);color:var(--ayuda-color-primary-contrast);cursor:pointer}
button.secondary,.button.secondary{background:transparent;color:var(--ayuda-color-primary);border:2px solid var(--ayuda-color-primary)}
a.button{display:inline-block;text-decoration:none;line-height:1.4}a.button:hover{text-decoration:underline}
button.danger{background:#b3261e;color:#fff;border:2px solid #b3261e}button.danger:hover{background:#8c1d18;border-color:#8c1d18}button.danger:focus-visible{outline-color:#b3261e}
@media (prefers-color-scheme:dark){button.danger{background:#ffb4ab;color:#410002;border-color:#ffb4ab}button.danger:hover{background:#ffdad6;border-color:#ffdad6}button.danger:focus-visible{outline-color:#ffb4ab}}
ul.cards{list-style:none;padding:0;display:grid;grid-template-columns:repeat(auto-fill,minmax(14rem,1fr));gap:1rem}
ul.cards li{background:var(--card);border:1px solid var(--line);border-radius:var(--radius);padding:1rem}
ul.cards a{font-weight:600;font-size:1.05rem}
ul.cards p{margin:.35rem 0 0;color:var(--muted);font-size:.95rem}
ul.list{list-style:none;padding:0}
ul.list li{padding:.8rem 0;border-bottom:1px solid var(--line)}
ul.list a{font-weight:600}
ul.list p{margin:.25rem 0 0;color:var(--muted)}
.did-you-mean button{padding:.3rem .8rem;margin-inline-start:.2rem}
mark{background:var(--mark);color:inherit;border-radius:2px}
.crumbs{font-size:.9rem;color:var(--muted)}
.crumbs ol{list-style:none;padding:0;margin:0;display:flex;flex-wrap:wrap;gap:.4rem}
.crumbs li+li::before{content:"›";margin-right:.4rem}
.meta{color:var(--muted);font-size:.9rem}
.body{overflow-wrap:break-word}
.table-scroll{max-width:100%;overflow-x:auto;margin:1rem 0}
.table-scroll:focus-visible{outline:3px solid var(--ayuda-color-primary);outline-offset:2px}
.body table{border-collapse:collapse}
.body th,.body td{border:1px solid var(--line);padding:.45rem .6rem;text-align:start;vertical-align:top}
.body th{white-space:nowrap}
.body img{max-width:100%;height:auto}
.body pre{overflow-x:auto;background:var(--card);padding:.75rem;border-radius:6px}
.feedback{margin-top:2.5rem;padding:1rem;border:1px solid var(--line);border-radius:var(--radius);background:var(--card)}
.feedback form{display:flex;gap:.75rem;flex-wrap:wrap;align-items:center}
.feedback p{margin:0 0 .75rem;font-weight:600}
.feedback .thanks{margin:0;font-weight:600}
pre.mail{white-space:pre-wrap;font:inherit;background:var(--card);padding:1rem;border-radius:var(--radius);border:1px solid var(--line)}
form.case{display:grid;gap:1rem;margin:1rem 0 2rem}
.field{display:grid;gap:.35rem}
.field label{font-weight:600}
.field input,.field select,.field textarea{font:inherit;padding:.6rem .75rem;border:2px solid var(--line);border-radius:var(--radius);background:var(--bg);color:var(--fg);width:100%}
.field.invalid input,.field.invalid textarea{border-color:#b3261e}
.error{color:#b3261e;margin:0;font-weight:600}
@media (prefers-color-scheme:dark){.error{color:#ffb4ab}.field.invalid input,.field.invalid textarea{border-color:#ffb4ab}}
.alert,.notice{padding:.8rem 1rem;border-radius:var(--radius);border:2px solid var(--ayuda-color-primary);background:var(--card);margin:1rem 0}
.alert{border-color:#b3261e}
.announcements{display:grid;gap:.5rem;margin:1rem 0 1.75rem}.sev-icon{width:1em;height:1em;vertical-align:-.15em}.ann-warning .sev-icon{color:#8a5300}.ann-critical .sev-icon{color:#b3261e}@media (prefers-color-scheme:dark){.ann-warning .sev-icon{color:#ffb74d}.ann-critical .sev-icon{color:#ffb4ab}}.ann{padding:.6rem .9rem;border-radius:var(--radius);border:2px solid var(--line);border-left-width:.4rem;background:var(--card)}.ann p{margin:0}.ann-body{white-space:pre-line;margin-top:.25rem!important}.ann-sev{font-weight:700;text-transform:uppercase;font-size:.85em;letter-spacing:.03em}.ann-info{border-color:var(--ayuda-color-primary)}.ann-warning{border-color:#b26a00}.ann-critical{border-color:#b3261e}@media (prefers-color-scheme:dark){.ann-warning{border-color:#ffb74d}.ann-critical{border-color:#ffb4ab}}
.ann-note{margin:.25rem 0 0}
.survey-q{margin:1rem 0 1.5rem}.survey-q h3{font-size:1rem;margin:0 0 .25rem}fieldset.scores{border:0;padding:0;margin:0}fieldset.scores legend{font-weight:600;padding:0;margin-bottom:.35rem}.hint{color:var(--muted);margin:0 0 .5rem;font-size:.9rem}.score-row{display:flex;flex-wrap:wrap;gap:.4rem}button.score{min-width:2.75rem;padding-inline:.6rem}.survey-comment{margin:.5rem 0;padding-left:1rem;border-left:3px solid var(--line);white-space:pre-line}
.hp{position:absolute;left:-10000px;width:1px;height:1px;overflow:hidden}
fieldset.window{border:2px solid var(--line);border-radius:var(--radius);padding:.75rem 1rem 1rem;margin:0;display:grid;gap:.75rem;align-items:start;grid-template-columns:repeat(auto-fit,minmax(10rem,1fr))}fieldset.window legend{font-weight:600;padding:0 .25rem}fieldset.window .hint{grid-column:1/-1;margin:0}
dl.case-facts{display:grid;grid-template-columns:repeat(auto-fit,minmax(12rem,1fr));gap:.75rem;margin:1rem 0}
dl.case-facts div{background:var(--card);border:1px solid var(--line);border-radius:var(--radius);padding:.6rem .8rem}
dl.case-facts dt{font-size:.85rem;color:var(--muted)}
dl.case-facts dd{margin:0;font-weight:600}
ol.thread{list-style:none;padding:0;display:grid;gap:1rem}
.msg{border:1px solid var(--line);border-radius:var(--radius);padding:.8rem 1rem}
.msg.staff{background:var(--card)}
.msg .meta{margin:0 0 .4rem}
.msg-body{white-space:pre-wrap;overflow-wrap:anywhere}
.msg-body.md{white-space:normal}
.msg-body.md>:first-child{margin-top:0}.msg-body.md>:last-child{margin-bottom:0}
.msg-body.md img{max-width:100%;height:auto}
.msg-body.md pre{overflow-x:auto;background:var(--bg);padding:.6rem;border-radius:6px}
.msg-body.md table{border-collapse:collapse;display:block;overflow-x:auto}
.msg-body.md th,.msg-body.md td{border:1px solid var(--line);padding:.3rem .5rem}
.msg-body.md blockquote{margin:.5rem 0;padding-left:.8rem;border-left:3px solid var(--line)}
form.inline{margin:0 0 2rem}
details.confirm{margin:0 0 2rem}details.confirm summary{cursor:pointer;font-weight:600}
fieldset.slots{border:0;padding:0;margin:0}fieldset.slots>legend{font-weight:600;padding:0;margin-bottom:.35rem}fieldset.slot-day{border:1px solid var(--line);border-radius:var(--radius);padding:.5rem .75rem;margin:0 0 .75rem}fieldset.slot-day legend{font-weight:600;padding:0 .25rem}.slot-times{display:flex;flex-wrap:wrap;gap:.4rem}.slot-list{flex-direction:column;align-items:flex-start}label.slot{display:inline-flex;align-items:center;gap:.4rem;min-height:2.75rem;padding:.25rem .75rem;border:2px solid var(--line);border-radius:var(--radius);cursor:pointer}label.slot:has(input:checked){border-color:currentColor;font-weight:600}fieldset.slots.invalid>legend{color:inherit}.week-nav p{margin:.25rem 0}.week-nav a{margin-inline-end:1rem}
footer.site{border-top:1px solid var(--line);color:var(--muted);font-size:.9rem;padding:1.5rem 0}
/* The header's links, right of the brand: contact with the usual reply time under it, My requests, the language; on a phone, a row of their own under the brand. */
.site-links{display:flex;flex-wrap:wrap;align-items:center;gap:.5rem 1.25rem;margin-left:auto}.site-links nav.lang a:first-child{margin-left:0}.contact-nav{margin:0;display:flex;flex-direction:column;line-height:1.3}.usual-reply{color:var(--muted);font-size:.9rem;font-weight:400}.contact-nav .usual-reply{font-size:.8rem}
@media (max-width:40rem){.site-links{margin-left:0;width:100%;gap:.35rem 1.25rem}.contact-nav{width:100%;flex-direction:row;flex-wrap:wrap;align-items:baseline;gap:0 .5rem}}
.contact-block{margin-top:2rem;padding-top:.25rem;border-top:1px solid var(--line)}.contact-block.not-helpful{border:0;margin-top:.75rem;padding:0}.contact-block p{margin:.5rem 0}
@media (forced-colors:active){mark{background:Highlight;color:HighlightText}button{border:1px solid ButtonText}}
@media (prefers-reduced-motion:reduce){*{scroll-behavior:auto!important;transition:none!important}}
`.trim();

export const PORTAL_CSS_HASH = createHash('sha256').update(PORTAL_CSS).digest('hex').slice(0, 12);
export const PORTAL_CSS_PATH = `/help/assets/portal.${PORTAL_CSS_HASH}.css`;

export const FAVICON_PATH = '/help/assets/favicon.svg';
export const FAVICON_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><circle cx="16" cy="16" r="15" fill="#0b5cad"/><text x="16" y="22" font-family="Arial,sans-serif" font-size="18" font-weight="700" fill="#fff" text-anchor="middle">?</text></svg>';
