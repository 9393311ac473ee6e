// firewall: turns the family's firewall service(s) on or off at first boot (shared spec
// modules.md, "firewall — configure: 41"). "True" enables and starts them, "False" stops and
// disables them; as in Oracle's module, an absent key or any other value does nothing (and the
// log says so). On el7/el8 the iptables services stand in when firewalld is not installed.
import { FAMILIES } from './lib/distro.js';
import { serviceChanges, serviceInstalled } from './lib/services.js';
import { InputError, type Change, type ModuleContext, type ModuleDeclaration, type Outcome, type Params } from './lib/types.js';

const KEY = 'com.oracle.linux.network.firewall';

/** The services this root would use, or [] when none of them is installed. */
function firewallServices(ctx: ModuleContext): string[] {
  const { services, fallback } = FAMILIES[ctx.family].firewall;
  for (const set of [services, fallback]) {
    if (set.length > 0 && set.every((s) => serviceInstalled(ctx, s))) return set;
  }
  return [];
}

function configure(ctx: ModuleContext, params: Params): Outcome {
  const value = params[KEY];
  if (value !== 'True' && value !== 'False') {
    if (value === undefined || value === '') ctx.log.info(`${KEY} is not set: firewall left as it is`);
    // A value sent but ignored is worth a warning (ovm-template-config --check shows it): "true"
    // is most likely a mistyped "True".
    else ctx.log.warn(`${KEY} is "${value}", neither "True" nor "False": firewall left as it is${/^(true|false)$/i.test(value) ? ` (did you mean "${value[0]!.toUpperCase()}${value.slice(1).toLowerCase()}"?)` : ''}`);
    return { changes: [] };
  }
  const on = value === 'True';
  const services = firewallServices(ctx);
  if (services.length === 0) {
    const wanted = [...FAMILIES[ctx.family].firewall.services, ...FAMILIES[ctx.family].firewall.fallback].join(', ');
    // Asked for a firewall that cannot exist: a refusal the host must hear about, naming the key.
    if (on) {
      throw new InputError(KEY, `is True, but no firewall service is installed under ${ctx.root} (looked for ${wanted}); install one first, or send False`);
    }
    ctx.log.info(`no firewall service is installed (looked for ${wanted}): nothing to turn off`);
    return { changes: [] };
  }
  if (!ctx.live) ctx.log.info(`${ctx.root} is not the running system: only ${on ? 'enabling' : 'disabling'} ${services.join(', ')}, no ${on ? 'start' : 'stop'}`);
  const changes: Change[] = services.flatMap((s) => serviceChanges(ctx, s, on, `${KEY}=${value}`));
  return { changes };
}

const firewall: ModuleDeclaration = {
  name: 'firewall',
  description: 'Turns the firewall service on or off: firewalld, or the iptables and ip6tables services.',
  priorities: { configure: 41 },
  parameters: {
    configure: [
      {
        key: KEY,
        description: 'Firewall on or off at boot: True or False (any other value leaves it alone)',
        hidden: true,
      },
    ],
  },
  handlers: { configure },
};

export default firewall;
