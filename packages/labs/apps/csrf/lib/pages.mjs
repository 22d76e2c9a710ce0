import { esc, flagBox, framePage, frameStyle, withLang } from '../../_shared/lab-page.mjs';
import { TEXTS } from './texts.mjs';

// HTML of the points shop's pages. Every value from a request, the store or the learner's handler goes through `esc`.

const STYLE = `${frameStyle({ brand: '#8d2b0b', bg: '#faf7f5', headerLink: '#fbe3d6' })}
  header nav { flex-wrap: wrap; }
  header a.attacker { margin-left: auto; padding: 0 0.5rem; background: #1f2933; border-radius: 4px; color: #9ae6b4; }
  main.attacker { background: #1f2933; color: #e4e7eb; padding: 1.2rem 1.5rem; border-radius: 6px; }
  form { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 1rem 1.2rem;
         display: flex; flex-direction: column; gap: 0.75rem; max-width: 36rem; color: var(--ink); }
  label { display: flex; flex-direction: column; gap: 0.25rem; font-size: 0.85rem; color: var(--muted); }
  input, select, textarea { font: inherit; padding: 0.4rem 0.6rem; border: 1px solid #bcccdc; border-radius: 4px; }
  textarea.code { font: 13px/1.45 ui-monospace, monospace; min-height: 18rem; }
  button { font: inherit; padding: 0.45rem 1.2rem; border: 0; border-radius: 4px; background: var(--brand);
           color: #fff; cursor: pointer; align-self: flex-start; }
  .hint { color: var(--muted); font-size: 0.85rem; margin: 0.5rem 0 1.25rem; }
  main.attacker .hint { color: #cbd2d9; }
  .balance { font-size: 2rem; font-weight: 600; margin: 0; }
  table { width: 100%; border-collapse: collapse; background: #fff; border: 1px solid var(--line); margin: 0.5rem 0; }
  th, td { text-align: left; padding: 0.45rem 0.7rem; border-bottom: 1px solid var(--line); vertical-align: top; }
  th { background: #f3eeea; font-size: 0.85rem; color: var(--muted); }
  td.detail { font-size: 0.85rem; word-break: break-all; }
  .result, .error, .ok { padding: 0.7rem 1rem; border-radius: 6px; background: #fff; border: 1px solid var(--line); }
  .error { border-color: #e12d39; color: #8a041a; background: #ffe3e3; }
  .ok { border-color: #3ebd93; background: #effcf6; }
  pre.detail { white-space: pre-wrap; font-size: 0.8rem; margin: 0.5rem 0 0; }
  code.url { user-select: all; }
`;

/** The page frame; `flag` is shown only when the request just exploited the lab. */
export function layout({ lang, active, heading, body, flag, member, attacker = false }) {
  const t = TEXTS[lang];
  const links = member
    ? [
        ['home', './', t.navHome],
        ['transfer', 'transfer', t.navTransfer],
        ['settings', 'settings', t.navSettings],
        ['report', 'report', t.navReport],
      ]
    : [['login', 'login', t.navLogin]];
  const nav = [...links, ['attacker', 'attacker', t.navAttacker]]
    .map(([id, href, label]) => {
      const classes = [id === active && 'active', id === 'attacker' && 'attacker'].filter(Boolean).join(' ');
      return `<a href="${withLang(href, lang)}"${classes ? ` class="${classes}"` : ''}>${label}</a>`;
    })
    .join('');
  const who = member ? `<span data-user="${esc(member.user)}">${esc(t.signedInAs(member.name[lang]))}</span>` : '';
  const flagShown = flag ? flagBox({ title: t.flagTitle, lead: t.flagLead, flag }) : '';
  return framePage({
    lang,
    t,
    style: STYLE,
    nav,
    afterNav: who,
    mainClass: attacker ? 'attacker' : '',
    heading,
    body,
    flag: flagShown,
  });
}

const points = (n) => Number(n).toLocaleString('en-US');

