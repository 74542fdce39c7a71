// Stripe.js's loader, in its own chunk: loaded only for embedded checkout (a server with a
// publishable key). `loadStripe` then adds https://js.stripe.com/ to the page.
export { loadStripe } from '@stripe/stripe-js';
