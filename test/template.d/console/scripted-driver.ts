// A PromptDriver that answers from a script, for the dialog's logic without a terminal. It
// applies `validate` exactly as the inquirer driver does (a refused answer keeps the question
// open and the next scripted answer is tried) and records every question and message, so tests
// can assert what was asked, in what order, and what the user was told.
import type { PromptDriver, Validate } from '../../../template.d/console/driver.js';
import { MODULES } from '../../../modules/registry.js';
import type { ModuleDescriptors } from '../../../template.d/params/validate-set.js';

export interface Asked {
  kind: 'text' | 'secret';
  message: string;
}

export class ScriptedDriver implements PromptDriver {
  readonly asked: Asked[] = [];
  readonly notes: string[] = [];
  readonly refusals: string[] = [];

  constructor(private readonly answers: string[]) {}

  private next(): string {
    const answer = this.answers.shift();
    if (answer === undefined) throw new Error(`script ran out of answers at: ${this.asked.at(-1)?.message}`);
    return answer;
  }

  private async until(validate: Validate): Promise<string> {
    for (;;) {
      const answer = this.next();
      const problem = validate(answer);
      if (problem === undefined) return answer;
      this.refusals.push(problem);
    }
  }

  text(message: string, validate: Validate): Promise<string> {
    this.asked.push({ kind: 'text', message });
    return this.until(validate);
  }

  secret(message: string, validate: Validate): Promise<string> {
    this.asked.push({ kind: 'secret', message });
    return this.until(validate);
  }

  note(line: string): void {
    this.notes.push(line);
  }

  /** Answers the script did not use (a test expects none). */
  get left(): string[] {
    return [...this.answers];
  }
}

/** The built-in modules' configure descriptors, in run order (priority, then name). */
export function builtinConfigure(): ModuleDescriptors[] {
  return MODULES.filter((m) => m.priorities.configure !== undefined)
    .sort((a, b) => a.priorities.configure! - b.priorities.configure! || a.name.localeCompare(b.name))
    .map((m) => ({ name: m.name, descriptors: m.parameters.configure ?? [] }));
}
