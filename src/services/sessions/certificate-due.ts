// The moment a person's PD certificate is due: with the thank-you for their feedback form
// (setting certificate-after-feedback, the default) or when their session ends (off). The
// certificate module registers itself here; until one does, nothing is sent.
import type { Tx } from "../../db/client.js";

export interface CertificateDue {
  workspaceId: string;
  /** The session's row id. */
  sessionId: string;
  userId: string;
}

/** Runs inside the transaction that made the certificate due, so it can queue its DM atomically. */
export type CertificateSender = (db: Tx, due: CertificateDue) => Promise<void>;

const senders: CertificateSender[] = [];

/** Registers what sends a certificate; returns a function that unregisters it. */
export function onCertificateDue(fn: CertificateSender): () => void {
  senders.push(fn);
  return () => {
    const i = senders.indexOf(fn);
    if (i >= 0) senders.splice(i, 1);
  };
}

/** Whether a certificate module is registered (the thank-you promises a certificate only then). */
export const certificatesSent = (): boolean => senders.length > 0;

/** Called once per person and session when their certificate is due. */
export async function certificateDue(db: Tx, due: CertificateDue): Promise<void> {
  // the certificate module registers itself here
  for (const send of senders) await send(db, due);
}
