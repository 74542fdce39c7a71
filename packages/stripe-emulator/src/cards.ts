// Stripe's test card numbers and what each one does in the emulator.

/** What happens when a card is charged. */
export type CardBehaviour =
  | { kind: 'succeeds' }
  /** Declined on every charge. */
  | { kind: 'declines'; code: string; declineCode?: string; message: string }
  /** The first payment (at checkout) succeeds; later off-session charges are declined. */
  | { kind: 'fails_after_attach' };

export interface TestCard {
  number: string;
  brand: 'visa' | 'mastercard' | 'amex';
  behaviour: CardBehaviour;
  description: string;
}

const declined = (declineCode: string, message = 'Your card was declined.'): CardBehaviour => ({
  kind: 'declines',
  code: 'card_declined',
  declineCode,
  message,
});

/** The test cards the emulator knows, by number. Documented in docs/stripe-emulator.md. */
export const TEST_CARDS: readonly TestCard[] = [
  { number: '4242424242424242', brand: 'visa', behaviour: { kind: 'succeeds' }, description: 'Succeeds.' },
  { number: '5555555555554444', brand: 'mastercard', behaviour: { kind: 'succeeds' }, description: 'Succeeds (Mastercard).' },
  { number: '4000000000000002', brand: 'visa', behaviour: declined('generic_decline'), description: 'Declined: generic_decline.' },
  {
    number: '4000000000009995',
    brand: 'visa',
    behaviour: declined('insufficient_funds', 'Your card has insufficient funds.'),
    description: 'Declined: insufficient_funds.',
  },
  {
    number: '4000000000009987',
    brand: 'visa',
    behaviour: declined('lost_card'),
    description: 'Declined: lost_card.',
  },
  {
    number: '4000000000000069',
    brand: 'visa',
    behaviour: { kind: 'declines', code: 'expired_card', message: 'Your card has expired.' },
    description: 'Declined: expired_card.',
  },
  {
    number: '4000000000000127',
    brand: 'visa',
    behaviour: { kind: 'declines', code: 'incorrect_cvc', message: "Your card's security code is incorrect." },
    description: 'Declined: incorrect_cvc.',
  },
  {
    number: '4000000000000341',
    brand: 'visa',
    behaviour: { kind: 'fails_after_attach' },
    description: 'Pays at checkout, then every later charge (a renewal) is declined.',
  },
];

/** A card as entered on the checkout page or sent to `/_emulator/checkout/:id/pay`. */
export interface CardInput {
  number: string;
  /** 1-12; defaults to 12. */
  expMonth?: number;
  /** Four digits; defaults to next year. */
  expYear?: number;
  /** Defaults to "123". */
  cvc?: string;
  name?: string;
}

export interface CardCheckFailure {
  code: string;
  message: string;
  param: string;
  declineCode?: string;
}

function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

export function normaliseNumber(number: string): string {
  return number.replace(/[\s-]/g, '');
}

/** Validates the card's format; returns the failure Stripe would report, or the matching test card. */
export function checkCard(card: CardInput, now: Date): TestCard | CardCheckFailure {
  const number = normaliseNumber(card.number);
  if (!/^\d{12,19}$/.test(number) || !luhn(number)) {
    return { code: 'incorrect_number', message: 'Your card number is incorrect.', param: 'number' };
  }
  const month = card.expMonth ?? 12;
  const year = card.expYear ?? now.getUTCFullYear() + 1;
  if (!Number.isInteger(month) || month < 1 || month > 12) {
    return { code: 'invalid_expiry_month', message: "Your card's expiration month is invalid.", param: 'exp_month' };
  }
  const thisYear = now.getUTCFullYear();
  if (!Number.isInteger(year) || year < thisYear || (year === thisYear && month < now.getUTCMonth() + 1)) {
    return { code: 'invalid_expiry_year', message: "Your card's expiration year is invalid.", param: 'exp_year' };
  }
  if (card.cvc !== undefined && !/^\d{3,4}$/.test(card.cvc)) {
    return { code: 'invalid_cvc', message: "Your card's security code is invalid.", param: 'cvc' };
  }
  const known = TEST_CARDS.find((c) => c.number === number);
  if (!known) {
    return {
      code: 'card_declined',
      declineCode: 'test_mode_live_card',
      message:
        'Your card was declined. Your request was in test mode, but used a non test card. For a list of valid test cards, visit: https://docs.stripe.com/testing.',
      param: 'number',
    };
  }
  return known;
}

export function isCardFailure(x: TestCard | CardCheckFailure): x is CardCheckFailure {
  return 'code' in x;
}
