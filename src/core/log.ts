// Structured logs with pino. Log ids, counts and command names; never message text, notes
// or mentee names (the confidentiality tests read captured logs).
import pino from "pino";

export type Logger = pino.Logger;

export function createLogger(level = "info", destination?: pino.DestinationStream): Logger {
  return pino(
    { level, base: undefined, redact: { paths: ["*.text", "*.notes", "*.mentee", "*.payload"], censor: "[redacted]" } },
    destination ?? pino.destination(2),
  );
}
