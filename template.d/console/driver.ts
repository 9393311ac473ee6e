// What the dialog needs from a terminal, as an interface: ask a line, ask a secret without
// echo, pick one of a few values, print a note. The inquirer implementation is the one users
// get; the interface keeps the dialog's logic (order, relevance, re-asking) free of terminal
// code and testable with scripted answers.

/** Returns a message for the user when the answer is not acceptable, undefined when it is. */
export type Validate = (value: string) => string | undefined;

/** One entry of a numbered choice: the value returned and the text shown. */
export interface Choice {
  value: string;
  label: string;
}

/** Why: the terminal side of the dialog, so the dialog itself stays pure and testable. */
export interface PromptDriver {
  /** A line of text; `validate` failures are shown and the question stays open. */
  text(message: string, validate: Validate): Promise<string>;
  /** A line typed without echo. */
  secret(message: string, validate: Validate): Promise<string>;
  /** One of `choices`, chosen by its number. */
  choose(message: string, choices: Choice[]): Promise<string>;
  /** A line of information between questions. */
  note(line: string): void;
}

/** The dialog was stopped from outside (another source completed first) or by the user. */
export class DialogClosed extends Error {
  override name = 'DialogClosed';
}
