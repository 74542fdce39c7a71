// What the `ayuda` command runs, loaded by cli.ts only once a command's arguments are read and
// checked: the server, the database and the services. Loading them takes most of the command's
// start-up, which a refused option or `ayuda --help` need not wait for.
export { importKbAtStart, openConfiguredDatabase, SHUTDOWN_DEADLINE_MS, startServer } from './server.js';
export { createApp } from './app.js';
export { loadTestHooks } from './testing/hooks.js';
export { KbExportError, KbImportConflictError, KbService } from './kb/service.js';
export { StaffTokens } from './staff/tokens.js';
export { StaffAuth } from './staff/service.js';
export { AuditLog } from './staff/audit.js';
export { seedDemoCases } from './demo/cases.js';
export { seedDemoAppointments } from './demo/appointments.js';
export { generateHistory, historyLine, HistoryRefused, removeHistory, shortError } from './demo/history.js';
