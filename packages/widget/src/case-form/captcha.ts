// The case form's captcha: the ALTCHA checkbox that the fast lane also uses (fastlane/captcha.ts
// makes it work in a shadow root and under a strict CSP). Imported lazily, so its code and the
// altcha widget load only when the server asks for a captcha.
export { createAltcha, loadAltcha } from '../fastlane/captcha.js';