function hiddenInputs(fields) {
  return fields.map(([name, value]) => `<input type="hidden" name="${esc(name)}" value="${esc(value)}">`).join('\n');
}

/**
 * What a change request came to: `{ ok: message }`, `{ error: code }` (the shop refused the input), `{ refused:
 * reason }` (the learner's checkRequest), `{ handlerError: message }` or `{ signedOut: true }`.
 */
function outcomeBox(t, outcome) {
  if (!outcome) return '';
  if (outcome.ok) return `<p class="ok" data-result="ok">${esc(outcome.ok)}</p>`;
  if (outcome.error)
    return `<p class="error" data-result="error" data-code="${outcome.error}">${t.errors[outcome.error]}</p>`;
  if (outcome.signedOut) return `<p class="error" data-result="signed-out">${t.signInFirst}</p>`;
  if (outcome.refused !== undefined) {
    return `<div class="error" data-result="refused">${t.refused}<pre class="detail">${t.refusedReason} ${esc(outcome.refused)}</pre></div>`;
  }
  return `<div class="error" data-result="handler-error">${t.handlerError}<pre class="detail">${esc(outcome.handlerError)}</pre></div>`;
}

/** The hidden fields from the learner's formFields, or the reason they could not be made. */
function formFieldsHtml(t, fields) {
  if (fields.error)
    return `<div class="error" data-result="handler-error">${t.handlerError}<pre class="detail">${esc(fields.error)}</pre></div>`;
  return hiddenInputs(fields.entries);
}

export function homePage({ lang, member, history, members, flag }) {
  const t = TEXTS[lang];
  const name = (user) => esc(members(user)?.name[lang] ?? user);
  const rows = history.map(
    (h) =>
      `<tr data-history><td>${esc(h.at.toISOString().slice(0, 16).replace('T', ' '))}</td><td>${name(h.from)}</td><td>${name(h.to)}</td><td>${t.pointsUnit(points(h.amount))}</td></tr>`,
  );
  const table = rows.length
    ? `<table><thead><tr>${t.historyColumns.map((c) => `<th>${c}</th>`).join('')}</tr></thead><tbody>${rows.join('')}</tbody></table>`
    : `<p class="result">${t.historyEmpty}</p>`;
  const body = `<p class="hint">${t.homeLead}</p>
<h2>${t.balance}</h2><p class="balance" data-points="${member.points}">${t.pointsUnit(points(member.points))}</p>
<h2>${t.notifyEmail}</h2><p data-email="${esc(member.email)}">${esc(member.email)}</p>
<h2>${t.historyTitle}</h2>${table}`;
  return layout({ lang, active: 'home', heading: member.name[lang], body, member, flag });
}

export function transferPage({ lang, member, colleagues, fields, outcome }) {
  const t = TEXTS[lang];
  const options = colleagues
    .map((c) => `<option value="${esc(c.user)}">${esc(c.name[lang])}（${esc(c.dept[lang])}）</option>`)
    .join('');
  const body = `<p class="hint">${t.transferLead}</p>${outcomeBox(t, outcome)}
<p>${t.balance}: <strong data-points="${member.points}">${t.pointsUnit(points(member.points))}</strong></p>
<form method="post" action="transfer?lang=${lang}" data-form="transfer">
${formFieldsHtml(t, fields)}
<label>${t.recipient}<select name="to" required>${options}</select></label>
<label>${t.amount}<input name="amount" inputmode="numeric" maxlength="6" required></label>
<button>${t.transferButton}</button></form>`;
  return layout({ lang, active: 'transfer', heading: t.navTransfer, body, member });
}

export function settingsPage({ lang, member, fields, outcome }) {
  const t = TEXTS[lang];
  const body = `<p class="hint">${t.settingsLead}</p>${outcomeBox(t, outcome)}
<form method="post" action="settings?lang=${lang}" data-form="settings">
${formFieldsHtml(t, fields)}
<label>${t.emailLabel}<input name="email" type="email" value="${esc(member.email)}" maxlength="254" required></label>
<button>${t.settingsButton}</button></form>`;
  return layout({ lang, active: 'settings', heading: t.navSettings, body, member });
}

