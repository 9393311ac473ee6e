// The runner <-> module contract as JSON Schemas (house style: write the wire surface down as
// data). A module's `--enumerate` output, its returned parameter set and its `--dry-run` output
// are checked here before the runner trusts them. Field names: shared spec template-config.md
// ("Descriptor fields") and docs/module-protocol.md ("Dry run").
import { Ajv, type ValidateFunction } from 'ajv';
import type { Descriptor, Params } from './descriptor.js';

const descriptorSchema = {
  type: 'object',
  required: ['key'],
  properties: {
    key: { type: 'string', minLength: 1 },
    description: { type: 'string' },
    hidden: { type: 'boolean' },
    password: { type: 'boolean' },
    required: { type: 'boolean' },
    depends: { type: 'string', minLength: 1 },
    choices: { type: 'array', items: { type: 'string' } },
    requires: {
      type: 'array',
      minItems: 2,
      maxItems: 2,
      items: [{ type: 'string', minLength: 1 }, { type: 'array', items: { type: ['string', 'null'] } }],
    },
    format: { type: 'string' },
  },
} as const;

export const DESCRIPTORS_SCHEMA = { type: 'array', items: descriptorSchema } as const;

/** Oracle's protocol: every value of a parameter set is a string. */
export const PARAMS_SCHEMA = { type: 'object', additionalProperties: { type: 'string' } } as const;

const stepSchema = {
  type: 'object',
  required: ['action'],
  properties: {
    action: { enum: ['write', 'remove', 'symlink', 'mkdir', 'run'] },
    path: { type: 'string' },
    target: { type: 'string' },
    mode: { type: 'string' },
    diff: { type: 'string' },
    secret: { type: 'boolean' },
    argv: { type: 'array', items: { type: 'string' } },
    live: { type: 'boolean' },
    whenActive: { type: 'string' },
    queuesJob: { type: 'boolean' },
    skipped: { type: 'string' },
  },
} as const;

export const DRY_RUN_SCHEMA = {
  type: 'object',
  required: ['parameters', 'plan'],
  properties: { parameters: PARAMS_SCHEMA, plan: { type: 'array', items: stepSchema } },
} as const;

export interface PlanStep {
  action: 'write' | 'remove' | 'symlink' | 'mkdir' | 'run';
  path?: string;
  target?: string;
  mode?: string;
  diff?: string;
  secret?: boolean;
  argv?: string[];
  live?: boolean;
  whenActive?: string;
  /** A systemctl job: queued with --no-block while the system is still booting. */
  queuesJob?: boolean;
  skipped?: string;
}

export interface DryRunOutput {
  parameters: Params;
  plan: PlanStep[];
}

type Checker<T> = (value: unknown) => { ok: true; value: T } | { ok: false; error: string };

function checker<T>(schema: object): Checker<T> {
  let validate: ValidateFunction | undefined;
  return (value) => {
    validate ??= new Ajv({ allErrors: false, strictTuples: false }).compile(schema);
    if (validate(value)) return { ok: true, value: value as T };
    const first = validate.errors?.[0];
    const where = first?.instancePath ? `at ${first.instancePath}: ` : '';
    return { ok: false, error: `${where}${first?.message ?? 'does not match the schema'}` };
  };
}

/** Why: a module that prints a malformed descriptor list is reported, not trusted. */
export const checkDescriptors: Checker<Descriptor[]> = checker(DESCRIPTORS_SCHEMA);
/** Why: a module's returned set feeds the next module, so it must be string values only. */
export const checkParams: Checker<Params> = checker(PARAMS_SCHEMA);
/** Why: a dry-run plan is shown to a person; a malformed one is a module failure. */
export const checkDryRun: Checker<DryRunOutput> = checker(DRY_RUN_SCHEMA);
