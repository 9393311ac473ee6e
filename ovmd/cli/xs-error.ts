// How the ovmd and ovm-vmmessage commands word a failed xenstore request for a person at a shell:
// the client's own message (ovmd/client: RequestTimeoutError ERR_XS_TIMEOUT after its request
// timeout, ConnectionClosedError ERR_XS_CONNECTION_CLOSED) plus what to do about it.
import { ConnectionClosedError, RequestTimeoutError } from '../client/index.js';

/** Why: one wording for "xenstore did not answer / went away" in every command. */
export function describeXsError(error: unknown, command: string): string {
  const text = error instanceof Error ? error.message : String(error);
  if (error instanceof RequestTimeoutError) {
    return `${text}. Check that xenstored runs and answers (e.g. xenstore-ls /local/domain), then run ${command} again; ` +
      'a message that was being sent may have arrived, so list what is there before sending it twice';
  }
  if (error instanceof ConnectionClosedError) {
    return `${text}: xenstored stopped or restarted while ${command} was working; run it again once xenstored is up`;
  }
  return text;
}
