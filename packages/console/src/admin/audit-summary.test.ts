import { expect } from 'chai';
import { summariseAudit, targetHref } from './audit-summary.js';
import { strings } from './i18n.js';

const en = strings.en.audit;
const es = strings.es.audit;

describe('audit entries in words', () => {
  it('says of a draft’s save its title and what changed, never its text; a new article and an unchanged save say so', () => {
    // Keys as jsonb gives them back (shorter first), not in the form's order.
    const saved = { title: 'Router setup', created: false, changed: ['title', 'visibility', 'body'], before: { visibility: 'public', title: 'Router' }, after: { visibility: 'internal', title: 'Router setup' } };
    expect(summariseAudit({ action: 'kb.draft.save', data: saved }, en)).to.deep.equal({
      action: 'Article draft saved',
      lines: ['“Router setup”', 'Title: Router → Router setup', 'Visibility: public → internal', 'Text: changed'],
      more: 0,
    });
    expect(summariseAudit({ action: 'kb.draft.save', data: { ...saved, created: true, changed: [], before: {}, after: {} } }, es).lines).to.deep.equal(['«Router setup»', 'Artículo nuevo']);
    expect(summariseAudit({ action: 'kb.draft.save', data: { ...saved, changed: [], before: {}, after: {} } }, en).lines).to.deep.equal(['“Router setup”', 'Saved with no change']);
  });

  it('reads an old draft’s save (the whole request kept) by its title, saying which fields changed was not recorded', () => {
    const old = { body: { title: 'Pagar', category: 'billing', tags: [], visibility: 'public', type: 'article', translation: null, body: 'Largo '.repeat(200) } };
    expect(summariseAudit({ action: 'kb.draft.save', data: old }, es).lines).to.deep.equal(['«Pagar»', 'Qué campos cambiaron no se registraba aún']);
  });

  it('lists what other requests set, labelled and cut short, up to four lines and a count of the rest; an unknown action by its name', () => {
    const reply = summariseAudit({ action: 'case.reply', data: { body: { body: `Hola ${'a'.repeat(300)}`, internal: true } } }, en);
    expect(reply.action).to.equal('Reply or note on a case');
    expect(reply.lines).to.have.length(2);
    expect(reply.lines[0]!.length).to.be.at.most('Text: '.length + 60);
    expect(reply.lines[1]).to.equal('Internal note: yes');
    const status = summariseAudit({ action: 'case.status', data: { body: { status: 'solved' } } }, es, { format: (k) => (k === 'status' ? (v) => (v === 'solved' ? 'Resuelto' : undefined) : undefined) });
    expect(status.lines).to.deep.equal(['Estado: Resuelto']);
    const other = summariseAudit({ action: 'brand.new', data: { a: 1, b: 2, c: 3, d: 4, e: 5 } }, en);
    expect(other).to.deep.equal({ action: 'brand.new', lines: ['A: 1', 'B: 2', 'C: 3', 'D: 4'], more: 1 });
    expect(summariseAudit({ action: 'staff.sign-out', data: {} }, en)).to.deep.equal({ action: 'Signed out', lines: [], more: 0 });
    expect(summariseAudit({ action: 'kb.synonyms.replace', data: { body: { truncated: true, json: '{"es":[' } } }, en).lines).to.deep.equal(['Request too long to keep whole']);
  });

  it('links a case, an article and a settings section to their screens; anything else, or a malformed one, is text', () => {
    expect(targetHref('case:NF-000123')).to.equal('#/cases/NF-000123');
    expect(targetHref('kb:en/reset-router')).to.equal('#/kb/en/reset-router');
    expect(targetHref('settings:company')).to.equal('#/settings/company');
    expect(targetHref('setting:sla')).to.equal('#/settings/sla');
    for (const t of [null, 'user:2', 'refund:4', 'case:nf-1', 'kb:fr/x', 'kb:es/../x', 'request.replace']) expect(targetHref(t), String(t)).to.equal(null);
  });
});
