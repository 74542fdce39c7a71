import { expect } from 'chai';
import { sendKeys } from '@web/test-runner-commands';
import '../define/ayuda-categories.js';
import type { AyudaCategories } from './categories.js';
import { $, $$, AYUDA, cleanup, expectAccessible, fixture, nextEvent, waitFor } from '../test-helpers.js';

const mount = (attrs = '') => fixture<AyudaCategories>(`<ayuda-categories server="${AYUDA.server}" ${attrs}></ayuda-categories>`);
const items = (el: AyudaCategories) => $$<HTMLAnchorElement>(el, '[part=item]');

describe('<ayuda-categories>', () => {
  afterEach(cleanup);

  it('lists the categories with their article counts (plurals through Intl); no axe violations', async () => {
    const el = mount('locale="es"');
    await waitFor(() => items(el).length > 3, 'categories');
    expect($(el, 'h2')!.textContent).to.equal('Temas de ayuda');
    expect(items(el)[0]!.textContent).to.match(/^Facturación y pagos\d+ artículos$/);
    expect($(el, '[part=count]')!.textContent).to.match(/^\d+ artículos?$/);
    await expectAccessible(el, 'categories');
  });

  it('opens a category with the keyboard and shows its articles in place', async () => {
    const el = mount('locale="en"');
    await waitFor(() => items(el).length > 3, 'categories');
    const nav = nextEvent<{ kind: string; category: string }>(el, 'ayuda-navigate');
    items(el)[0]!.focus();
    await sendKeys({ press: 'Enter' });
    expect((await nav).detail).to.deep.equal({ kind: 'category', locale: 'en', category: 'billing' });
    await waitFor(() => $(el, 'h2')?.textContent === 'Billing and payments', 'the category');
    expect(el.category).to.equal('billing');
    expect(items(el).length).to.be.greaterThan(2);
    expect(items(el)[0]!.href).to.match(/\/help\/en\/articles\//);
    await expectAccessible(el, 'one category');
  });

  it('shows an error with a retry button when the server cannot be reached', async () => {
    const el = fixture<AyudaCategories>(`<ayuda-categories server="http://127.0.0.1:9" locale="en"></ayuda-categories>`);
    await waitFor(() => $(el, '[part=retry-button]'), 'retry button', 10_000);
    await expectAccessible(el, 'offline');
  });
});