/** A change refused before any form was shown: signed out, bad input to an override link. */
export function outcomePage({ lang, heading, member, outcome }) {
  return layout({ lang, active: '', heading, body: outcomeBox(TEXTS[lang], outcome), member });
}

export function loginPage({ lang, username, failed, demo }) {
  const t = TEXTS[lang];
  const accounts = demo
    .map(
      ([user, password, you]) =>
        `<li><code>${esc(user)}</code> / <code>${esc(password)}</code>（${you ? t.demoYou : t.demoColleague}）</li>`,
    )
    .join('');
  const body = `<p class="hint">${t.loginLead}</p>
<p>${t.demoAccounts}:</p><ul>${accounts}</ul>
${failed ? `<p class="error" data-login="failed">${t.loginFailed}</p>` : ''}
<form method="post" action="login?lang=${lang}">
<label>${t.username}<input name="username" value="${esc(username ?? '')}" autocomplete="username" maxlength="100" required></label>
<label>${t.password}<input name="password" type="password" autocomplete="current-password" maxlength="200" required></label>
<button>${t.loginButton}</button></form>`;
  return layout({ lang, active: 'login', heading: t.navLogin, body });
}

/** `log`: the emulated browser's lines, after a report. */
export function reportPage({ lang, member, url, message, log, attackerUrl, shopUrl, flag }) {
  const t = TEXTS[lang];
  let visit = '';
  if (log) {
    const rows = log.map(
      (line) =>
        `<tr data-visit-row data-status="${line.status}"><td class="detail">${esc(line.request)}</td><td>${line.status || '—'}</td><td class="detail">${esc(line.detail)}</td></tr>`,
    );
    const nothing = log.some((line) => line.toShop) ? '' : `<p class="hint">${t.visitNothing}</p>`;
    visit = `<h2>${t.visitTitle}</h2>
<table data-visit><thead><tr>${t.visitColumns.map((c) => `<th>${c}</th>`).join('')}</tr></thead><tbody>${rows.join('')}</tbody></table>
${nothing}`;
  }
  const body = `<p class="hint">${t.reportLead}</p>
<p class="hint">${t.reportHintAttacker(`<code class="url">${esc(attackerUrl)}</code>`)} ${t.reportHintShop(`<code class="url">${esc(shopUrl)}</code>`)}</p>
<form method="post" action="report?lang=${lang}">
<label>${t.reportUrl}<input name="url" value="${esc(url ?? attackerUrl)}" maxlength="500" required></label>
<label>${t.reportMessage}<textarea name="message" maxlength="2000" rows="3">${esc(message ?? '')}</textarea></label>
<button>${t.reportButton}</button></form>${visit}`;
  return layout({ lang, active: 'report', heading: t.navReport, body, member, flag });
}

export function attackerPage({ lang, member, html, attackerUrl, saved }) {
  const t = TEXTS[lang];
  const body = `<p class="hint">${t.attackerLead} <code class="url">${esc(attackerUrl)}</code></p>
<p class="hint">${esc(t.attackerNote)}</p>
${saved ? `<p class="ok" data-result="ok">${t.attackerSaved}</p>` : ''}
<form method="post" action="attacker?lang=${lang}">
<label>${t.attackerHtml}<textarea class="code" name="html" maxlength="65536" spellcheck="false">${esc(html)}</textarea></label>
<button>${t.attackerSave}</button></form>`;
  return layout({ lang, active: 'attacker', heading: t.navAttacker, body, member, attacker: true });
}

/** A plain message page (400, 404, 413, 415). */
export function messagePage({ lang, message }) {
  const t = TEXTS[lang];
  return layout({ lang, active: '', heading: t.title, body: `<p class="error">${esc(message)}</p>` });
}
