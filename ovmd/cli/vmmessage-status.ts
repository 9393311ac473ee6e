// ovm-vmmessage --status [--wait SECS]: the guest's latest ovmd.run-result as a readable summary
// and an exit status (run-status.ts), waiting up to SECS for a final state when one is running
// or none has come yet. The wait watches from-guest/last-write, as -q --wait does.
import type { XenstoreClient } from '../client/index.js';
import { RUN_RESULT_KEY } from '../daemon/report-keys.js';
import { queryFromGuest } from '../vmapi/host.js';
import { renderStatus, statusCode, STATUS_EXIT } from './run-status.js';
import { isFinalResult, waitForAnswer } from './vmmessage-query.js';

/** Why: "did the guest's configuration finish, and how?" in one command, without parsing JSON. */
export async function showStatus(xs: XenstoreClient, domid: number, waitSec: number, err: (line: string) => void, out: (text: string) => void): Promise<number> {
  const wanted = `a final ${RUN_RESULT_KEY}`;
  const note = () => err(`waiting up to ${waitSec} s for ${wanted} from domain ${domid}\n`);
  const final = await waitForAnswer(xs, domid, { key: RUN_RESULT_KEY, after: 0, accept: isFinalResult, waitSec, wanted }, note);
  const value = final ?? (await queryFromGuest(xs, domid, RUN_RESULT_KEY));
  out(renderStatus(value, domid));
  const code = statusCode(value);
  if (code === STATUS_EXIT.pending && waitSec > 0) err(`ovm-vmmessage: no final ${RUN_RESULT_KEY} from domain ${domid} within ${waitSec} s\n`);
  return code;
}
