// The console dialog and key names: a module that declares a key no entry would accept is
// named and refused before a question is asked; the first-boot dialog never asks such a key.
import { describe, expect, it } from 'vitest';
import { consoleSource } from '../../../template.d/console/console-source.js';
import { firstBootDialog } from '../../../template.d/console/first-boot-source.js';
import { buildQuestions, questionKeyProblems } from '../../../template.d/console/questions.js';
import { ParamInputError } from '../../../template.d/params/sources.js';
import { BAD_KEYS } from '../params/bad-keys.js';
import { ScriptedDriver } from './scripted-driver.js';

const modules = (key: string) => [{ name: 'shady', descriptors: [{ key: 'com.example.fine', description: 'Fine' }, { key, description: 'Bad' }] }];

describe('console questions and key names', () => {
  it.each(BAD_KEYS)('a declared key with %s is never asked, and the module is named', (_, key, reason) => {
    expect(buildQuestions(modules(key)).map((q) => q.key)).toEqual(['com.example.fine']);
    const problems = questionKeyProblems(modules(key));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^module "shady" declares /);
    expect(problems[0]).toMatch(reason);
  });

  it('--console-input refuses before asking anything', async () => {
    const driver = new ScriptedDriver(['answer']);
    const source = consoleSource({ driver });
    const read = source.read({ target: 'configure', modules: modules('com.acme.a\ncom.oracle.linux.root-password') });
    await expect(read).rejects.toThrow(ParamInputError);
    await expect(read).rejects.toThrow(/--console-input: module "shady" declares key "com\.acme\.a\\ncom/);
    expect(driver.asked).toEqual([]);
  });

  it('the first-boot dialog asks the other questions and says which key it leaves out', async () => {
    const driver = new ScriptedDriver(['fine-answer', 'apply']);
    const submitted: Record<string, string>[] = [];
    const source = firstBootDialog({ loadModules: async () => modules('com.acme.a b'), driver: () => driver })!;
    await source.start({ missing: async () => [], submit: async (p) => void (submitted.push(p), source.stop()) });
    expect(submitted).toEqual([{ 'com.example.fine': 'fine-answer' }]);
    expect(driver.notes[0]).toMatch(/^Not asked: module "shady" declares key "com\.acme\.a\\x20b" contains a blank/);
  });
});
