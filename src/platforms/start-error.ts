// A platform that cannot start for a reason the operator can fix (unreachable, refused
// token): main.ts prints the message as one line, with no stack trace.
export class PlatformStartError extends Error {
  override name = "PlatformStartError";
}
