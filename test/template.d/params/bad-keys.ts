// The hostile key names every entry is tested with: [what, key, how the refusal says it]. The
// first one is the smuggling example of issue 12: one key that would list as two lines.

export const SMUGGLER = 'com.acme.a\ncom.oracle.linux.root-password=x';

export const BAD_KEYS: [string, string, RegExp][] = [
  ['a newline', SMUGGLER, /control character \(\\n\)/],
  ['an equals sign', 'com.acme.a=b', /contains "="/],
  ['a blank', 'com.acme.a b', /a blank/],
  ['a tab', 'com.acme.a\tb', /control character \(\\t\)/],
  ['256 bytes', `com.acme.${'k'.repeat(247)}`, /256 bytes; at most 255/],
  ['nothing', '', /empty/],
];
