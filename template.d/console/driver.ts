// What the dialog needs from a terminal, as an interface: ask a line, ask a secret without
// echo, print a note. Everything the user reads (prompts, choice lists, hints, refusals) is
// built by the dialog, so the inquirer driver and the line driver say exactly the same thing;
// the interface keeps the dialog's logic (order, relevance, re-asking) free of terminal code and
// testable with scripted answers.

/** Returns a message for the user when the answer is not acceptable, undefined when it is. */
export type Validate = (value: string) => string | undefined;

/** What the answered line shows for what was typed. */
export type Shown = (typed: string) => string;

/** Why: the terminal side of the dialog, so the dialog itself stays pure and testable. */
export interface PromptDriver {
  /**
   * A line of text; `validate` failures are shown and the question stays open. `shown` turns the
   * accepted answer into what the answered line shows (the value Enter alone takes, the value a
   * choice's number stands for); without it the line shows what was typed.
   */
  text(message: string, validate: Validate, shown?: Shown): Promise<string>;
  /** A line typed without echo. */
  secret(message: string, validate: Validate): Promise<string>;
  /** A line of information between questions. */
  note(line: string): void;
}

/** The dialog was stopped from outside (another source completed first) or by the user. */
export class DialogClosed extends Error {
  override name = 'DialogClosed';
}
