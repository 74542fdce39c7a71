// Registers the appointments screen and its parts (a chunk of its own, loaded when it is opened).
import { define } from '../internal/define.js';
import { AyudaAppointments } from '../appointments/appointments.js';
import { AyudaAppointmentCalendar } from '../appointments/calendar.js';
import { AyudaAppointmentDetail } from '../appointments/detail.js';
import { AyudaAppointmentTypes } from '../appointments/types.js';
import { AyudaAvailability } from '../appointments/availability.js';
import { AyudaCalendarFeed } from '../appointments/feed.js';

define('ayuda-appointments', AyudaAppointments);
define('ayuda-appointment-calendar', AyudaAppointmentCalendar);
define('ayuda-appointment-detail', AyudaAppointmentDetail);
define('ayuda-appointment-types', AyudaAppointmentTypes);
define('ayuda-availability', AyudaAvailability);
define('ayuda-calendar-feed', AyudaCalendarFeed);
