// The private token of an appointment's customer links (manage page, cancel, reschedule, .ics):
// the appointment's id and an HMAC of it with the server's secret, so any later mail (the
// reminder) can give the same link again without the database keeping the token itself.
import { createHmac } from 'node:crypto';

export class AppointmentTokens {
  readonly #secret: string;

  constructor(secret: string) {
    this.#secret = secret;
  }

  /** `<32 hex of the uuid without dashes><22 chars base64url of the first 128 bits of HMAC-SHA256(secret, 'ayuda-appointment:1:' + id)>`. */
  manage(id: string): string {
    const mac = createHmac('sha256', this.#secret).update(`ayuda-appointment:1:${id}`).digest().subarray(0, 16).toString('base64url');
    return `${id.replace(/-/g, '').toLowerCase()}${mac}`;
  }
}
