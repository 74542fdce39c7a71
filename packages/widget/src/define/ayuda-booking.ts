// Registers <ayuda-booking>. Importing this file is the only side effect of the component;
// the panel imports it only when the customer opens "Book a call".
import { AyudaBooking } from '../booking/booking.js';
import { define } from '../internal/define.js';

define('ayuda-booking', AyudaBooking);
